"""``/api/v1/litigation/cases/``: list/detail/create plus one POST action per transition of ``actions.WORKFLOW``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.casefiles.api_parts import PerformanceDetail, performance_field
from fazhi.core.actions import ActionViewSetMixin, actions_field_value
from fazhi.core.api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders
from fazhi.core.api_fields import PiiField
from fazhi.core.casework import run_edit
from fazhi.core.dates import today
from fazhi.core.links import LinkBatchListSerializer, LinksField, fetch_link
from fazhi.core.lists import ListFiltersOnList
from fazhi.orgs.models import OrgUnit
from fazhi.workdays.deadlines import Deadline, Memo

from . import deadlines, filters, selectors, services
from .actions import EDITS, WORKFLOW
from .edits import LitigationEditInput
from .models import (
    ActCategory,
    CoDefendant,
    CourtSession,
    Instance,
    LitigationCase,
    LossAccountability,
    PartyKind,
    Plaintiff,
)


class LitigationPlaintiffSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    id_number = PiiField("id", max_length=18, required=False, allow_blank=True, default="")
    phone = PiiField("phone", max_length=20, required=False, allow_blank=True, default="")


class LitigationSessionOutSerializer(serializers.ModelSerializer):
    head_counts = serializers.BooleanField(read_only=True)

    class Meta:
        model = CourtSession
        fields = [
            "id",
            "held_on",
            "notice_received_on",
            "head_appeared",
            "head_name",
            "head_post",
            "absence_reason",
            "substitute",
            "head_counts",
        ]


class LitigationAccountabilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = LossAccountability
        fields = ["opened_on", "conclusion", "responsible_persons", "closed_on"]


class LitigationCaseSerializer(serializers.ModelSerializer):
    defendant = serializers.PrimaryKeyRelatedField(source="org", read_only=True)
    defendant_name = serializers.CharField(source="org.name", read_only=True)
    court_name = serializers.CharField(source="court.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    plaintiffs = LitigationPlaintiffSerializer(many=True, read_only=True)
    sessions = LitigationSessionOutSerializer(many=True, read_only=True)
    is_loss = serializers.BooleanField(read_only=True)
    answer_due = serializers.SerializerMethodField()
    appeal_due = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    accountability = serializers.SerializerMethodField()
    co_defendants = serializers.SerializerMethodField(help_text="已确认的共同被告单位")
    pending_co_defendants = serializers.SerializerMethodField(
        help_text="待司法局确认的共同被告单位（确认前该单位看不到本案）"
    )
    links = LinksField(
        selectors.LINKS, help_text="关联案件（经对方模块的数据范围解析，无权查看的不返回内容）"
    )
    actions = serializers.SerializerMethodField(help_text="当前用户现在可执行的操作（仅单条记录）")
    performance = serializers.SerializerMethodField()

    class Meta:
        model = LitigationCase
        list_serializer_class = LinkBatchListSerializer
        fields = [
            "id",
            "court_case_number",
            "court",
            "court_name",
            "instance",
            "previous_instance",
            "defendant",
            "defendant_name",
            "co_defendants",
            "pending_co_defendants",
            "plaintiffs",
            "cause",
            "act_category",
            "served_on",
            "answer_filed_on",
            "agents",
            "status",
            "status_label",
            "judgment_kind",
            "outcome",
            "concluded_on",
            "judgment_served_on",
            "appeal_filed",
            "appeal_decided_on",
            "related_reconsideration",
            "links",
            "is_loss",
            "answer_due",
            "appeal_due",
            "is_overdue",
            "deadlines",
            "sessions",
            "accountability",
            "handler",
            "co_handler",
            "assigned_on",
            "version",
            "actions",
            "performance",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_co_defendants(self, case: LitigationCase) -> list[int]:
        # co_defendant_links is prefetched by the view set: no query per case
        return [co.org_id for co in case.co_defendant_links.all() if co.is_confirmed]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_pending_co_defendants(self, case: LitigationCase) -> list[int]:
        return [co.org_id for co in case.co_defendant_links.all() if not co.is_confirmed]

    def get_actions(self, case: LitigationCase) -> list[dict[str, str]]:
        return actions_field_value(self, WORKFLOW, case)

    @extend_schema_field(PerformanceDetail(allow_null=True))
    def get_performance(self, obj: LitigationCase) -> dict[str, Any] | None:
        """履行监督（仅单条记录；未登记为 null）：履行期限、履行日期与是否按期。"""
        return performance_field("litigation", self, obj)

    def _today(self) -> Any:
        # Not ``setdefault(…, today())``: that read the clock 4 times a row (issue 11 item 3).
        if "today" not in self.context:
            self.context["today"] = today()
        return self.context["today"]

    def _row_deadlines(self, case: LitigationCase) -> tuple[Deadline | None, Deadline | None]:
        """The answer and appeal deadlines, once per row, from the cached columns (``row_deadlines``; the
        working-day arithmetic memoised per request)."""
        cache = self.context.setdefault("_row_deadlines", {})
        if case.pk not in cache:
            memo = self.context.get("_deadline_memo")
            if memo is None:
                memo = self.context["_deadline_memo"] = Memo(self._today())
            cache[case.pk] = deadlines.row_deadlines(case, memo)
        return cache[case.pk]

    def get_answer_due(self, case: LitigationCase) -> str | None:
        return deadlines.due_or_missing(self._row_deadlines(case)[0])

    def get_appeal_due(self, case: LitigationCase) -> str | None:
        return deadlines.due_or_missing(self._row_deadlines(case)[1])

    def get_is_overdue(self, case: LitigationCase) -> bool:
        return any(d is not None and d.is_overdue for d in self._row_deadlines(case))

    def get_deadlines(self, case: LitigationCase) -> list[dict[str, Any]]:
        return [
            {
                "code": d.rule.code,
                "label": d.rule.label,
                "due": d.due,
                "status": d.status,
                "status_label": d.status_label,
                "basis": d.rule.basis,
            }
            for d in deadlines.case_deadlines(case, self._today())
        ]

    def get_accountability(self, case: LitigationCase) -> dict[str, Any] | None:
        try:
            acc = case.accountability  # select_related by the view set: no query per case
        except LossAccountability.DoesNotExist:
            acc = None
        return LitigationAccountabilitySerializer(acc).data if acc else None


class LitigationCaseCreateSerializer(serializers.Serializer):
    court_case_number = serializers.CharField(max_length=60)
    court = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.COURT))
    instance = serializers.ChoiceField(choices=Instance.choices, default=Instance.FIRST)
    previous_instance = serializers.PrimaryKeyRelatedField(
        queryset=LitigationCase.objects.all(), required=False, allow_null=True
    )
    plaintiffs = LitigationPlaintiffSerializer(many=True)
    defendant = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    co_defendants = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False
    )
    cause = serializers.CharField(max_length=200)
    act_category = serializers.ChoiceField(choices=ActCategory.choices)
    served_on = serializers.DateField()
    agents = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    related_reconsideration = serializers.IntegerField(required=False, allow_null=True, default=None)


class LitigationCaseViewSet(ActionViewSetMixin, ListFiltersOnList, viewsets.ModelViewSet):
    serializer_class = LitigationCaseSerializer
    workflow = WORKFLOW

    @extend_schema(request=LitigationEditInput, responses=LitigationCaseSerializer)
    @action(detail=True, methods=["post"], url_path="edit")
    def edit(self, request: Request, pk: Any = None) -> Response:
        """更正登记信息：只传需要更正的字段，并说明理由（审计保留原值与新值）。"""
        return run_edit(self, EDITS, LitigationEditInput)

    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.CaseFilterSet

    def get_queryset(self) -> Any:
        return (
            LitigationCase.objects.visible_to(self.request.user)
            .select_related("org", "court", "accountability")
            .prefetch_related(
                Prefetch("plaintiffs", queryset=Plaintiff.objects.order_by("id")),
                Prefetch("sessions", queryset=CourtSession.objects.order_by("held_on", "id")),
                selectors.co_defendant_links(),
            )
        )

    @extend_schema(request=LitigationCaseCreateSerializer, responses=LitigationCaseSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = LitigationCaseCreateSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        previous = d.get("previous_instance")
        if (
            previous is not None
            and not LitigationCase.objects.visible_to(request.user).filter(pk=previous.pk).exists()
        ):
            previous = None
        data = services.CaseData(
            court_case_number=d["court_case_number"],
            court=d["court"],
            defendant=d["defendant"],
            cause=d["cause"],
            act_category=d["act_category"],
            served_on=d["served_on"],
            instance=d["instance"],
            previous_instance=previous,
            agents=d["agents"],
            co_defendants=d.get("co_defendants", []),
            plaintiffs=[services.PlaintiffData(**p) for p in d["plaintiffs"]],
            related_reconsideration=fetch_link(
                request.user,
                services.RECONSIDERATION,
                d["related_reconsideration"],
                field="related_reconsideration",
            ),
        )
        case = services.create_case(actor=request.user, data=data, request=request)
        return Response(self._out(case), status=status.HTTP_201_CREATED)

    def _out(self, case: LitigationCase) -> Any:
        fresh = self.get_queryset().get(pk=case.pk)
        return LitigationCaseSerializer(fresh, context=self.get_serializer_context()).data


class CoDefendantLinkSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.court_case_number", read_only=True)
    defendant = serializers.IntegerField(source="case.org_id", read_only=True)
    defendant_name = serializers.CharField(source="case.org.name", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    requested_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = CoDefendant
        fields = [
            "id",
            "case",
            "case_number",
            "defendant",
            "defendant_name",
            "org",
            "org_name",
            "state",
            "state_label",
            "requested_by",
            "requested_at",
        ]


class CoDefendantRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CoDefendantLinkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """共同被告待确认：填报单位将本单位以外的单位列为共同被告的，由司法局确认（confirm，此后该单位可查看本案）
    或不予确认（reject，关联删除）。仅司法局工作人员可见、可操作，均记入全过程记录。"""

    # Issue 8 item 9: the queue is the bureau's pending links within its scope (selectors).

    serializer_class = CoDefendantLinkSerializer
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    filter_backends: list = []

    def get_queryset(self) -> Any:
        return selectors.pending_co_defendants(self.request.user)

    @extend_schema(request=None, responses=CoDefendantLinkSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        row = services.confirm_co_defendant(actor=request.user, link=self.get_object(), request=request)
        return Response(CoDefendantLinkSerializer(row).data)

    @extend_schema(request=CoDefendantRejectSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        ser = CoDefendantRejectSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.reject_co_defendant(
            actor=request.user, link=self.get_object(), reason=ser.validated_data["reason"], request=request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
