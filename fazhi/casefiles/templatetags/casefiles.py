"""``{% casefile_panel case %}``: the documents, services and case-file links on a case's detail page."""

from __future__ import annotations

from typing import Any

from django import template

from fazhi.casefiles.archive import archive_of
from fazhi.casefiles.forms import DocumentForm, ServiceForm
from fazhi.casefiles.registry import for_record
from fazhi.casefiles.services import documents_of

register = template.Library()


@register.inclusion_tag("casefiles/panel.html", takes_context=True)
def casefile_panel(context: Any, case: Any) -> dict[str, Any]:
    cf = for_record(case)
    user = context["request"].user
    docs = (
        list(documents_of(case).select_related("service", "publication").order_by("issued_on", "id"))
        if cf
        else []
    )
    archive = archive_of(case) if cf else None
    writer = (
        bool(cf)
        and archive is None
        and user.can_write_business
        and bool(cf.issuer_roles & set(user.role_codes))
    )
    unserved = [d for d in docs if getattr(d, "service", None) is None]
    return {
        "cf": cf,
        "case": case,
        "ns": f"casefiles_{cf.label}" if cf else "",
        "docs": docs,
        "publishable": {k.code for k in cf.kinds if k.publishable} if cf else set(),
        "archive": archive,
        "document_form": DocumentForm(cf=cf) if writer else None,
        "service_form": ServiceForm(documents=unserved) if writer and unserved else None,
        "csrf_token": context.get("csrf_token"),
    }
