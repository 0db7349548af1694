"""The transitions of 行政规范性文件, declared once (``core.actions`` runs them; RULES §5).

集体审议 and 公布 keep the hard gate (国办发〔2018〕115号): only after a legality review of the document in the
one review queue (``decisions.LegalityReview``, subject kind ``normative``) concluded 合法, or 修改后合法 with
the amendment confirmed. 公布 sets the term (≤ 5 years, ≤ 2 for 暂行/试行) and the filing deadline.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.core import links
from fazhi.core.actions import role_permission
from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.services import next_number
from fazhi.core.uploads import DOCUMENT_TYPES, check_uploaded_file
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.models import Role

from . import rules
from .forms import AmendForm, DateForm, DecideForm, FullTextForm, PublishForm
from .models import FullText, NormativeDocument, Status
from .selectors import review_of

#: 三统一 (国办发〔2018〕37号; RULES §5): registration, numbering and publication are done by one office, the
#: Justice Bureau, which also files with the level above and ends documents (amendment, repeal, lapse,
#: cleanup); a drafting unit drafts, records the deliberation and uploads the text of its own documents.
BUREAU_ONLY = role_permission(
    {Role.BUREAU},
    "该操作由司法局统一办理（三统一：统一登记、统一编号、统一发布，国办发〔2018〕37号），起草单位不能办理",
)

FULL_TEXT_TYPES = {ext: DOCUMENT_TYPES[ext] for ext in (".docx", ".pdf")}
FULL_TEXT_MAX_BYTES = 20 * 1024 * 1024


class DateSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()


class DecideSerializer(DateSerializer):
    meeting = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PublishSerializer(DateSerializer):
    valid_years = serializers.IntegerField(min_value=1, max_value=99)


class AmendSerializer(DateSerializer):
    new_version = serializers.IntegerField(min_value=1)


def gate_refusal(doc: NormativeDocument) -> str:
    """Why the document may not go to collective deliberation or publication now; "" if it may."""
    review = review_of(doc)
    if review is None:
        return f"该文件未经合法性审核，不得提交集体审议或公布（{rules.BASIS_GATE}）"
    if not review.passes_gate:
        if review.status != "concluded":
            why = "尚未出具审核意见"
        elif review.opinion == "unlawful":
            why = "审核意见为不合法"
        else:
            why = "审核意见为修改后合法，起草单位尚未确认修改"
        return f"合法性审核（{review.number}）{why}，不得提交集体审议或公布（{rules.BASIS_GATE}）"
    return ""


def _not_before(on: date, earlier: date | None, field: str, message: str) -> None:
    if earlier is not None and on < earlier:
        raise ValidationError({field: message})


def _decide(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    doc.decided_on, doc.meeting = data["date"], (data.get("meeting") or "").strip()


def _register(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    """统一登记 and 统一编号: the issuer's next number of the year, gap-free (a refusal rolls it back)."""
    on: date = data["date"]
    doc.registered_on = on
    doc.registration_number = next_number(
        doc.issuer, rules.NUMBER_KIND, on.year, rules.setting("number_pattern")
    )[1]


def _publish_guard(doc: NormativeDocument) -> str:
    refusal = gate_refusal(doc)
    if refusal:
        return refusal
    if doc.decided_on is None:
        return "该文件尚未经集体审议决定，不得公布（国办发〔2018〕37号：集体审议决定后统一发布）"
    return ""


def _publish(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    """统一发布: the term starts on publication (unpublished documents have no effect) and lasts at most
    5 years, 2 for 暂行/试行 (RULES §5); 备案 is due ``filing_days`` after publication."""
    on: date = data["date"]
    years = int(data["valid_years"])
    limit = rules.max_years(doc.provisional)
    if years > limit:
        kind = "暂行、试行文件" if doc.provisional else "规范性文件"
        raise ValidationError(
            {"valid_years": f"{kind}有效期最长{limit}年，不能设为{years}年（{rules.BASIS_VALIDITY}）"}
        )
    _not_before(on, doc.decided_on, "date", "公布日期不能早于集体审议日期")
    _not_before(on, doc.registered_on, "date", "公布日期不能早于统一登记日期")
    doc.published_on = doc.valid_from = on
    doc.valid_until = rules.valid_until(on, years)
    doc.filing_due = rules.filing_due(on, rules.issuer_government(doc))
    ctx.extra["valid_years"] = years


def _file(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    _not_before(data["date"], doc.published_on, "date", "报送备案日期不能早于公布日期")
    doc.filed_on = data["date"]
    ctx.extra["filed_on_time"] = doc.filed_on_time


def _not_filed(doc: NormativeDocument) -> str:
    return f"该文件已于{doc.filed_on:%Y年%m月%d日}报送备案" if doc.filed_on else ""


def _end(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    _not_before(data["date"], doc.published_on, "date", "失效/废止日期不能早于公布日期")
    doc.ended_on = data["date"]


def _amend(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    """修改: the old document ends (已修改) and points at its new version, a record the actor may see."""
    new = (
        links.fetch(ctx.actor, "normative.document", data["new_version"], field="new_version")
        if ctx.actor
        else (NormativeDocument.objects.filter(pk=data["new_version"]).first())
    )
    if new is None or new.pk == doc.pk:
        raise ValidationError({"new_version": "修改后的文件不存在或就是本文件"})
    if new.issuer_id != doc.issuer_id:
        raise ValidationError({"new_version": "修改后的文件应由同一制定机关制定"})
    _end(doc, data, ctx)
    doc.new_version = new


def _lapse(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    """期满自动失效: the day after the term's last day (RULES §5)."""
    if doc.valid_until is None or doc.valid_until >= data["date"]:
        raise ValidationError("有效期尚未届满，不能自动失效")
    doc.ended_on = doc.valid_until + timedelta(days=1)
    ctx.on = doc.ended_on


def _attach(doc: NormativeDocument, data: dict[str, Any], ctx: Any) -> None:
    """全文: DOCX or PDF through the platform's one upload check (type by magic bytes, size, name)."""
    upload = data["file"]
    check_uploaded_file(upload, types=FULL_TEXT_TYPES, max_bytes=FULL_TEXT_MAX_BYTES, what="全文")
    text = FullText.objects.filter(document=doc).first() or FullText(document=doc)
    text.file.save(upload.name, upload, save=False)
    text.save()
    ctx.extra["full_text"] = text.file.name


WORKFLOW = Workflow(
    dict(Status.choices),
    [
        Transition(
            "decide",
            "记录集体审议",
            frozenset({Status.DRAFT, Status.REGISTERED}),
            None,
            body=_decide,
            guard=gate_refusal,
            form=DecideForm,
            serializer=DecideSerializer,
            offer=lambda d: d.decided_on is None,
        ),
        Transition(
            "register",
            "统一登记",
            frozenset({Status.DRAFT}),
            Status.REGISTERED,
            body=_register,
            form=DateForm,
            serializer=DateSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "publish",
            "统一发布",
            frozenset({Status.REGISTERED}),
            Status.PUBLISHED,
            body=_publish,
            guard=_publish_guard,
            form=PublishForm,
            serializer=PublishSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "file_for_record",
            "报送备案",
            frozenset({Status.PUBLISHED, Status.AMENDED, Status.LAPSED, Status.REPEALED}),
            None,
            body=_file,
            guard=_not_filed,
            form=DateForm,
            serializer=DateSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "amend",
            "修改（由新文件替代）",
            frozenset({Status.PUBLISHED}),
            Status.AMENDED,
            body=_amend,
            form=AmendForm,
            serializer=AmendSerializer,
            style="outline-secondary",
            permission=BUREAU_ONLY,
        ),
        Transition(
            "repeal",
            "废止",
            frozenset({Status.PUBLISHED}),
            Status.REPEALED,
            body=_end,
            form=DateForm,
            serializer=DateSerializer,
            style="outline-danger",
            permission=BUREAU_ONLY,
        ),
        # No form, no endpoint: only the daily job (``services.lapse_expired``) runs it.
        Transition(
            "lapse",
            "期满失效",
            frozenset({Status.PUBLISHED}),
            Status.LAPSED,
            body=_lapse,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "attach",
            "上传全文",
            # the registered text: a draft still changes (and the page form test posts no file)
            frozenset(Status.values) - {Status.DRAFT},
            None,
            body=_attach,
            form=FullTextForm,
            style="outline-secondary",
        ),
    ],
    model=NormativeDocument,
    prefix="normative",
    history=write_history,
    select_related=("org", "issuer"),
    labels={"create": "起草登记", "cleanup": "清理决定"},
)
