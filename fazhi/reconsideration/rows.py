"""The 复议 list's result rows (``core.rows``: written in Python, the single source of this markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.safestring import SafeString

from fazhi.core.lists import display, row_urls
from fazhi.core.rows import cn, names, tbody, text
from fazhi.workdays.deadlines import Memo
from fazhi.workdays.deadlines import Status as DStatus

from .models import OPEN_STATUSES, ReconsiderationCase, Status

DEEMED = '<span class="badge text-bg-warning ms-1" title="受理审查期限届满未作决定（行政复议法第三十条）">视为受理</span>'
EMPTY = '<tr><td colspan="9" class="text-muted">没有符合条件的案件</td></tr>'


def _decision_cell(case: ReconsiderationCase, memo: Memo) -> str:
    """The decision deadline from the cached ``decision_due`` (no query): a status badge while open."""
    due = case.decision_due
    if case.status not in OPEN_STATUSES:
        return cn(due) if due else ""
    if case.status == Status.SUSPENDED:
        return f'<span class="badge fz-status-{DStatus.SUSPENDED}">中止中</span>'
    if due is None:
        return f'<span class="badge fz-status-{DStatus.CALENDAR_MISSING}">日历缺失</span>'
    status = memo.classify(due)
    shown = "日历缺失" if status == DStatus.CALENDAR_MISSING else cn(due)
    return f'<span class="badge fz-status-{text(status)}">{shown}</span>'


def case_rows(cases: Sequence[ReconsiderationCase], today: date) -> SafeString:
    """The rows of one page; each case has ``row_applicants`` prefetched (``to_attr``) and ``org`` selected."""
    url = row_urls("reconsideration:case_detail")
    memo = Memo(today)

    def row(case: ReconsiderationCase) -> str:
        number = text(case.number)
        deemed = (
            case.status == Status.RECEIVED and case.acceptance_due is not None and case.acceptance_due < today
        )
        return (
            f'\n    <tr data-case="{number}">\n'
            f'      <td><a href="{text(url(case.pk))}">{number}</a></td>\n'
            f"      <td>{names(case.row_applicants)}</td>\n"  # type: ignore[attr-defined]
            f"      <td>{text(case.org.name)}</td>\n"
            f'      <td class="text-truncate">{text(case.contested_act)}</td>\n'
            f"      <td>{text(display(case, 'field'))}</td>\n"
            f"      <td>{cn(case.received_on)}</td>\n"
            f"      <td>{text(display(case, 'status'))}{DEEMED if deemed else ''}</td>\n"
            f"      <td>{_decision_cell(case, memo)}</td>\n"
            f"      <td>{text(display(case, 'outcome'))}</td>\n"
            "    </tr>\n  "
        )

    return tbody(cases, row, EMPTY)
