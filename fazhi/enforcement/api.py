"""``/api/v1/enforcement/…``: bodies, officers (with their certificates), decisions and the problems list,
declared (``fazhi.core.api_records.RecordViewSet``): list/detail/create and one POST per transition."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import MAX_ID, entered_date
from fazhi.core.api_fields import PiiField
from fazhi.core.api_records import RecordViewSet
from fazhi.core.parts import PartyKind
from fazhi.orgs.models import OrgUnit

from . import bulk, filters, selectors, services
from .actions import BODY_WORKFLOW, OFFICER_WORKFLOW, WORKFLOW
from .models import (
    ActionType,
    BodyKind,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    Officer,
    PenaltyKind,
)


class BodyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    legal_basis = serializers.CharField(max_length=5000)
    fields = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    powers = serializers.IntegerField(min_value=0, max_value=100000, required=False, default=0)


class BodyViewSet(RecordViewSet):
    model = EnforcementBody
    records = selectors.bodies_for
    related = selectors.bodies_related
    filterset_class = filters.BodyFilterSet
    workflow = BODY_WORKFLOW
    fields = [
        *("id", "name", "org", "org_name", "kind", "legal_basis", "fields", "powers"),
        *("status", "status_label", "confirmed_on", "published_on", "version", "actions"),
    ]
    serializer_name = "EnforcementBody"
    create_input = BodyCreateSerializer
    create_service = services.create_body


class OfficerCertificateSerializer(serializers.ModelSerializer):
    status = serializers.CharField(source="status_today", read_only=True, help_text="今日状态（含已过期）")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "issuer",
            "issued_on",
            "valid_until",
            "status",
            "ended_on",
            "training_hours",
        ]


class OfficerCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18)
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    in_post = serializers.BooleanField(required=False, default=True)
    field = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OfficerViewSet(RecordViewSet):
    model = Officer
    records = selectors.officers_for
    related = selectors.officers_related
    filterset_class = filters.OfficerFilterSet
    workflow = OFFICER_WORKFLOW
    fields = [
        *("id", "name", "id_number", "org", "org_name", "in_post", "field", "certificates"),
        *("status", "status_label", "version", "actions"),
    ]
    serializer_name = "EnforcementOfficer"
    serializer_extra = {
        "id_number": PiiField("id", read_only=True),
        "certificates": OfficerCertificateSerializer(many=True, read_only=True),
    }
    create_input = OfficerCreateSerializer
    create_service = services.create_officer


class ActionCreateSerializer(serializers.Serializer):
    body = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    action_type = serializers.ChoiceField(choices=ActionType.choices)
    case_number = serializers.CharField(max_length=60)
    filed_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[entered_date])
    decided_on = serializers.DateField(validators=[entered_date])
    served_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=[entered_date]
    )
    officers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), max_length=50, default=list
    )
    penalty_kind = serializers.ChoiceField(
        choices=PenaltyKind.choices, required=False, allow_blank=True, default=""
    )
    penalty_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None, min_value=0
    )
    is_major = serializers.BooleanField(required=False, default=False)
    review = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_ID
    )
    recordings = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    party_kind = serializers.ChoiceField(choices=PartyKind.choices)
    party_name = serializers.CharField(max_length=100)
    party_id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        party = {"kind": attrs.pop("party_kind"), "name": attrs.pop("party_name")}
        party["id_number"] = attrs.pop("party_id_number", "")
        return {**attrs, "parties": [party]}


ACTION_FIELDS = [
    *("id", "body", "body_name", "org", "org_name", "action_type", "case_number", "parties", "officers"),
    *("filed_on", "decided_on", "served_on", "penalty_kind", "penalty_amount", "is_major", "recordings"),
    *("status", "status_label", "publicity_due", "publicized_on", "published_on_time", "revoked_on"),
    *("withdrawn_on", "problems", "version", "actions"),
]
ACTION_EXTRA = {
    "body_name": serializers.CharField(source="body.name", read_only=True),
    "officers": serializers.PrimaryKeyRelatedField(many=True, read_only=True),
    "published_on_time": serializers.BooleanField(
        read_only=True, allow_null=True, help_text="是否在期限内公示（未公示为 null）"
    ),
    "problems": serializers.ListField(
        source="problem_codes", child=serializers.CharField(), read_only=True, help_text="问题代码"
    ),
}


class ActionViewSet(RecordViewSet):
    model = EnforcementAction
    records = selectors.actions_for
    related = selectors.actions_related
    filterset_class = filters.ActionFilterSet
    workflow = WORKFLOW
    fields = ACTION_FIELDS
    parties = "parties"
    serializer_name = "EnforcementAction"
    serializer_extra = ACTION_EXTRA
    create_input = ActionCreateSerializer
    create_service = services.create_action

    @extend_schema(
        request=bulk.BulkSerializer,
        responses={200: bulk.BulkResultSerializer, 400: bulk.BulkResultSerializer},
    )
    @action(detail=False, methods=["post"], url_path="bulk")
    def bulk(self, request: Any) -> Response:
        """批量报送执法决定：每次至多1000条，全部通过才写入；按（执法主体，案号）去重，重复报送不重复写入。"""
        ser = bulk.BulkSerializer(data=request.data)
        if not ser.is_valid():  # the same answer shape as a refused row: nothing written, reasons listed
            return Response({"created": 0, "existing": [], "errors": _flat(ser.errors)}, status=400)
        out = bulk.intake([dict(r) for r in ser.validated_data["records"]], request.user)
        return Response(out, status=400 if out["errors"] else 200)


def _flat(errors: Any, where: str = "") -> list[str]:
    """DRF's nested errors as lines (「records[3].body：…」)."""
    if isinstance(errors, dict):
        return [m for k, v in errors.items() for m in _flat(v, f"{where}.{k}" if where else str(k))]
    if isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            return [f"{where}：{e}" if where else str(e) for e in errors]
        return [m for i, v in enumerate(errors) if v for m in _flat(v, f"{where}[{i + 1}]")]
    return [f"{where}：{errors}" if where else str(errors)]


def _problem_actions(user: Any) -> Any:
    return selectors.actions_for(user).filter(problem_count__gt=0)


class ProblemViewSet(RecordViewSet):
    """The decisions flagged with a named problem (read only)."""

    http_method_names = ["get", "head", "options"]
    model = EnforcementAction
    records = _problem_actions
    related = selectors.actions_related
    filterset_class = filters.ActionFilterSet
    fields = [f for f in ACTION_FIELDS if f != "actions"]
    parties = "parties"
    serializer_name = "EnforcementProblem"
    serializer_extra = ACTION_EXTRA
