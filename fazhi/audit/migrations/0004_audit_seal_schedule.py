"""django-q2 schedule: every 10 minutes seal what the after-commit step left and anchor the chain
head outside the database (fazhi.audit.jobs.seal_and_anchor; cron alternative: fazhi audit seal)."""

from django.db import migrations

NAME = "审计链封存与外部锚定"


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        name=NAME,
        defaults={
            "func": "fazhi.audit.jobs.seal_and_anchor",
            "schedule_type": "I",  # Schedule.MINUTES
            "minutes": 10,
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_audit_seal_chain"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(create, remove)]
