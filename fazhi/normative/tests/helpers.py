"""Builders for this module's tests, through the services and the runner as a user would."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fazhi.core.actions import TRUSTED, run
from fazhi.decisions import services as desk
from fazhi.normative import services
from fazhi.normative.actions import WORKFLOW
from fazhi.normative.models import NormativeDocument


def draft(
    actor: Any,
    drafter: Any,
    number: str = "示政发〔2019〕3号",
    title: str = "关于生活垃圾分类的办法",
    **kw: Any,
) -> NormativeDocument:
    issuer = kw.pop("issuer", None) or drafter.government or drafter
    return services.create_document(
        actor=actor, data=services.DocumentData(title, issuer, drafter, number, **kw)
    )


def step(
    actor: Any, doc: NormativeDocument, name: str, version: Any = TRUSTED, **data: Any
) -> NormativeDocument:
    return run(WORKFLOW, name, doc, actor=actor, data=data, version=version)


def review(actor: Any, doc: NormativeDocument, on: date, opinion: str = "lawful") -> Any:
    """A legality review of the document in the one queue (subject kind ``normative``), concluded on ``on``."""
    r = desk.create_review(
        actor=actor,
        data=desk.ReviewData(
            "normative", f"{doc.title}（送审稿）", doc.org, on - timedelta(days=10), subject_id=doc.pk
        ),
    )
    if opinion:
        data = {
            "date": on,
            "opinion": opinion,
            "reasons": "" if opinion == "lawful" else "第三条缺乏上位法依据",
        }
        r = desk.act("conclude", actor=actor, review=r, data=data)
    return r


def published(
    actor: Any, drafter: Any, on: date, number: str, *, years: int = 5, filed: date | None = None, **kw: Any
) -> NormativeDocument:
    """A document through review, 集体审议, 统一登记 and 统一发布 on ``on`` (optionally filed)."""
    doc = draft(actor, drafter, number, **kw)
    review(actor, doc, on - timedelta(days=10))
    doc = step(actor, doc, "decide", date=on - timedelta(days=5), meeting="市政府常务会议")
    doc = step(actor, doc, "register", date=on - timedelta(days=3))
    doc = step(actor, doc, "publish", date=on, valid_years=years)
    if filed:
        doc = step(actor, doc, "file_for_record", date=filed)
    return doc
