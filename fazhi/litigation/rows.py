"""The 应诉 list's result rows (``core.rows``: written in Python, the single source of this markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.safestring import SafeString

from fazhi.core.lists import display, row_urls
from fazhi.core.rows import cn, names, tbody, text
from fazhi.workdays.deadlines import Memo

from . import deadlines
from .models import LitigationCase

OVERDUE = ' <span class="badge fz-status-overdue">超期</span>'
LOSS = ' <span class="badge text-bg-danger">败诉</span>'
EMPTY = '\n  <tr><td colspan="10" class="text-muted">没有符合条件的案件</td></tr>\n  '


def case_rows(cases: Sequence[LitigationCase], today: date) -> SafeString:
    """The rows of one page; each case has ``row_plaintiffs`` prefetched (``to_attr``) and ``org`` selected.
    The answer and appeal deadlines come from the cached columns (``deadlines.row_deadlines``)."""
    url = row_urls("litigation:case_detail")
    memo = Memo(today)

    def row(c: LitigationCase) -> str:
        answer, appeal = deadlines.row_deadlines(c, memo)
        overdue = any(d is not None and d.is_overdue for d in (answer, appeal))
        answer_cell = (
            f'<span class="badge fz-status-{text(answer.status)}">{text(answer.status_label)}</span> {cn(answer.due)}'
            if answer
            else ""
        )
        outcome = f"{text(display(c, 'outcome'))}{LOSS if c.is_loss else ''}" if c.outcome else ""
        return (
            f'\n  <tr data-case-id="{text(c.pk)}">\n'
            f'    <td class="text-nowrap"><a href="{text(url(c.pk))}">{text(c.court_case_number)}</a></td>\n'
            f"    <td>{text(display(c, 'instance'))}</td>\n"
            f"    <td>{text(c.org.name)}</td>\n"
            f"    <td>{names(c.row_plaintiffs)}</td>\n"  # type: ignore[attr-defined]
            f"    <td>{text(c.cause)}</td>\n"
            f'    <td class="text-nowrap">{cn(c.served_on)}</td>\n'
            f'    <td class="text-nowrap">{answer_cell}</td>\n'
            f"    <td>{text(display(c, 'status'))}{OVERDUE if overdue else ''}</td>\n"
            f"    <td>{outcome}</td>\n"
            f"    <td>{cn(c.concluded_on)}</td>\n"
            "  </tr>\n  "
        )

    return tbody(cases, row, EMPTY)
