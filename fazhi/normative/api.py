"""``/api/v1/normative/documents/`` (list/detail/create and one POST per transition of ``actions.WORKFLOW``)
and ``/api/v1/normative/cleanups/`` (a cleanup campaign applied all or nothing)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders, entered_date
from fazhi.core.api_records import RecordViewSet
from fazhi.core.dates import today
from fazhi.core.parts import numbering_government
from fazhi.orgs.models import OrgUnit

from . import filters, selectors, services
from .actions import WORKFLOW
from .models import CleanupCampaign, CleanupChoice, CleanupDecision, NormativeDocument


class DocumentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    issuer = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="制定机关")
    drafter = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="起草单位")
    doc_number = serializers.CharField(max_length=40, help_text="文号，如 示政发〔2019〕3号")
    provisional = serializers.BooleanField(
        required=False, default=False, help_text="暂行/试行（标题含暂行、试行时自动认定）"
    )


class DocumentViewSet(RecordViewSet):
    model = NormativeDocument
    records = selectors.document_queryset
    filterset_class = filters.DocumentFilterSet
    workflow = WORKFLOW
    fields = [
        *("id", "title", "doc_number", "issuer", "issuer_name", "drafter", "drafter_name", "provisional"),
        *("status", "status_label", "decided_on", "registration_number", "registered_on", "published_on"),
        *("valid_from", "valid_until", "filing_due", "filed_on", "filed_on_time", "in_force", "ended_on"),
        *("new_version", "version", "actions"),
    ]
    serializer_extra = {
        "issuer_name": serializers.CharField(source="issuer.name", read_only=True),
        "drafter": serializers.IntegerField(source="org_id", read_only=True, help_text="起草单位"),
        "drafter_name": serializers.CharField(source="org.name", read_only=True),
        "filed_on_time": serializers.BooleanField(
            read_only=True, allow_null=True, help_text="是否按时备案（未备案为空）"
        ),
        "in_force": serializers.BooleanField(read_only=True, help_text="今日是否有效"),
    }
    create_input = DocumentCreateSerializer
    create_service = services.create_document


class CleanupDecisionSerializer(serializers.ModelSerializer):
    decision = serializers.ChoiceField(choices=CleanupChoice.choices)

    class Meta:
        model = CleanupDecision
        fields = ["document", "decision"]


class CleanupDecisionInput(serializers.Serializer):
    document = serializers.IntegerField(min_value=1)
    decision = serializers.CharField(
        max_length=20, help_text="keep 继续有效 / amend 修改 / repeal 废止 / declare_invalid 宣布失效"
    )


class CleanupCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=[entered_date],
        help_text="清理决定日期（默认今日）",
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    decisions = CleanupDecisionInput(many=True)


class CleanupSerializer(serializers.ModelSerializer):
    decisions = CleanupDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CleanupCampaign
        fields = ["id", "org", "year", "title", "applied_on", "decisions", "version"]


class CleanupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CleanupSerializer
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.campaigns_for(self.request.user).prefetch_related("decisions").order_by("-id")

    @extend_schema(request=CleanupCreateSerializer, responses=CleanupSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = CleanupCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        campaign = services.apply_cleanup(
            actor=request.user,
            government=numbering_government(request.user.org),
            year=data["year"],
            on=data["date"] or today(),
            title=data["title"],
            decisions=[dict(d) for d in data["decisions"]],
            request=request,
        )
        return Response(
            CleanupSerializer(self.get_queryset().get(pk=campaign.pk)).data, status=status.HTTP_201_CREATED
        )
