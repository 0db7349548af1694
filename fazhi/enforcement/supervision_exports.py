"""Excel of the supervision lists (案卷评查, 执法投诉, 监督文书), declared (``core.exports.Export``) and served by
``core.excel_views.ExcelPages(importable=False)``: the list page's 导出 writes the records the list shows
the user (same filters, same scope), streamed; the complainant's ID number and phone go through the one
masking rule (``core.pii.shown``)."""

from __future__ import annotations

from fazhi.core.exports import Export, ExportColumn, field, party_cells

from . import filters, selectors

_BODY = ExportColumn("执法主体", lambda r, actor: r.body.name)


class CaseReviews:
    """``case_review_export``: 案卷评查."""

    EXPORT = Export(
        [
            field("title", "评查事项"),
            _BODY,
            field("org", "所在单位"),
            field("reviewer", "评查人"),
            field("started_on", "抽查日期"),
            ExportColumn("抽查案卷", lambda r, actor: "、".join(a.case_number for a in r.actions.all())),
            field("reviewed_on", "评查日期"),
            field("score", "评查得分"),
            field("problems_found", "发现的问题"),
            field("rectify_due", "整改期限"),
            field("rectified_on", "整改完成日期"),
            field("status", "状态"),
        ],
        scoped=selectors.case_reviews_for,
        related=selectors.case_reviews_related,
        filterset=filters.CaseReviewFilterSet,
        order=("-id",),
    )


def _on_time(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


class Complaints:
    """``complaint_export``: 执法投诉 (the complainant's ID number and phone masked per role)."""

    EXPORT = Export(
        [
            field("received_on", "收到投诉日期"),
            _BODY,
            field("org", "所在单位"),
            *party_cells("parties", "投诉人"),
            field("summary", "投诉事项"),
            field("due_on", "办理期限"),
            field("handled_on", "办结日期"),
            ExportColumn("按期办结", lambda r, actor: _on_time(r.handled_on_time)),
            field("result", "办理结果"),
            field("status", "状态"),
        ],
        scoped=selectors.complaints_for,
        related=selectors.complaints_related,
        filterset=filters.ComplaintFilterSet,
        order=("-id",),
    )


class Notices:
    """``notice_export``: 行政执法监督意见书/建议书."""

    EXPORT = Export(
        [
            field("number", "文号"),
            field("kind", "文书类别"),
            _BODY,
            field("org", "所在单位"),
            field("issued_on", "制发日期"),
            field("content", "监督意见/建议"),
            field("reply_due", "回复期限"),
            field("replied_on", "回复日期"),
            ExportColumn("按期回复", lambda r, actor: _on_time(r.replied_on_time)),
            field("status", "状态"),
        ],
        scoped=selectors.notices_for,
        related=selectors.notices_related,
        filterset=filters.NoticeFilterSet,
        order=("-id",),
    )
