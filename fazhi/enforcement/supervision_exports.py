"""Excel of the supervision lists (案卷评查, 执法投诉, 监督文书), declared (``core.exports.Export``) and served by
``core.excel_views.ExcelPages(importable=False)``: the list page's 导出 writes the records the list shows
the user (same filters, same scope), streamed; the complainant's ID number and phone go through the one
masking rule (``core.pii.shown``)."""

from __future__ import annotations

from fazhi.core.exports import Export, field, joined, party_cells

from . import filters, selectors


class CaseReviews:
    """``case_review_export``: 案卷评查."""

    EXPORT = Export(
        [
            field("title", "评查事项"),
            field("body", "执法主体"),
            field("org", "所在单位"),
            field("reviewer", "评查人"),
            field("started_on", "抽查日期"),
            joined("actions", "case_number", "抽查案卷"),
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


class Complaints:
    """``complaint_export``: 执法投诉 (the complainant's ID number and phone masked per role)."""

    EXPORT = Export(
        [
            field("received_on", "收到投诉日期"),
            field("body", "执法主体"),
            field("org", "所在单位"),
            *party_cells("parties", "投诉人"),
            field("summary", "投诉事项"),
            field("due_on", "办理期限"),
            field("handled_on", "办结日期"),
            field("handled_on_time", "按期办结"),
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
            field("body", "执法主体"),
            field("org", "所在单位"),
            field("issued_on", "制发日期"),
            field("content", "监督意见/建议"),
            field("reply_due", "回复期限"),
            field("replied_on", "回复日期"),
            field("replied_on_time", "按期回复"),
            field("status", "状态"),
        ],
        scoped=selectors.notices_for,
        related=selectors.notices_related,
        filterset=filters.NoticeFilterSet,
        order=("-id",),
    )
