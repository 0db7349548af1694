"""``/api/v1/enforcement/…`` of 执法监督 and the no-penalty list, declared as the module's other endpoints
(``core.api_records.RecordViewSet``): list/detail/create, and one POST per step (``conclude``, ``rectify``,
``handle``, ``reply``); the complainant's ID and phone masked per user."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fazhi.core.api import MAX_ID, entered_date
from fazhi.core.api_records import RecordViewSet, party_serializer
from fazhi.orgs.models import OrgUnit

from . import filters, selectors
from . import supervision_services as ss
from .models import CaseReview, NoPenaltyItem, NoPenaltyList, SupervisionNotice
from .supervision import Complaint, NoticeKind
from .supervision_actions import COMPLAINT_WORKFLOW, NOTICE_WORKFLOW, REVIEW_WORKFLOW

_BODY = {"body_name": serializers.CharField(source="body.name", read_only=True)}


def _body_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="执法主体 id")


class CaseReviewCreateSerializer(serializers.Serializer):
    body = _body_field()
    title = serializers.CharField(max_length=100)
    reviewer = serializers.CharField(max_length=50)
    started_on = serializers.DateField(validators=[entered_date])
    actions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=200,
        help_text="抽查的执法决定 id",
    )


class CaseReviewViewSet(RecordViewSet):
    model = CaseReview
    records = selectors.case_reviews_for
    related = selectors.case_reviews_related
    filterset_class = filters.CaseReviewFilterSet
    workflow = REVIEW_WORKFLOW
    fields = [
        *("id", "body", "body_name", "org", "org_name", "title", "reviewer", "started_on", "actions_sampled"),
        *("status", "status_label", "reviewed_on", "score", "problems_found", "rectify_due"),
        *("rectified_on", "rectified_on_time", "rectification", "version", "actions"),
    ]
    serializer_name = "EnforcementCaseReview"
    serializer_extra = {
        **_BODY,
        "actions_sampled": serializers.PrimaryKeyRelatedField(
            source="actions", many=True, read_only=True, help_text="抽查的执法决定 id"
        ),
        "rectified_on_time": serializers.BooleanField(read_only=True, allow_null=True),
    }
    create_input = CaseReviewCreateSerializer
    create_service = ss.create_case_review


class ComplaintCreateSerializer(serializers.Serializer):
    body = _body_field()
    received_on = serializers.DateField(validators=[entered_date])
    summary = serializers.CharField(max_length=5000)
    complainant = party_serializer(Complaint)()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return {**attrs, "parties": [dict(attrs.pop("complainant"))]}


class ComplaintViewSet(RecordViewSet):
    model = Complaint
    records = selectors.complaints_for
    related = selectors.complaints_related
    filterset_class = filters.ComplaintFilterSet
    workflow = COMPLAINT_WORKFLOW
    fields = [
        *("id", "body", "body_name", "org", "org_name", "received_on", "summary", "parties", "status"),
        *("status_label", "due_on", "handled_on", "handled_on_time", "result", "version", "actions"),
    ]
    parties = "parties"
    serializer_name = "EnforcementComplaint"
    serializer_extra = {**_BODY, "handled_on_time": serializers.BooleanField(read_only=True, allow_null=True)}
    create_input = ComplaintCreateSerializer
    create_service = ss.create_complaint


class NoticeCreateSerializer(serializers.Serializer):
    body = _body_field()
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(validators=[entered_date])
    content = serializers.CharField(max_length=5000)


class NoticeViewSet(RecordViewSet):
    model = SupervisionNotice
    records = selectors.notices_for
    related = selectors.notices_related
    filterset_class = filters.NoticeFilterSet
    workflow = NOTICE_WORKFLOW
    fields = [
        *("id", "body", "body_name", "org", "org_name", "kind", "number", "issued_on", "content", "status"),
        *("status_label", "reply_due", "replied_on", "replied_on_time", "reply", "version", "actions"),
    ]
    serializer_name = "EnforcementNotice"
    serializer_extra = {**_BODY, "replied_on_time": serializers.BooleanField(read_only=True, allow_null=True)}
    create_input = NoticeCreateSerializer
    create_service = ss.create_notice


class NoPenaltyListCreateSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), help_text="发布单位")
    name = serializers.CharField(max_length=40)
    published_on = serializers.DateField(validators=[entered_date])
    in_force_from = serializers.DateField()


class NoPenaltyListViewSet(RecordViewSet):
    model = NoPenaltyList
    records = selectors.no_penalty_lists_for
    related = selectors.with_org
    filterset_class = filters.NoPenaltyListFilterSet
    fields = ["id", "org", "org_name", "name", "published_on", "in_force_from", "superseded_on", "version"]
    serializer_name = "EnforcementNoPenaltyList"
    create_input = NoPenaltyListCreateSerializer
    create_service = ss.create_no_penalty_list


class NoPenaltyItemCreateSerializer(serializers.Serializer):
    list = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="清单版本 id")
    field = serializers.CharField(max_length=60)
    violation = serializers.CharField(max_length=300)
    legal_basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    conditions = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    in_force_from = serializers.DateField(required=False, allow_null=True, default=None)
    in_force_until = serializers.DateField(required=False, allow_null=True, default=None)


class NoPenaltyItemViewSet(RecordViewSet):
    model = NoPenaltyItem
    records = selectors.no_penalty_items_for
    related = selectors.no_penalty_related
    filterset_class = filters.NoPenaltyFilterSet
    fields = [
        *("id", "org", "org_name", "list", "list_version", "field", "violation", "legal_basis"),
        *("conditions", "in_force_from", "in_force_until", "version"),
    ]
    serializer_name = "EnforcementNoPenaltyItem"
    serializer_extra = {"list_version": serializers.CharField(source="list.name", read_only=True)}
    create_input = NoPenaltyItemCreateSerializer
    create_service = ss.create_no_penalty_item
