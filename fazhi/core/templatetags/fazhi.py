from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import template

from fazhi.core.dates import cn_date as _cn_date
from fazhi.core.pii import mask_id as _mask_id
from fazhi.core.pii import mask_phone as _mask_phone
from fazhi.core.pii import shown

register = template.Library()


@register.filter
def cn_date(value: date | datetime | None) -> str:
    """``2019-07-04`` → ``2019年7月4日``."""
    return _cn_date(value)


@register.filter
def mask_id(value: str | None) -> str:
    return _mask_id(value)


@register.filter
def mask_phone(value: str | None) -> str:
    return _mask_phone(value)


@register.simple_tag(takes_context=True)
def pii(context: Any, value: str | None, kind: str = "id") -> str:
    """``{% pii p.id_number %}`` / ``{% pii p.phone "phone" %}``: whole or masked for the page's user, by
    the one rule of ``core.pii.shown``."""
    request = context.get("request")
    return shown(value, kind, getattr(request, "user", None))


@register.filter
def percent(value: float | None) -> str:
    """A rate fraction as a percentage with two decimals; ``None`` (denominator 0) is "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.2f}%"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for sort links and pagers)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode([(k, v) for k in params for v in params.getlist(k)])
