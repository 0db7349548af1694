"""The workflow of an annual report, declared once (RULES §7): 提交保密审查 → 通过保密审查 → 批准 → 公开,
and 退回修改. ``core.actions.run`` locks the report, checks the role (``roles.may``) and the government's
scope, the version the user read, the table, runs the body and writes the audit event."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.services import diff
from fazhi.core.actions import AuditedRefusal
from fazhi.core.dates import today
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.scope import ensure_own_government, scope_root

from . import output, publication, roles, submission
from .checks import check_placeholders
from .figures import collect, figure_dict
from .models import AnnualReport, ReportSection, SectionVersion
from .selectors import query_for, section_views

R = AnnualReport.Status


class SameReviewer(AuditedRefusal):
    """The person who submitted a report tried to pass its 保密审查 (four-eyes rule); the attempt is
    audited as ``reports.clear_refused`` although the step is refused."""


def ensure_scope(user: Any, report: AnnualReport) -> None:
    """A report is its own government's to write and sign off; an upper government only reads it."""
    root = scope_root(user)
    if root is None or not report.org.path.startswith(root.path):
        raise PermissionDenied(f"您无权操作「{report.org.name}」的年度报告")
    ensure_own_government(user, report.org)


def _may(step: str) -> Any:
    def check(user: Any, report: AnnualReport) -> None:
        if not roles.may(user, step, report.status):
            raise PermissionDenied("您无权执行此操作")
        ensure_scope(user, report)

    return check


def _status(report: AnnualReport) -> dict[str, Any]:
    """The audit records the step, not the frozen content (that is in the report's snapshot)."""
    return {"status": report.status}


def _submit(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """To 保密审查: only a finished draft — "（请填写…）" left anywhere blocks it (not acknowledgeable)."""
    sections = section_views(report)
    left = check_placeholders([s.text for s in sections], [s.title for s in sections])
    if left:
        raise ValidationError(
            f"报告还有{len(left)}处待填写的内容，不能提交保密审查：" + "；".join(p.message for p in left[:5])
        )
    report.submitted_by = ctx.actor
    ctx.extra["submitted_by"] = ctx.actor.username


def _clear(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """通过保密审查 — by someone other than the person who submitted the report (page and API alike)."""
    if report.submitted_by_id is not None and report.submitted_by_id == ctx.actor.pk:
        raise SameReviewer(
            "保密审查须由提交人以外的人员进行：本报告由您提交送审，您不能本人通过其保密审查，"
            "请由其他保密审查员审查",
            event="clear_refused",
            changes={"reason": "提交人不能本人通过保密审查", "submitted_by": ctx.actor.username},
        )
    ctx.extra["submitted_by"] = report.submitted_by.username if report.submitted_by else ""
    ctx.extra["reviewed_by"] = ctx.actor.username


def _return(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    if report.reported_on is not None:
        raise ValidationError("报告已报送上级政府，如需修改请由上级政府退回")
    if report.snapshot is not None:  # an approval is withdrawn: figures are live again until re-approval
        report.snapshot, report.approved_on = None, None
    ctx.extra["reason"] = data.get("reason") or ""


def _approve(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """Approval freezes figures and text into ``snapshot``; blocked while data problems are unacknowledged."""
    from .services import unacknowledged

    open_problems = unacknowledged(report)
    if open_problems:
        raise ValidationError(
            f"还有{len(open_problems)}个数据问题未确认，不能批准："
            + "；".join(p.message for p in open_problems[:3])
        )
    figures = collect(query_for(report))
    sections = section_views(report)
    day = today()
    report.snapshot = {
        "frozen_on": day.isoformat(),
        "title": report.title,
        "issuer": report.issuer,
        "figures": {k: figure_dict(f) for k, f in figures.items()},
        "sections": [
            {"code": s.code, "title": s.title, "text": s.text, "has_heading": s.has_heading} for s in sections
        ],
    }
    report.approved_on = day
    if report.signed_on is None:
        report.signed_on = day
    ctx.extra["frozen_figures"] = len(figures)


def _publish(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """Publish an approved report — only when nothing personal is in it (RULES §9). The check runs on the
    exact page text and DOCX that go public; every hit must be confirmed by the publisher as a false
    positive (``confirmed``: hit ids), otherwise the publication is refused."""
    hits = publication.check(report)
    chosen = set(data.get("confirmed") or ())
    open_hits = [h for h in hits if h.id not in chosen]
    if open_hits:
        raise ValidationError(
            [
                f"公开的内容含有{len(open_hits)}处疑似个人信息，公开的报告不得含有个人信息："
                "确属个人信息的请退回修改，误报的请在公开页面逐项确认"
            ]
            + [publication.describe(h) for h in open_hits[:20]]
        )
    cleared = [publication.as_record(h) for h in hits]
    report.published_on = today()
    # the portal's PDF, made by LibreOffice on the job queue once the publication commits
    output.queue_public_pdf(report, ctx.actor)
    report.snapshot = {**(report.snapshot or {}), "publication_check": {"confirmed_false_positives": cleared}}
    ctx.extra.update(
        {
            "published_on": report.published_on.isoformat(),
            "late": report.publication_late,
            "confirmed_false_positives": cleared,
        }
    )


def _not_reported(report: AnnualReport) -> str:
    if report.reported_on is not None:
        return f"报告已于{report.reported_on:%Y年%m月%d日}报送上级政府"
    if submission.upper_government(report.org) is None:
        return "本级政府没有上级政府，无需报送"
    return ""


def _report_up(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """报送上级 (督察规定 Art 24): the approved report goes to the government above; late after 31 March."""
    upper = submission.upper_government(report.org)
    report.reported_on, report.reported_by = today(), ctx.actor
    ctx.extra.update(
        {
            "to": upper.name if upper else "",
            "reported_on": report.reported_on.isoformat(),
            "late": report.reported_on > submission.deadline(report.year),
        }
    )


def _may_send_back(user: Any, report: AnnualReport) -> None:
    """Only the bureau of the government the report was sent to may return it. For the report's own
    government the step is refused by its guard while unsubmitted (报告尚未报送) and here once submitted."""
    upper = submission.upper_government(report.org)
    gov = submission.user_government(user)
    own_unsubmitted = gov is not None and gov.pk == report.org_id and report.reported_on is None
    if not roles.can_edit(user) or gov is None or not (own_unsubmitted or (upper and gov.pk == upper.pk)):
        raise PermissionDenied("只有报告报送的上级政府的司法局工作人员可以退回报告")


def _reported(report: AnnualReport) -> str:
    return "" if report.reported_on is not None else "报告尚未报送，不能退回"


def _notify_returned(report: AnnualReport, comment: str) -> None:
    """站内通知 of the return to who submitted and reported the report (issue 15 item 9), in the step's
    transaction."""
    from django.urls import reverse

    from fazhi.notifications.models import Kind
    from fazhi.notifications.services import notify

    notify(
        [report.reported_by, report.submitted_by, report.created_by],
        Kind.RETURNED,
        f"{report.year}年度法治政府建设报告被上级退回：{comment[:200]}",
        reverse("reports:report_detail", args=[report.pk]),
    )


def _send_back(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """上级退回: back to 草稿 with the upper government's comments; the approval is withdrawn."""
    comment = (data.get("comment") or "").strip()
    if not comment:
        raise ValidationError("请填写退回意见")
    _notify_returned(report, comment)
    report.snapshot, report.approved_on = None, None
    report.reported_on, report.reported_by = None, None
    report.return_comment, report.returned_on = comment[:2000], today()
    ctx.extra["comment"] = report.return_comment


WORKFLOW = Workflow(
    dict(R.choices),
    [
        Transition(
            "submit", "提交保密审查", frozenset({R.DRAFT}), R.REVIEW, body=_submit, permission=_may("submit")
        ),
        Transition(
            "clear",
            "通过保密审查",
            frozenset({R.REVIEW}),
            R.CLEARED,
            body=_clear,
            permission=_may("clear"),
        ),
        Transition(
            "approve", "批准", frozenset({R.CLEARED}), R.APPROVED, body=_approve, permission=_may("approve")
        ),
        Transition(
            "publish", "公开", frozenset({R.APPROVED}), R.PUBLISHED, body=_publish, permission=_may("publish")
        ),
        Transition(
            "report_up",
            "报送上级",
            frozenset({R.APPROVED, R.PUBLISHED}),
            None,
            body=_report_up,
            guard=_not_reported,
            permission=_may("report_up"),
        ),
        Transition(
            "send_back",
            "上级退回",
            frozenset({R.APPROVED}),
            R.DRAFT,
            body=_send_back,
            guard=_reported,
            permission=_may_send_back,
            style="danger",
        ),
        Transition(
            "return",
            "退回修改",
            frozenset({R.REVIEW, R.CLEARED, R.APPROVED}),
            R.DRAFT,
            body=_return,
            permission=_may("return"),
            style="danger",
        ),
    ],
    model=AnnualReport,
    prefix="reports",
    snapshot=_status,
    labels={
        "create": "新建报告",
        "clear_refused": "保密审查被拒（提交人不能本人审查）",
    },
)


# --- drafting: the edits of a report that change no status, run by the same runner ----------------
# (role and scope, the version the user read, one audit event; the report has no status history)


def _draft(report: AnnualReport) -> str:
    if report.status != R.DRAFT:
        return f"报告当前状态为「{report.get_status_display()}」，不能修改；如需修改请先退回"
    return ""


def _not_frozen(report: AnnualReport) -> str:
    return "报告已批准，数据已冻结" if report.is_frozen else ""


def _section(report: AnnualReport, data: dict[str, Any]) -> ReportSection:
    """The section a save edits, locked; its own version is the one the autosave read."""
    sid = getattr(data.get("section"), "pk", data.get("section"))
    section = ReportSection.objects.select_for_update().filter(report=report, pk=sid).first()
    if section is None:
        raise ValidationError("章节不存在")
    return section


def _save_section(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """A section's text (autosave or button): a new SectionVersion each time it changed."""
    section: ReportSection = ctx.part
    text = (data.get("text") or "").replace("\r\n", "\n").strip()
    title = data.get("title")
    new_title = section.title if title is None else title.strip()
    if text == section.text and new_title == section.title:
        ctx.unchanged = True  # an autosave of what is already stored: no new version
        return
    before = {"title": section.title, "text": section.text}
    section.text, section.title = text, new_title
    number = section.version + 1  # the runner bumps the section's version to this after the body
    SectionVersion.objects.create(
        section=section, number=number, title=new_title, text=text, saved_by=ctx.actor
    )
    ctx.extra.update(
        {"section": section.code, "version": number, **diff(before, {"title": new_title, "text": text})}
    )


def _arrange(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """Titles, order and inclusion of sections, per government (RULES §7). ``rows``: id, title, order,
    enabled. The four sections required by Art 25 cannot be left out; only 其他需要报告的情况 is optional."""
    sections = {s.pk: s for s in report.sections.select_for_update()}
    for row in data.get("rows") or ():
        try:
            sec = sections.get(int(row["id"]))
            order = int(row["order"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError("章节顺序应为整数") from None
        if sec is None:
            raise ValidationError("章节不存在")
        enabled = bool(row.get("enabled", True))
        if not enabled and sec.code not in ("other",):
            raise ValidationError(f"「{sec.title or '导语'}」是年度报告必备内容，不能删除")
        new = {"title": str(row.get("title", sec.title)).strip()[:200], "order": order, "enabled": enabled}
        if sec.has_heading and not new["title"]:
            raise ValidationError("章节标题不能为空")
        old = {"title": sec.title, "order": sec.order, "enabled": sec.enabled}
        if new != old:
            ctx.extra[sec.code] = diff(old, new)
            for k, v in new.items():
                setattr(sec, k, v)
            sec.save(update_fields=["title", "order", "enabled"])
    ctx.unchanged = not ctx.extra


def _update(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    report.title, report.issuer = data["title"].strip(), data["issuer"].strip()
    report.planned_publication_on, report.signed_on = (
        data.get("planned_publication_on"),
        data.get("signed_on"),
    )


def _acknowledge(report: AnnualReport, data: dict[str, Any], ctx: Any) -> None:
    """The bureau confirms it has seen the listed data problems (they then no longer block approval)."""
    from .services import current_problems

    # Unfinished text ("（请填写…）") is not a data problem one can acknowledge: it must be filled in.
    current = {p.id: p for p in current_problems(report) if p.kind != "placeholder"}
    chosen = [i for i in data.get("problem_ids") or () if i in current]
    if not chosen:
        raise ValidationError("请选择要确认的数据问题")
    report.acknowledged_checks = sorted(set(report.acknowledged_checks or []) | set(chosen))
    ctx.extra["acknowledged"] = [current[i].message for i in chosen]


ALL = frozenset(R.values)

#: Drafting edits: a second table of the same record (not status steps, so no buttons among them).
EDITS = Workflow(
    dict(R.choices),
    [
        Transition(
            "section_save",
            "保存章节",
            ALL,
            None,
            body=_save_section,
            guard=_draft,
            part=_section,
            permission=_may("edit"),
        ),
        Transition("arrange", "调整章节", ALL, None, body=_arrange, guard=_draft, permission=_may("edit")),
        Transition("update", "修改报告信息", ALL, None, body=_update, guard=_draft, permission=_may("edit")),
        Transition(
            "acknowledge_checks",
            "确认数据问题",
            ALL,
            None,
            body=_acknowledge,
            guard=_not_frozen,
            permission=_may("acknowledge"),
        ),
    ],
    model=AnnualReport,
    prefix="reports",
    snapshot=_status,
)
