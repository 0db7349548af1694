"""``/api/v1/decisions/`` and ``/api/v1/legality-reviews/``, declared (``fazhi.core.api_records.RecordViewSet``):
list/detail/create and one POST per transition (``actions.WORKFLOW`` / ``actions.REVIEW_WORKFLOW``)."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api import entered_date
from fazhi.core.api_records import RecordViewSet
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


class DecisionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    sponsor = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    in_catalog = serializers.BooleanField(required=False, default=False)
    planned_meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DecisionViewSet(RecordViewSet):
    model = MajorDecision
    records = selectors.decision_queryset
    filterset_class = filters.DecisionFilterSet
    workflow = WORKFLOW
    fields = [
        *("id", "number", "title", "year", "sponsor", "sponsor_name", "in_catalog", "summary"),
        *("planned_meeting_on", "status", "status_label", "decided_on", "published_on", "steps"),
        *("version", "actions"),
    ]
    serializer_name = "Decision"
    serializer_extra = {
        "sponsor": serializers.IntegerField(source="org_id", read_only=True),
        "sponsor_name": serializers.CharField(source="org.name", read_only=True),
        "in_catalog": serializers.BooleanField(read_only=True),
        "steps": StepSerializer(many=True, read_only=True),
    }
    create_input = DecisionCreateSerializer
    create_service = services.create_decision


class ReviewCreateSerializer(serializers.Serializer):
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
    subject_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    title = serializers.CharField(max_length=200)
    submitted_by = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    received_on = serializers.DateField(validators=[entered_date])
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )


class LegalityReviewViewSet(RecordViewSet):
    model = LegalityReview
    records = selectors.review_queryset
    filterset_class = filters.ReviewFilterSet
    workflow = REVIEW_WORKFLOW
    fields = [
        *("id", "number", "subject_kind", "subject_id", "title", "submitted_by", "submitted_by_name"),
        *("received_on", "reviewer", "reviewer_name", "status", "status_label", "waited_days", "due_on"),
        *("is_overdue", "concluded_on", "opinion", "reasons", "legal_basis", "amendment_confirmed_on"),
        *("version", "actions"),
    ]
    serializer_name = "Review"
    serializer_extra = {
        "submitted_by": serializers.IntegerField(source="org_id", read_only=True),
        "submitted_by_name": serializers.CharField(source="org.name", read_only=True),
        "reviewer_name": serializers.CharField(read_only=True),
        "is_overdue": serializers.BooleanField(
            read_only=True, help_text="出具意见（未出具的以今天计）晚于审查期限"
        ),
    }
    create_input = ReviewCreateSerializer
    create_service = services.create_review
