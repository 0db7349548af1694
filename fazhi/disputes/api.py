"""``/api/v1/disputes/``: list/detail/create and one POST action per transition of ``actions.WORKFLOW``."""

from __future__ import annotations

from fazhi.core.api_records import RecordViewSet

from . import filters, selectors, services
from .actions import WORKFLOW
from .models import Dispute


class DisputeViewSet(RecordViewSet):
    model = Dispute
    records = selectors.disputes_for
    related = selectors.with_related
    filterset_class = filters.DisputeFilterSet
    workflow = WORKFLOW
    fields = [
        *("id", "number", "org", "org_name", "source", "channel", "summary", "parties"),
        *("related_litigation", "related_reconsideration", "links", "opened_on", "status", "status_label"),
        *("closed_on", "resolved", "how_resolved", "version", "actions"),
    ]
    parties = "parties"
    links = selectors.LINKS
    create_fields = ["org", "source", "channel", "opened_on", "summary"]  # + parties and links
    create_service = services.create_dispute
