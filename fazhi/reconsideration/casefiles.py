"""The documents (文书) of a reconsideration case, declared for the platform's case files (fazhi.casefiles).

Each kind's ``build`` reads the case and refuses (in Chinese) when the case is not at the step the document
belongs to; the text follows 《行政复议法》(2023). The 补正通知书 and 提出答复通知书 carry the periods that run
from the other side's receipt: recording their service runs the workflow's ``serve_correction`` /
``serve_copy`` with the service date (RULES §2, Arts 31, 48), so those deadlines count from it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from fazhi.casefiles.declare import CaseFiles, DocumentKind, FileEntry, Letter, Respondent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import cn_date
from fazhi.core.pii import mask_id

from . import selectors
from .actions import WORKFLOW
from .models import Attachment, Outcome, Party, Procedure, ReconsiderationCase, Status

LAW = "《中华人民共和国行政复议法》"
CLOSED = frozenset({Status.CONCLUDED, Status.DECLINED, Status.TRANSFERRED, Status.ABANDONED})


def applicants(case: ReconsiderationCase) -> str:
    names = [p.name for p in case.parties.all() if p.role == Party.Role.APPLICANT]
    return "、".join(names) or "申请人"


def _act(case: ReconsiderationCase) -> str:
    when = f"于{cn_date(case.act_date)}作出的" if case.act_date else "作出的"
    return f"{case.org.name}{when}{case.contested_act}"


def _need(ok: Any, message: str) -> None:
    if not ok:
        raise ValidationError(message)


def acceptance_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.accepted_on, "案件尚未受理，不能制作受理通知书")
    text = (
        f"你（单位）不服{_act(case)}，于{cn_date(case.received_on)}向本机关提出的行政复议申请，经审查，"
        f"符合{LAW}第三十条规定的受理条件，本机关决定自{cn_date(case.accepted_on)}起予以受理，"
        f"适用{case.get_procedure_display()}审理。"
    )
    return Letter(applicants(case), [("", [text])], cc=case.org.name)


def _pending_correction(case: ReconsiderationCase) -> Any:
    return case.corrections.filter(corrected_on__isnull=True).order_by("-requested_on", "-id").first()


def correction_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    pending = _pending_correction(case)
    _need(case.status == Status.CORRECTION and pending, "案件不在补正中，不能制作补正通知书")
    text = [
        f"本机关于{cn_date(case.received_on)}收到你（单位）不服{_act(case)}的行政复议申请。经审查，申请材料不齐全或者表述不清楚，"
        f"依照{LAW}第三十一条的规定，请你（单位）补正以下事项：{pending.items}。",
        "请自收到本通知之日起十个工作日内补正。无正当理由逾期不补正的，视为你（单位）放弃行政复议申请。",
    ]
    return Letter(applicants(case), [("", text)], fields={"items": pending.items})


def decline_decision(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.declined_on, "案件未决定不予受理，不能制作不予受理决定书")
    sections = [
        ("", [f"申请人：{applicants(case)}", f"被申请人：{case.org.name}"]),
        ("", [f"申请人不服{_act(case)}，于{cn_date(case.received_on)}向本机关申请行政复议。"]),
        (
            "",
            [
                f"经审查，{case.decline_reason or '该申请不符合受理条件'}。依照{LAW}第三十条的规定，本机关决定不予受理。"
            ],
        ),
        ("", ["申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。"]),
    ]
    return Letter(applicants(case), sections)


def transfer_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.transferred_on, "案件未告知向有关机关提出，不能制作告知书")
    text = (
        f"你（单位）不服{_act(case)}提出的行政复议申请，不属于本机关管辖，依照{LAW}第三十条的规定，"
        f"请你（单位）向{case.transfer_to}提出。"
    )
    return Letter(applicants(case), [("", [text])])


def answer_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.accepted_on, "案件尚未受理，不能制作提出答复通知书")
    days, article = ("五", "第五十四条") if case.procedure == Procedure.SIMPLIFIED else ("十", "第四十八条")
    text = [
        f"{applicants(case)}不服你单位{('于' + cn_date(case.act_date)) if case.act_date else ''}作出的{case.contested_act}，"
        f"向本机关申请行政复议，本机关已依法受理。现将行政复议申请书副本发送你单位。",
        f"依照{LAW}{article}的规定，请你单位自收到申请书副本之日起{days}日内，提出书面答复，"
        "并提交作出行政行为的证据、依据和其他有关材料。逾期不答复的，视为该行政行为没有证据、依据。",
    ]
    return Letter(case.org.name, [("", text)])


def hearing_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    hearing = case.hearings.order_by("-held_on", "-id").first()
    _need(hearing, "尚未安排听证，不能制作听证通知书")
    text = (
        f"关于{applicants(case)}不服{_act(case)}一案，本机关依照{LAW}第五十条、第五十一条的规定，"
        f"定于{cn_date(hearing.held_on)}在{hearing.place or '本机关'}举行听证，请准时参加。"
    )
    return Letter(f"{applicants(case)}、{case.org.name}", [("", [text])])


def suspension_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    s = case.suspensions.order_by("-suspended_on", "-id").first()
    _need(s, "案件未中止，不能制作中止审理通知书")
    text = f"关于{applicants(case)}不服{_act(case)}一案，因{s.reason}，依照{LAW}第三十九条的规定，本案自{cn_date(s.suspended_on)}起中止审理。"
    return Letter(f"{applicants(case)}、{case.org.name}", [("", [text])])


def resumption_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    s = case.suspensions.filter(resumed_on__isnull=False).order_by("-resumed_on", "-id").first()
    _need(s, "案件没有已恢复的中止，不能制作恢复审理通知书")
    text = f"关于{applicants(case)}不服{_act(case)}一案，中止审理的原因已经消除，本案自{cn_date(s.resumed_on)}起恢复审理。"
    return Letter(f"{applicants(case)}、{case.org.name}", [("", [text])])


def extension_notice(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.extension_days, "案件未延长审理期限，不能制作延期审理通知书")
    text = (
        f"关于{applicants(case)}不服{_act(case)}一案，因{case.extension_reason or '案情复杂'}，不能在规定期限内作出行政复议决定，"
        f"经本机关负责人批准，依照{LAW}第六十二条的规定，审理期限延长{case.extension_days}日。"
    )
    return Letter(f"{applicants(case)}、{case.org.name}", [("", [text])])


#: The decision's 结论 and its article (RULES §2 outcomes).
DECISIONS = {
    Outcome.UPHELD: ("第六十八条", "维持{act}。"),
    Outcome.REJECTED_CLAIM: ("第六十九条", "驳回申请人的行政复议请求。"),
    Outcome.REJECTED_APPLICATION: ("第三十三条", "驳回申请人的行政复议申请。"),
    Outcome.REVOKED: ("第六十四条", "撤销{act}。"),
    Outcome.ALTERED: ("第六十三条", "变更{act}。"),
    Outcome.CONFIRMED_ILLEGAL: ("第六十五条", "确认{act}违法。"),
    Outcome.CONFIRMED_VOID: ("第六十七条", "确认{act}无效。"),
    Outcome.ORDERED_TO_PERFORM: ("第六十六条", "责令被申请人在一定期限内履行法定职责。"),
}


def decision(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    """行政复议决定书 with what the law requires it to state: parties, request, the respondent's answer,
    facts, reasons, legal basis, the decision, and the right to sue with its period (行政诉讼法 Art 45)."""
    _need(
        case.status == Status.CONCLUDED and case.outcome in DECISIONS,
        "案件尚未以复议决定审结，不能制作行政复议决定书",
    )
    facts, reasons = (data.get("facts") or "").strip(), (data.get("reasons") or "").strip()
    errors = {
        k: f"请填写{label}"
        for k, label, v in (("facts", "查明事实", facts), ("reasons", "理由", reasons))
        if not v
    }
    if errors:
        raise ValidationError(errors)
    article, conclusion = DECISIONS[Outcome(case.outcome)]
    basis = (data.get("basis") or "").strip() or f"{LAW}{article}"
    act = f"被申请人{case.org.name}{('于' + cn_date(case.act_date)) if case.act_date else ''}作出的{case.contested_act}"
    third = [p.name for p in case.parties.all() if p.role == Party.Role.THIRD_PARTY]
    answer = (
        f"被申请人于{cn_date(case.answered_on)}提出书面答复，并提交了作出行政行为的证据、依据。"
        if case.answered_on
        else "被申请人未在法定期限内提出书面答复。"
    )
    sections = [
        (
            "",
            [
                f"申请人：{applicants(case)}",
                f"被申请人：{case.org.name}",
                *([f"第三人：{'、'.join(third)}"] if third else []),
            ],
        ),
        (
            "",
            [
                f"申请人不服{act}，于{cn_date(case.received_on)}向本机关申请行政复议，本机关于{cn_date(case.accepted_on)}依法受理，适用{case.get_procedure_display()}审理。本案现已审理终结。"
            ],
        ),
        ("申请人请求", [case.request or "（申请书所载请求）"]),
        ("被申请人答复", [answer]),
        ("本机关查明", [facts]),
        ("本机关认为", [reasons]),
        ("决定", [f"依照{basis}的规定，本机关决定：", conclusion.format(act=act)]),
        ("", ["申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。"]),
    ]
    return Letter(
        f"{applicants(case)}、{case.org.name}",
        sections,
        fields={"facts": facts, "reasons": reasons, "basis": basis, "outcome": case.get_outcome_display()},
    )


def mediation(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.outcome == Outcome.MEDIATED, "案件未以调解结案，不能制作调解书")
    sections = [
        ("", [f"申请人：{applicants(case)}", f"被申请人：{case.org.name}"]),
        (
            "",
            [
                f"申请人不服{_act(case)}，申请行政复议。经本机关主持调解，双方自愿达成如下协议：",
                case.decision_summary or "（调解协议内容）",
            ],
        ),
        ("", [f"依照{LAW}第七十三条的规定，本调解书经各方当事人签字，即具有法律效力。"]),
    ]
    return Letter(f"{applicants(case)}、{case.org.name}", sections)


def termination_decision(case: ReconsiderationCase, data: dict[str, Any]) -> Letter:
    _need(case.outcome in (Outcome.WITHDRAWN, Outcome.TERMINATED), "案件未以终止审结，不能制作终止决定书")
    why = (
        "申请人撤回行政复议申请"
        if case.outcome == Outcome.WITHDRAWN
        else (case.decision_summary or "出现法定终止情形")
    )
    text = f"关于{applicants(case)}不服{_act(case)}一案，因{why}，依照{LAW}第四十一条的规定，本机关决定终止行政复议。"
    return Letter(f"{applicants(case)}、{case.org.name}", [("", [text])])


def correction_served(case: ReconsiderationCase, service: Any, actor: Any, request: Any) -> None:
    """RULES §2, Art 31: the applicant's 10 working days run from this service date."""
    pending = _pending_correction(case)
    if pending is None:
        return
    if pending.served_on is None:
        run(
            WORKFLOW,
            "serve_correction",
            case,
            actor=actor,
            data={"date": service.served_on},
            version=TRUSTED,
            request=request,
        )
    elif pending.served_on != service.served_on:
        raise ValidationError(f"补正通知已登记于{cn_date(pending.served_on)}送达，与本次送达日期不一致")


def answer_notice_served(case: ReconsiderationCase, service: Any, actor: Any, request: Any) -> None:
    """RULES §2, Art 48: the respondent's answer period runs from its receipt of the copy (sent with this notice)."""
    if case.copy_served_on:
        if case.copy_served_on != service.served_on:
            raise ValidationError(
                f"申请书副本已登记于{cn_date(case.copy_served_on)}送达，与本次送达日期不一致"
            )
        return
    if not case.copy_sent_on:
        run(
            WORKFLOW,
            "send_copy",
            case,
            actor=actor,
            data={"date": service.issued_on},
            version=TRUSTED,
            request=request,
        )
        case.refresh_from_db()
    run(
        WORKFLOW,
        "serve_copy",
        case,
        actor=actor,
        data={"date": service.served_on},
        version=TRUSTED,
        request=request,
    )


ATTACHMENT_ORDER = {
    Attachment.Kind.APPLICATION: 10,
    Attachment.Kind.ANSWER: 50,
    Attachment.Kind.EVIDENCE: 55,
    Attachment.Kind.DECISION: 85,
    Attachment.Kind.OTHER: 95,
}


def attachments(case: ReconsiderationCase) -> list[FileEntry]:
    def opener(a: Attachment):  # type: ignore[no-untyped-def]
        def read() -> bytes:
            with a.file.open("rb") as f:
                return f.read()

        return read

    return [
        FileEntry(
            ATTACHMENT_ORDER[a.kind],
            f"{a.get_kind_display()}：{a.filename}",
            a.uploaded_at.date(),
            a.filename,
            opener(a),
            reverse("reconsideration:attachment_download", kwargs={"pk": a.pk}),
        )
        for a in case.attachments.all()
    ]


def closed_on(case: ReconsiderationCase) -> Any:
    return case.concluded_on or case.declined_on or case.transferred_on or case.abandoned_on


def _k(
    code: str, title: str, abbr: str, build: Any, order: int, served: Any = None, **kw: Any
) -> DocumentKind:
    return DocumentKind(code, title, "{abbr}复" + abbr + "〔{year}〕{seq}号", build, order, served, **kw)


def respondent_summary(case: ReconsiderationCase) -> list[tuple[str, str]]:
    """What the respondent may see of the case: its own act, the applicants (ID numbers always masked,
    whoever reads), the request and the dates; no phone, no agent, nothing of the office's file."""
    people = [
        f"{p.name}（{mask_id(p.id_number)}）" if p.id_number else p.name
        for p in case.parties.all()
        if p.role == Party.Role.APPLICANT
    ]
    return [
        ("案号", case.number),
        ("申请人", "、".join(people) or "—"),
        ("被申请的行政行为", _act(case)),
        ("复议请求", case.request or "—"),
        ("收到申请日期", cn_date(case.received_on)),
        ("受理日期", cn_date(case.accepted_on)),
        ("程序", case.get_procedure_display()),
    ]


def respondent_answer(
    case: ReconsiderationCase, files: list[tuple[str, Any]], on: Any, actor: Any, request: Any
) -> None:
    """The files become the case's 答复书/证据材料 attachments; ``record_answer`` records the date (Art 48)."""
    from .services.attachments import add_attachment

    for kind, upload in files:
        add_attachment(case, actor=actor, kind=kind, upload=upload, request=request)
    run(WORKFLOW, "record_answer", case, actor=actor, data={"date": on}, version=TRUSTED, request=request)


RESPONDENT = Respondent(
    summary=respondent_summary,
    answered_on=lambda case: case.answered_on,
    pending=Q(answered_on__isnull=True, status__in=[Status.ACCEPTED, Status.UNDER_REVIEW]),
    answer=respondent_answer,
)


ORDERING_OUTCOMES = frozenset({Outcome.REVOKED, Outcome.CONFIRMED_ILLEGAL, Outcome.ORDERED_TO_PERFORM})

CASEFILES = CaseFiles(
    model=ReconsiderationCase,
    scoped=lambda user: selectors.cases_for(user).prefetch_related("parties"),
    detail="reconsideration:case_detail",
    kinds=[
        _k("correction_notice", "补正通知书", "补", correction_notice, 20, correction_served),
        _k("acceptance_notice", "受理通知书", "受", acceptance_notice, 30),
        _k("decline_decision", "不予受理决定书", "不受", decline_decision, 31),
        _k("transfer_notice", "告知书", "告", transfer_notice, 32),
        _k(
            "answer_notice",
            "提出答复通知书",
            "答",
            answer_notice,
            40,
            answer_notice_served,
            to_respondent=True,
        ),
        _k("hearing_notice", "听证通知书", "听", hearing_notice, 60),
        _k("suspension_notice", "中止审理通知书", "中", suspension_notice, 70),
        _k("resumption_notice", "恢复审理通知书", "恢", resumption_notice, 71),
        _k("extension_notice", "延期审理通知书", "延", extension_notice, 75),
        _k("decision", "行政复议决定书", "决", decision, 80, publishable=True),
        _k("mediation", "行政复议调解书", "调", mediation, 81),
        _k("termination_decision", "终止行政复议决定书", "终", termination_decision, 82),
    ],
    closed=lambda case: case.status in CLOSED,
    issued_on=closed_on,
    attachments=attachments,
    respondent=RESPONDENT,
    # 履行监督 (Art 77): 撤销 (and 责令重作, Art 64), 确认违法 (责令补救, Art 65), 责令履行 (Art 66).
    orders_action=lambda case: case.outcome in ORDERING_OUTCOMES,
)
