"""The 争议 list's result rows (``core.rows``: written in Python, the single source of this markup)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from fazhi.core.lists import display, row_urls
from fazhi.core.rows import cn, names, tbody, text

from .models import Dispute

RESOLVED = '<span class="badge text-bg-success">化解成功</span>'
UNRESOLVED = '<span class="badge text-bg-secondary">未化解</span>'
EMPTY = '<tr><td colspan="10" class="text-muted">没有符合条件的争议</td></tr>'


def dispute_rows(disputes: Sequence[Dispute]) -> SafeString:
    """The rows of one page (``org`` selected, ``parties`` prefetched by ``selectors.with_related``)."""
    url = row_urls("disputes:dispute_detail")

    def row(d: Dispute) -> str:
        resolved = RESOLVED if d.resolved else UNRESOLVED if d.resolved is False else ""
        return (
            f'\n  <tr data-dispute-id="{text(d.pk)}">\n'
            f'    <td class="text-nowrap"><a href="{text(url(d.pk))}">{text(d.number)}</a></td>\n'
            f"    <td>{text(d.org.name)}</td><td>{text(display(d, 'source'))}</td>"
            f"<td>{text(display(d, 'channel'))}</td>\n"
            f"    <td>{names(d.parties.all())}</td>\n"
            f"    <td>{text(Truncator(d.summary).chars(24))}</td><td>{cn(d.opened_on)}</td>"
            f"<td>{text(display(d, 'status'))}</td>\n"
            f"    <td>{cn(d.closed_on)}</td>\n"
            f"    <td>{resolved}</td>\n"
            "  </tr>\n  "
        )

    return tbody(disputes, row, EMPTY)
