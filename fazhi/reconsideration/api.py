"""``/api/v1/reconsideration/cases/``: list (the page's filters), retrieve, create, one POST per transition.

Scoped like the pages (outside scope → 404); ID and phone numbers masked unless the user sees
personal data; an invalid transition is a 400 with a Chinese message and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.casefiles.api_parts import PerformanceDetail, performance_field
from fazhi.core.actions import ActionViewSetMixin, actions_field_value
from fazhi.core.api import (
    BUSINESS_API_PERMISSIONS,
    KeysetCursorPagination,
    ReadOnlyForLeaders,
)
from fazhi.core.api_fields import PiiField
from fazhi.core.casework import (
    AttachmentRemoveInput,
    FilingWindowSerializer,
    filing_window,
    remove_attachment,
    run_edit,
)
from fazhi.core.dates import today as local_today
from fazhi.core.lists import ListFiltersOnList
from fazhi.core.search import repeat_hint_field, repeat_hint_schema
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs
from fazhi.workdays.deadlines import Status as DStatus
from fazhi.workdays.deadlines import api_due

from . import deadlines, selectors, services
from .actions import WORKFLOW
from .edits import EDITS, ReconsiderationEditInput
from .filters import CaseFilterSet
from .models import ActCategory, Channel, Field, Party, Procedure, ReconsiderationCase, Suspension


@extend_schema_serializer(component_name="ReconsiderationParty")
class PartySerializer(serializers.ModelSerializer):
    id_number = PiiField("id", read_only=True)
    phone = PiiField("phone", read_only=True)

    class Meta:
        model = Party
        fields = ["role", "kind", "name", "id_number", "phone"]


class PartyListSerializer(serializers.ListSerializer):
    """The parties as the list prefetched them (``Prefetch(..., to_attr="party_list")``: a plain list, no
    queryset built per row); a case read without that prefetch falls back to ``case.parties``."""

    def get_attribute(self, instance: ReconsiderationCase) -> Any:
        rows = getattr(instance, "party_list", None)
        return rows if rows is not None else list(instance.parties.all())


@extend_schema_serializer(component_name="ReconsiderationCase")
class CaseSerializer(serializers.ModelSerializer):
    respondent = serializers.PrimaryKeyRelatedField(source="org", read_only=True)
    respondent_name = serializers.CharField(source="org.name", read_only=True)
    # A nested field, not a method building a PartySerializer per row: that rebuilt (deep-copied) the
    # party fields 50 times a page, a third of the list's time (issue 11 item 3).
    applicants = PartyListSerializer(child=PartySerializer(), source="parties", read_only=True)
    acceptance_due = serializers.SerializerMethodField()
    acceptance_status = serializers.SerializerMethodField()
    decision_due = serializers.SerializerMethodField()
    answer_due = serializers.SerializerMethodField()
    answer_status = serializers.SerializerMethodField()
    calendar_missing = serializers.SerializerMethodField()
    decision_status = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="当前用户现在可执行的操作（仅单条记录）")
    performance = serializers.SerializerMethodField()
    filing_window = serializers.SerializerMethodField()
    repeat_applications = serializers.SerializerMethodField(
        help_text="重复申请提示：同一申请人（证件号相同，无证件号时姓名相同）此前的案件（仅登记和单条记录返回，列表为 null）"
    )

    class Meta:
        model = ReconsiderationCase
        fields = [
            "id",
            "number",
            "status",
            "respondent",
            "respondent_name",
            "received_on",
            "accepted_on",
            "deemed_accepted",
            "declined_on",
            "transferred_on",
            "abandoned_on",
            "copy_sent_on",
            "copy_served_on",
            "answered_on",
            "extension_days",
            "concluded_on",
            "outcome",
            "contested_act",
            "act_category",
            "field",
            "act_date",
            "known_on",
            "late_reason",
            "filing_window",
            "procedure",
            "channel",
            "applicants",
            "acceptance_due",
            "acceptance_status",
            "decision_due",
            "decision_status",
            "answer_due",
            "answer_status",
            "calendar_missing",
            "is_overdue",
            "handler",
            "co_handler",
            "assigned_on",
            "version",
            "actions",
            "performance",
            "repeat_applications",
        ]

    def _deadlines(self, obj: ReconsiderationCase) -> dict[str, Any]:
        """The row's three deadlines, once per row, from the cached columns where they are authoritative
        (``deadlines.row_deadlines``; the clock read and the working-day arithmetic memoised per request)."""
        cache = self.context.setdefault("_deadlines", {})
        if obj.pk not in cache:
            memo = self.context.get("_deadline_memo")
            if memo is None:
                memo = self.context["_deadline_memo"] = deadlines.Memo(local_today())
            cache[obj.pk] = deadlines.row_deadlines(obj, memo)
        return cache[obj.pk]

    def get_acceptance_due(self, obj: ReconsiderationCase) -> str | None:
        """ISO date, or "日历缺失" when the holiday table lacks the year — never a bare null (RULES §1)."""
        return api_due(self._deadlines(obj)["acceptance"])

    def get_acceptance_status(self, obj: ReconsiderationCase) -> str | None:
        d = self._deadlines(obj)["acceptance"]
        return d.status if d else None

    def get_decision_due(self, obj: ReconsiderationCase) -> str | None:
        """ISO date, or "日历缺失"/"中止中" when there is no date to show."""
        return api_due(self._deadlines(obj)["decision"])

    def get_answer_due(self, obj: ReconsiderationCase) -> str | None:
        """ISO date, or "待送达" until the respondent's receipt of the copy is recorded (RULES §2, Art 48)."""
        return api_due(self._deadlines(obj)["answer"])

    def get_answer_status(self, obj: ReconsiderationCase) -> str | None:
        d = self._deadlines(obj)["answer"]
        return d.status if d else None

    def get_calendar_missing(self, obj: ReconsiderationCase) -> bool:
        """The 日历缺失 flag: some deadline of the case falls in a year without calendar data."""
        return any(
            d is not None and d.status == DStatus.CALENDAR_MISSING for d in self._deadlines(obj).values()
        )

    def get_decision_status(self, obj: ReconsiderationCase) -> str | None:
        """ok / due_soon / overdue / done / suspended (中止中) / calendar_missing (日历缺失) / awaiting_service."""
        d = self._deadlines(obj)["decision"]
        return d.status if d else None

    def get_is_overdue(self, obj: ReconsiderationCase) -> bool:
        d = self._deadlines(obj)
        return any(x is not None and x.is_overdue for x in (d["acceptance"], d["decision"]))

    def get_actions(self, obj: ReconsiderationCase) -> list[dict[str, str]]:
        return actions_field_value(self, WORKFLOW, obj)

    @extend_schema_field(PerformanceDetail(allow_null=True))
    def get_performance(self, obj: ReconsiderationCase) -> dict[str, Any] | None:
        """履行监督（仅单条记录；未登记为 null）：履行期限、履行日期与是否按期。"""
        return performance_field("reconsideration", self, obj)

    @extend_schema_field(FilingWindowSerializer(allow_null=True))
    def get_filing_window(self, obj: ReconsiderationCase) -> dict[str, Any] | None:
        """收到申请超过知道行政行为之日起六十日（《行政复议法》第二十条）：提示日期与正当理由，不拒绝；未超过为 null。"""
        return filing_window(obj.known_on, obj.received_on, obj.late_reason)

    @repeat_hint_schema()
    def get_repeat_applications(self, obj: ReconsiderationCase) -> Any:
        user = self.context["request"].user
        return repeat_hint_field(
            self, obj, lambda: selectors.cases_for(user), relation="parties", date_field="received_on"
        )


class ReconsiderationPartyInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.PERSON)
    role = serializers.ChoiceField(choices=Party.Role.choices, default=Party.Role.APPLICANT)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class ReconsiderationCreateInput(serializers.Serializer):
    received_on = serializers.DateField()
    respondent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    applicants = ReconsiderationPartyInput(many=True)
    contested_act = serializers.CharField(max_length=300)
    field = serializers.ChoiceField(choices=Field.choices)
    act_category = serializers.ChoiceField(choices=ActCategory.choices)
    procedure = serializers.ChoiceField(choices=Procedure.choices, default=Procedure.ORDINARY)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WINDOW)
    act_date = serializers.DateField(required=False, allow_null=True)
    request = serializers.CharField(required=False, allow_blank=True)
    is_major = serializers.BooleanField(default=False)
    known_on = serializers.DateField(required=False, allow_null=True, help_text="申请人知道该行政行为的日期")
    late_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="超过六十日申请期限的正当理由（《行政复议法》第二十条）"
    )


class CaseViewSet(
    ListFiltersOnList,
    ActionViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CaseSerializer
    workflow = WORKFLOW

    @extend_schema(request=ReconsiderationEditInput, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="edit")
    def edit(self, request: Request, pk: Any = None) -> Response:
        """更正登记信息：只传需要更正的字段，并说明理由（审计保留原值与新值）。"""
        return run_edit(self, EDITS, ReconsiderationEditInput)

    @extend_schema(request=AttachmentRemoveInput, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="remove-attachment")
    def remove_attachment(self, request: Request, pk: Any = None) -> Response:
        """删除附件：附件编号与删除理由（文件保留，审计记录载明）；已归档的案件不能删除。"""
        from .models import Attachment

        case = self.get_object()
        body = AttachmentRemoveInput(data=request.data)
        body.is_valid(raise_exception=True)
        remove_attachment(
            case,
            body.validated_data["attachment"],
            actor=request.user,
            reason=body.validated_data["reason"],
            prefix="reconsideration",
            model=Attachment,
            request=request,
        )
        return Response(self.action_response(case))

    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    pagination_class = KeysetCursorPagination
    filterset_class = CaseFilterSet

    def get_queryset(self) -> Any:
        """Parties and suspensions as plain lists (``to_attr``: no queryset built per row); a single case
        also gets its corrections and hearings (the actions' guards read them)."""
        qs = selectors.cases_for(self.request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("role", "id"), to_attr="party_list"),
            Prefetch(
                "suspensions",
                queryset=Suspension.objects.order_by("suspended_on", "id"),
                to_attr="suspension_list",
            ),
        )
        if self.action != "list":
            qs = qs.prefetch_related("corrections", "hearings")
        return qs

    @extend_schema(request=ReconsiderationCreateInput, responses={201: CaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReconsiderationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if not business_orgs(request.user).filter(pk=v["respondent"].pk).exists():
            return Response({"respondent": ["被申请人不存在或不在您的数据范围内"]}, status=400)
        case = services.receive(
            actor=request.user,
            respondent=v["respondent"],
            received_on=v["received_on"],
            contested_act=v["contested_act"],
            act_category=v["act_category"],
            field=v["field"],
            procedure=v["procedure"],
            channel=v["channel"],
            act_date=v.get("act_date"),
            request_text=v.get("request", ""),
            is_major=v["is_major"],
            known_on=v.get("known_on"),
            late_reason=v.get("late_reason", ""),
            parties=v["applicants"],
            request=request,
        )
        return Response(
            CaseSerializer(
                self.get_queryset().get(pk=case.pk), context={"request": request, "with_repeat_hint": True}
            ).data,
            status=status.HTTP_201_CREATED,
        )
