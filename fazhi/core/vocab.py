"""The platform's one vocabulary of act categories (行为类别) and administrative fields (管理领域).

A code means the same thing in every module, API, export and figure breakdown; a module that offers only
some of them takes a ``subset`` (same codes, same labels, its own order) rather than writing its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class ActCategory(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    CONFIRMATION = "confirmation", "行政确认"
    REGISTRATION = "registration", "行政登记确认"
    EXPROPRIATION = "expropriation", "行政征收征用"
    INACTION = "inaction", "不履行法定职责"
    INFO_DISCLOSURE = "info_disclosure", "政府信息公开"
    AGREEMENT = "agreement", "行政协议"
    OTHER = "other", "其他"


class Field(models.TextChoices):
    PUBLIC_SECURITY = "public_security", "公安"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    MARKET = "market", "市场监管"
    HR_SOCIAL = "hr_social", "人力社保"
    HOUSING = "housing", "住房城乡建设"
    ENVIRONMENT = "environment", "生态环境"
    TRANSPORT = "transport", "交通运输"
    HEALTH = "health", "卫生健康"
    URBAN = "urban", "综合执法"
    AGRICULTURE = "agriculture", "农业农村"
    OTHER = "other", "其他"


def subset(
    vocabulary: type[models.TextChoices], name: str, members: Iterable[models.TextChoices], module: str
) -> type[models.TextChoices]:
    """A module's choice of ``vocabulary``: a TextChoices class with the same member names, codes and labels."""
    return models.TextChoices(  # type: ignore[return-value]
        name, [(m.name, (m.value, m.label)) for m in (vocabulary(x) for x in members)], module=module
    )
