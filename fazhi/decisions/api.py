"""``/api/v1/decisions/`` and ``/api/v1/legality-reviews/``: list/detail/create and one POST action per
transition (``actions.WORKFLOW`` / ``actions.REVIEW_WORKFLOW``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.actions import ActionViewSetMixin, actions_field_value
from fazhi.core.api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders, entered_date
from fazhi.core.dates import today
from fazhi.core.lists import ListFiltersOnList
from fazhi.orgs.models import OrgUnit, User

from . import filters, selectors, services
from .actions import REVIEW_WORKFLOW, WORKFLOW
from .models import DecisionStep, LegalityReview, MajorDecision, SubjectKind


class StepSerializer(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = DecisionStep
        fields = [
            "id", "step", "step_label", "applicable", "reason", "on", "summary", "started_on", "ended_on",
            "comments_received", "comments_adopted", "experts", "risk_level", "conclusion", "meeting",
            "result", "channel",
        ]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer):
    sponsor = serializers.IntegerField(source="org_id", read_only=True)
    sponsor_name = serializers.CharField(source="org.name", read_only=True)
    in_catalog = serializers.BooleanField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户现在可执行的操作（仅单条记录）")

    class Meta:
        model = MajorDecision
        fields = [
            "id", "number", "title", "year", "sponsor", "sponsor_name", "in_catalog", "summary",
            "planned_meeting_on", "status", "status_label", "decided_on", "published_on", "steps",
            "version", "actions",
        ]  # fmt: skip

    def get_actions(self, d: MajorDecision) -> list[dict[str, str]]:
        return actions_field_value(self, WORKFLOW, d)


class DecisionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    sponsor = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    in_catalog = serializers.BooleanField(required=False, default=False)
    planned_meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DecisionViewSet(ActionViewSetMixin, ListFiltersOnList, viewsets.ModelViewSet):
    serializer_class = DecisionSerializer
    workflow = WORKFLOW
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.DecisionFilterSet

    def get_queryset(self) -> Any:
        return selectors.decisions_related(selectors.decisions_for(self.request.user)).prefetch_related(
            Prefetch("steps", queryset=DecisionStep.objects.order_by("on", "id"))
        )

    @extend_schema(request=DecisionCreateSerializer, responses=DecisionSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = DecisionCreateSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        d = services.create_decision(
            actor=request.user, data=services.DecisionData(**ser.validated_data), request=request
        )
        out = DecisionSerializer(self.get_queryset().get(pk=d.pk), context=self.get_serializer_context()).data
        return Response(out, status=status.HTTP_201_CREATED)


class ReviewSerializer(serializers.ModelSerializer):
    submitted_by = serializers.IntegerField(source="org_id", read_only=True)
    submitted_by_name = serializers.CharField(source="org.name", read_only=True)
    reviewer_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.SerializerMethodField(help_text="出具意见（未出具的以今天计）晚于审查期限")
    actions = serializers.SerializerMethodField(help_text="当前用户现在可执行的操作（仅单条记录）")

    class Meta:
        model = LegalityReview
        fields = [
            "id", "number", "subject_kind", "subject_id", "title", "submitted_by", "submitted_by_name",
            "received_on", "reviewer", "reviewer_name", "status", "status_label", "waited_days", "due_on",
            "is_overdue", "concluded_on", "opinion", "reasons", "legal_basis", "amendment_confirmed_on",
            "version", "actions",
        ]  # fmt: skip

    def get_reviewer_name(self, r: LegalityReview) -> str:
        return str(r.reviewer) if r.reviewer else ""

    def get_is_overdue(self, r: LegalityReview) -> bool:
        return selectors.is_overdue(r, today())

    def get_actions(self, r: LegalityReview) -> list[dict[str, str]]:
        return actions_field_value(self, REVIEW_WORKFLOW, r)


class ReviewCreateSerializer(serializers.Serializer):
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    subject_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    title = serializers.CharField(max_length=200)
    submitted_by = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    received_on = serializers.DateField(validators=[entered_date])
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )


class LegalityReviewViewSet(ActionViewSetMixin, ListFiltersOnList, viewsets.ModelViewSet):
    serializer_class = ReviewSerializer
    workflow = REVIEW_WORKFLOW
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.ReviewFilterSet

    def get_queryset(self) -> Any:
        return selectors.reviews_related(selectors.reviews_for(self.request.user))

    @extend_schema(request=ReviewCreateSerializer, responses=ReviewSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = ReviewCreateSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        r = services.create_review(
            actor=request.user, data=services.ReviewData(**ser.validated_data), request=request
        )
        out = ReviewSerializer(self.get_queryset().get(pk=r.pk), context=self.get_serializer_context()).data
        return Response(out, status=status.HTTP_201_CREATED)
