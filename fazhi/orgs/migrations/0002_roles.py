"""Create the six roles of DESIGN.md §5 as groups named by their Chinese labels."""

from django.db import migrations

ROLE_LABELS = ["系统管理员", "安全管理员", "审计管理员", "司法局工作人员", "单位填报员", "领导"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_LABELS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
