"""``/api/v1/contracts/``: list/detail/register and one POST per transition of ``CONTRACT_WORKFLOW``
(``sign``, ``terminate``, ``edit``); the counterparty's ID and phone masked per user."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from fazhi.core.api import entered_date
from fazhi.core.api_records import RecordViewSet, party_serializer
from fazhi.orgs.models import OrgUnit

from . import contract_selectors as selectors
from .contract_actions import CONTRACT_WORKFLOW
from .contract_filters import ContractFilterSet
from .contract_services import create_contract
from .contracts import AdministrativeContract


class ContractCreateSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), help_text="行政机关（OrgUnit id）"
    )
    title = serializers.CharField(max_length=200)
    subject = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None
    )
    registered_on = serializers.DateField(validators=[entered_date])
    term_start = serializers.DateField(required=False, allow_null=True, default=None)
    term_end = serializers.DateField(required=False, allow_null=True, default=None)
    counterparty = party_serializer(AdministrativeContract)()


class ContractViewSet(RecordViewSet):
    model = AdministrativeContract
    records = selectors.contract_queryset
    filterset_class = ContractFilterSet
    workflow = CONTRACT_WORKFLOW
    fields = [
        *("id", "number", "org", "org_name", "title", "subject", "amount", "parties"),
        *("registered_on", "term_start", "term_end", "status", "status_label", "signed_on"),
        *("terminated_on", "termination_reason", "version", "actions"),
    ]
    parties = "parties"
    create_input = ContractCreateSerializer
    create_service = create_contract
