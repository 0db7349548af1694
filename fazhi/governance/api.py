"""``/api/v1/governance/…``: duties, trainings, advisers, consultations, indicator values and rectifications
(list/detail/create; 整改完成 and 指标确认 as the POSTs of their tables), and ``idle-advisers``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, views
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.api import BUSINESS_API_PERMISSIONS, MAX_ID, entered_date
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
        description="顾而不问：该日在聘期内、此前若干个月（各级政府在政府设置中自行设定，默认6个月）无咨询记录的法律顾问",
    )
    def get(self, request: Request) -> Response:
        field = serializers.DateField()
        raw = request.query_params.get("on")
        on = field.run_validation(raw) if raw else today()
        rows = selectors.idle_advisers(request.user, on)[:500]
        return Response(IdleAdviserSerializer(rows, many=True).data)


class PlanItemCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=100)
    org = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, default=None, help_text="牵头单位"
    )
    content = serializers.CharField(required=False, allow_blank=True, default="")
    co_units = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False, default=list, help_text="协办单位"
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanItemViewSet(RecordViewSet):
    model = m.PlanItem
    records = selectors.plan_items_for
    related = selectors.with_co_units
    filterset_class = filters.PlanItemFilterSet
    workflow = actions.PLAN
    fields = [
        "id",
        "org",
        "org_name",
        "year",
        "title",
        "content",
        "co_units",
        "due_on",
        "status",
        "status_label",
        "version",
        "actions",
    ]
    serializer_name = "PlanItem"
    create_input = PlanItemCreateSerializer
    create_service = services.create_plan_item


class InspectionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    date = serializers.DateField(validators=[entered_date])
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    org = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, default=None, help_text="组织单位"
    )


class InspectionViewSet(RecordViewSet):
    model = m.Inspection
    records = selectors.inspections_for
    related = selectors.with_org
    filterset_class = filters.InspectionFilterSet
    workflow = actions.INSPECTIONS
    fields = [
        "id",
        "org",
        "org_name",
        "title",
        "date",
        "subject",
        "status",
        "status_label",
        "closed_on",
        "version",
        "actions",
    ]
    create_input = InspectionCreateSerializer
    create_service = services.create_inspection


class AssessmentChildSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)


class AssessmentItemInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    max_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    children = AssessmentChildSerializer(many=True, required=False, default=list)


class AssessmentCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    org = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, default=None, help_text="组织单位"
    )
    items = AssessmentItemInputSerializer(
        many=True, help_text="指标体系：一级指标（权重之和100）及其二级指标（权重之和等于上级权重）"
    )


class ScoreInputRow(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="末级指标 id")
    score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)


class ScoresInputSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="被考核单位")
    scores = ScoreInputRow(many=True)


class ScoreRowSerializer(serializers.Serializer):
    org = serializers.IntegerField(source="org_id")
    org_name = serializers.CharField(source="org__name")
    rank = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    scores = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    )


class AssessmentItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    title = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)


class ScoreTableSerializer(serializers.Serializer):
    leaves = AssessmentItemSerializer(many=True)
    rows = ScoreRowSerializer(many=True)


class AssessmentViewSet(RecordViewSet):
    model = m.Assessment
    records = selectors.assessments_for
    related = selectors.with_org
    filterset_class = filters.AssessmentFilterSet
    fields = ["id", "org", "org_name", "year", "title", "version"]
    create_input = AssessmentCreateSerializer
    create_service = services.create_assessment

    @extend_schema(
        request=None,
        responses=ScoreTableSerializer,
        description="得分表：末级指标及各单位得分、总分、名次（单位只见本单位）",
    )
    @action(detail=True, methods=["get"], url_path="score-table")
    def score_table(self, request: Request, pk: Any = None) -> Response:
        leaves, rows = selectors.score_table(request.user, self.get_object())
        return Response(ScoreTableSerializer({"leaves": leaves, "rows": rows}).data)

    @extend_schema(
        request=ScoresInputSerializer,
        responses=ScoreTableSerializer,
        description="录入一个单位的得分（司法局）",
    )
    @action(detail=True, methods=["post"], url_path="scores")
    def scores(self, request: Request, pk: Any = None) -> Response:
        a = self.get_object()
        ser = ScoresInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        services.enter_scores(
            a,
            actor=request.user,
            org=data["org"],
            scores={r["item"]: r["score"] for r in data["scores"]},
            request=request,
        )
        leaves, rows = selectors.score_table(request.user, a)
        return Response(ScoreTableSerializer({"leaves": leaves, "rows": rows}).data)
