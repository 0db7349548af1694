"""Pages of 行政争议化解, declared (``fazhi.core.pages.RecordPages``): list, detail, 登记 and 办结."""

from __future__ import annotations

from fazhi.core.pages import RecordPages

from . import filters, selectors, services
from .actions import WORKFLOW
from .forms import DisputeForm
from .rows import dispute_rows

pages = RecordPages(
    "disputes",
    "dispute",
    selectors.disputes_for,
    selectors.with_related,
    filters.DisputeFilterSet,
    WORKFLOW,
    links=selectors.LINKS,
    form=DisputeForm,
    create=services.create_dispute,
    created="已登记行政争议 {number}",
    context_name="d",
    rows=dispute_rows,
)
dispute_list, dispute_detail, dispute_create, dispute_action = pages.views()
