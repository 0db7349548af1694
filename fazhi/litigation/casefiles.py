"""The documents of a lawsuit the defendant writes, declared for the platform's case files (fazhi.casefiles):
the 答辩状 skeleton (filed within 15 days of receiving the complaint, RULES §3, 《行政诉讼法》第六十七条) and
the letter of authorisation for the hearing (授权委托书, 《行政诉讼法》第三十一条). The defendant unit issues
them (its clerk or the bureau); the judgment itself comes from the court and is an attachment of the case."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fazhi.casefiles.declare import CaseFiles, DocumentKind, FileEntry, Letter
from fazhi.core.dates import cn_date

from . import selectors
from .models import LitigationCase, Outcome, Status

PENDING = "（待填写）"


def plaintiffs(case: LitigationCase) -> str:
    return "、".join(p.name for p in case.plaintiffs.all()) or "原告"


def defence(case: LitigationCase, data: dict[str, Any]) -> Letter:
    facts, basis, reasons = ((data.get(k) or "").strip() or PENDING for k in ("facts", "basis", "reasons"))
    sections = [
        ("", [f"答辩人：{case.org.name}", f"被答辩人：{plaintiffs(case)}"]),
        (
            "",
            [
                f"答辩人因被答辩人诉{case.cause}一案（{case.court_case_number}），于{cn_date(case.served_on)}收到起诉状副本，"
                "依照《中华人民共和国行政诉讼法》第六十七条的规定，在法定期限内提出答辩如下："
            ],
        ),
        ("一、被诉行政行为认定的事实和证据", [facts]),
        ("二、被诉行政行为的法律依据", [basis]),
        ("三、答辩意见", [reasons]),
        ("", [f"综上，请求人民法院依法驳回被答辩人的诉讼请求。此致{case.court.name}"]),
    ]
    return Letter(case.court.name, sections, fields={"court_case_number": case.court_case_number})


def authorisation(case: LitigationCase, data: dict[str, Any]) -> Letter:
    agent = (data.get("agent") or "").strip() or case.agents or PENDING
    text = [
        f"委托人：{case.org.name}",
        f"受托人：{agent}",
        f"现委托上述受托人在{plaintiffs(case)}诉{case.org.name}{case.cause}一案（{case.court_case_number}）中，"
        "作为我方诉讼代理人，出庭应诉。",
        "代理权限：出庭应诉、陈述答辩意见、举证质证、参加法庭辩论、签收法律文书。",
    ]
    return Letter(case.court.name, [("", text)], fields={"agent": agent})


def attachments(case: LitigationCase) -> list[FileEntry]:
    if not case.judgment_document:
        return []

    def read() -> bytes:
        with case.judgment_document.open("rb") as f:
            return f.read()

    name = case.judgment_document.name.rsplit("/", 1)[-1]
    return [
        FileEntry(
            90,
            "裁判文书",
            case.concluded_on,
            name,
            read,
            reverse("litigation:case_document", kwargs={"pk": case.pk}),
        )
    ]


ORDERING_OUTCOMES = frozenset(
    {
        Outcome.REVOKED,
        Outcome.ORDERED_TO_PERFORM,
        Outcome.COMPENSATION,
        Outcome.AGREEMENT_PERFORMANCE,
        Outcome.AGREEMENT_REMEDY,
        Outcome.AGREEMENT_DAMAGES,
    }
)

CASEFILES = CaseFiles(
    model=LitigationCase,
    scoped=lambda user: (
        selectors.cases_for(user).select_related("org", "court").prefetch_related("plaintiffs")
    ),
    detail="litigation:case_detail",
    kinds=[
        DocumentKind("defence", "行政诉讼答辩状", "{abbr}诉答〔{year}〕{seq}号", defence, 20),
        DocumentKind("authorisation", "授权委托书", "{abbr}诉委〔{year}〕{seq}号", authorisation, 30),
    ],
    closed=lambda case: case.status == Status.FINAL,
    issued_on=lambda case: case.concluded_on,
    attachments=attachments,
    issuer_roles=frozenset({"bureau", "clerk"}),
    issuer=lambda case: case.org,
    # 履行监督 of a final judgment that orders the defendant to act, pay or redo (行政诉讼法 Arts 70-78).
    orders_action=lambda case: case.outcome in ORDERING_OUTCOMES,
)
