"""The 执法决定 lists' result rows (decisions and the supervisors' problems list; ``core.rows``: written in
Python, the single source of this markup)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from fazhi.core.lists import display, row_urls
from fazhi.core.rows import cn, names, tbody, text

from .models import EnforcementAction

MAJOR = ' <span class="badge text-bg-warning">重大</span>'
EMPTY = '<tr><td colspan="9" class="text-muted">没有符合条件的执法决定</td></tr>'


def action_rows(actions: Sequence[EnforcementAction]) -> SafeString:
    """The rows of one page (``body`` selected, ``parties`` and ``problems`` prefetched by
    ``selectors.actions_related``); the detail link from one ``reverse`` a page."""
    url = row_urls("enforcement:action_detail")

    def row(a: EnforcementAction) -> str:
        problems = "".join(
            f'<span class="badge text-bg-danger">{text(display(p, "code"))}</span> ' for p in a.problems.all()
        )
        return (
            f'\n  <tr data-row="action-{text(a.pk)}">\n'
            f'    <td class="text-nowrap"><a href="{text(url(a.pk))}">{text(a.case_number)}</a></td>\n'
            f"    <td>{text(a.body.name)}</td><td>{text(display(a, 'action_type'))}"
            f"{MAJOR if a.is_major else ''}</td>\n"
            f"    <td>{names(a.parties.all())}</td>\n"
            f"    <td>{cn(a.decided_on)}</td><td>{cn(a.publicity_due)}</td><td>{cn(a.publicized_on)}</td>"
            f"<td>{text(display(a, 'status'))}</td>\n"
            f"    <td>{problems}</td>\n"
            "  </tr>\n  "
        )

    return tbody(actions, row, EMPTY)
