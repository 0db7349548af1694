"""``/api/v1/disputes/``: list/detail/create and one POST action per transition of ``actions.WORKFLOW``."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api import entered_date
from fazhi.core.api_records import RecordViewSet, party_serializer
from fazhi.orgs.models import OrgUnit

from . import filters, selectors, services
from .actions import WORKFLOW
from .models import Channel, Dispute, Source


class DisputeCreateSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    source = serializers.ChoiceField(choices=Source.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    opened_on = serializers.DateField(validators=[entered_date])
    summary = serializers.CharField(max_length=5000)
    parties = party_serializer(Dispute)(many=True, required=False, default=list)
    related_litigation = serializers.IntegerField(required=False, allow_null=True, default=None)
    related_reconsideration = serializers.IntegerField(required=False, allow_null=True, default=None)


class DisputeViewSet(RecordViewSet):
    model = Dispute
    records = selectors.dispute_queryset
    filterset_class = filters.DisputeFilterSet
    workflow = WORKFLOW
    fields = [
        *("id", "number", "org", "org_name", "source", "channel", "summary", "parties"),
        *("related_litigation", "related_reconsideration", "links", "opened_on", "status", "status_label"),
        *("closed_on", "resolved", "how_resolved", "version", "actions"),
    ]
    parties = "parties"
    links = selectors.LINKS
    create_input = DisputeCreateSerializer
    create_service = services.create_dispute
