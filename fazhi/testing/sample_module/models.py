from django.db import models


class Kind(models.TextChoices):
    PLAIN = "plain", "普通"
    SPECIAL = "special", "特别"


class SampleRecord(models.Model):
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    title = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.PLAIN)
    registered_on = models.DateField("登记日期")

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = "样例记录"

    def __str__(self) -> str:
        return self.title
