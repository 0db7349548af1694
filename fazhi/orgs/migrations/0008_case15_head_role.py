"""The role 机构负责人 (issue 15 item 4): the head who approves the steps the law reserves to them."""

from django.db import migrations


def create_role(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="机构负责人")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0007_gov16_deadline_days")]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
