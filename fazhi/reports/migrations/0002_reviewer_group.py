"""The 保密审查员 group holding ``reports.review_confidentiality`` (see fazhi/reports/roles.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="reports", model="annualreport")
    perm, _ = Permission.objects.get_or_create(content_type=ct, codename="review_confidentiality",
                                               defaults={"name": "年度报告保密审查"})
    group, _ = Group.objects.get_or_create(name="保密审查员")
    group.permissions.add(perm)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="保密审查员").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
