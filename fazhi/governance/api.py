"""``/api/v1/governance/…``: duties, trainings, advisers, consultations, indicator values and rectifications
(list/detail/create; 整改完成 and 指标确认 as the POSTs of their tables), and ``idle-advisers``."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, views
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import BUSINESS_API_PERMISSIONS, entered_date
from fazhi.core.api_records import RecordViewSet, record_serializer
from fazhi.core.dates import today
from fazhi.orgs.models import OrgUnit

from . import actions, filters, selectors, services
from . import models as m


class DutyCreateSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    person_post = serializers.PrimaryKeyRelatedField(
        queryset=m.OfficeHolder.objects.all(), help_text="第一责任人（任职记录 id）"
    )
    kind = serializers.ChoiceField(choices=m.DutyKind.choices)
    subject = serializers.CharField(max_length=300)


class DutyViewSet(RecordViewSet):
    model = m.LeadershipDuty
    records = selectors.duties_for
    related = selectors.with_holder
    filterset_class = filters.DutyFilterSet
    fields = ["id", "org", "org_name", "date", "person_post", "person", "post", "kind", "subject", "version"]
    serializer_extra = {
        "person": serializers.CharField(source="person_post.person", read_only=True),
        "post": serializers.CharField(source="person_post.title", read_only=True),
    }
    serializer_name = "LeadershipDuty"
    create_input = DutyCreateSerializer
    create_service = services.create_duty


class TrainingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    start_on = serializers.DateField(validators=[entered_date])
    participants = serializers.IntegerField(min_value=0)
    end_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[entered_date])
    organiser = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, default=None
    )


class TrainingViewSet(RecordViewSet):
    model = m.Training
    records = selectors.trainings_for
    related = selectors.with_org
    filterset_class = filters.TrainingFilterSet
    fields = [
        "id",
        "org",
        "org_name",
        "title",
        "start_on",
        "end_on",
        "organiser",
        "participants",
        "hours",
        "version",
    ]
    create_input = TrainingCreateSerializer
    create_service = services.create_training


class AdviserCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="聘请单位")
    contract_from = serializers.DateField()
    contract_until = serializers.DateField()
    kind = serializers.ChoiceField(choices=m.AdviserKind.choices, default=m.AdviserKind.PERSON)
    firm = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    fee = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class AdviserViewSet(RecordViewSet):
    model = m.LegalAdviser
    records = selectors.advisers_for
    related = selectors.with_org
    filterset_class = filters.AdviserFilterSet
    fields = [
        "id",
        "org",
        "org_name",
        "name",
        "kind",
        "firm",
        "contract_from",
        "contract_until",
        "fee",
        "version",
    ]
    create_input = AdviserCreateSerializer
    create_service = services.create_adviser


class ConsultationCreateSerializer(serializers.Serializer):
    adviser = serializers.PrimaryKeyRelatedField(queryset=m.LegalAdviser.objects.all())
    date = serializers.DateField(validators=[entered_date])
    matter_kind = serializers.ChoiceField(choices=m.MatterKind.choices)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ConsultationViewSet(RecordViewSet):
    model = m.Consultation
    records = selectors.consultations_for
    related = selectors.with_adviser
    filterset_class = filters.ConsultationFilterSet
    fields = ["id", "org", "org_name", "adviser", "date", "matter_kind", "summary", "version"]
    create_input = ConsultationCreateSerializer
    create_service = services.create_consultation


class ValueCreateSerializer(serializers.Serializer):
    indicator = serializers.SlugRelatedField(
        slug_field="key", queryset=m.Indicator.objects.all(), help_text="指标代码，如 business.online_rate"
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="数值；百分比填 0–100；清单型可改填 items",
    )
    source = serializers.CharField(max_length=200)
    org = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="填报单位（默认本单位）",
    )
    items = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        help_text="清单型指标的事项，条数即数值",
    )


class IndicatorValueViewSet(RecordViewSet):
    model = m.IndicatorValue
    records = selectors.values_for
    related = selectors.with_indicator
    filterset_class = filters.ValueFilterSet
    workflow = actions.VALUE_WORKFLOW
    fields = [
        "id",
        "org",
        "org_name",
        "indicator",
        "indicator_key",
        "year",
        "value",
        "source",
        "status",
        "status_label",
        "confirmed_on",
        "version",
        "actions",
    ]
    serializer_extra = {"indicator_key": serializers.CharField(source="indicator.key", read_only=True)}
    create_input = ValueCreateSerializer
    create_service = services.create_value


class RectificationCreateSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="整改单位")
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()


class RectificationViewSet(RecordViewSet):
    model = m.Rectification
    records = selectors.rectifications_for
    related = selectors.with_org
    filterset_class = filters.RectificationFilterSet
    workflow = actions.WORKFLOW
    fields = [
        "id",
        "org",
        "org_name",
        "title",
        "due_on",
        "status",
        "status_label",
        "completed_on",
        "evidence",
        "version",
        "actions",
    ]
    create_input = RectificationCreateSerializer
    create_service = services.create_rectification


IdleAdviserSerializer = record_serializer(
    m.LegalAdviser,
    ["id", "org", "org_name", "name", "kind", "contract_from", "contract_until"],
    name="IdleAdviser",
)


class IdleAdvisersView(views.APIView):
    permission_classes = BUSINESS_API_PERMISSIONS
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="截至日（默认今日）")],
        responses=IdleAdviserSerializer(many=True),
        description="顾而不问：该日在聘期内、此前若干个月（默认6个月）无咨询记录的法律顾问",
    )
    def get(self, request: Request) -> Response:
        field = serializers.DateField()
        raw = request.query_params.get("on")
        on = field.run_validation(raw) if raw else today()
        rows = selectors.idle_advisers(request.user, on)[:500]
        return Response(IdleAdviserSerializer(rows, many=True).data)
