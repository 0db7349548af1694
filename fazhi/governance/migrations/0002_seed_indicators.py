"""The six business-environment indicators of the seed report (FIGURES.md ``business.*``) exist in every
install: their values are entered per year, their definitions are not."""

from django.db import migrations

SIX = [
    ("business.online_rate", "政务服务事项网办实现率", "%", "higher", False, 1),
    ("business.mobile_rate", "政务服务事项掌办实现率", "%", "higher", False, 2),
    ("business.startup_hours", "企业开办时间（工作小时）", "小时", "lower", False, 3),
    ("business.investment_approval_days", "企业投资项目审批最多天数", "天", "lower", False, 4),
    ("business.commitment_items", "告知承诺制项目清单", "项", "higher", True, 5),
    ("business.commitment_negative_items", "告知承诺制负面清单", "项", "higher", True, 6),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("governance", "Indicator")
    for key, label, unit, direction, is_list, order in SIX:
        Indicator.objects.update_or_create(
            key=key, defaults={"label": label, "unit": unit, "direction": direction, "is_list": is_list, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("governance", "Indicator").objects.filter(key__in=[s[0] for s in SIX]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
