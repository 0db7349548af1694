"""``/api/v1/disputes/``: list/detail/create and one POST action per transition of ``actions.WORKFLOW``."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from fazhi.core.actions import ActionViewSetMixin, actions_field_value
from fazhi.core.api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders, entered_date
from fazhi.core.api_fields import PiiField
from fazhi.core.links import LinkBatchListSerializer, LinksField, fetch_link
from fazhi.core.lists import ListFiltersOnList
from fazhi.orgs.models import OrgUnit

from . import filters, selectors, services
from .actions import WORKFLOW
from .models import Channel, Dispute, DisputeParty, PartyKind, Source


class DisputePartySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    id_number = PiiField("id", max_length=18, required=False, allow_blank=True, default="")
    phone = PiiField("phone", max_length=20, required=False, allow_blank=True, default="")


class DisputeSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    parties = DisputePartySerializer(many=True, read_only=True)
    links = LinksField(
        selectors.LINKS, help_text="关联案件（经对方模块的数据范围解析，无权查看的不返回内容）"
    )
    actions = serializers.SerializerMethodField(help_text="当前用户现在可执行的操作（仅单条记录）")

    class Meta:
        model = Dispute
        list_serializer_class = LinkBatchListSerializer
        fields = [
            "id",
            "number",
            "org",
            "org_name",
            "source",
            "channel",
            "summary",
            "parties",
            "related_litigation",
            "related_reconsideration",
            "links",
            "opened_on",
            "status",
            "status_label",
            "closed_on",
            "resolved",
            "how_resolved",
            "version",
            "actions",
        ]

    def get_actions(self, d: Dispute) -> list[dict[str, str]]:
        return actions_field_value(self, WORKFLOW, d)


class DisputeCreateSerializer(serializers.Serializer):
    org = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    source = serializers.ChoiceField(choices=Source.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    opened_on = serializers.DateField(validators=[entered_date])
    summary = serializers.CharField(max_length=5000)
    parties = DisputePartySerializer(many=True, required=False, default=list)
    related_litigation = serializers.IntegerField(required=False, allow_null=True, default=None)
    related_reconsideration = serializers.IntegerField(required=False, allow_null=True, default=None)


class DisputeViewSet(ActionViewSetMixin, ListFiltersOnList, viewsets.ModelViewSet):
    serializer_class = DisputeSerializer
    workflow = WORKFLOW
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = filters.DisputeFilterSet

    def get_queryset(self) -> Any:
        return (
            Dispute.objects.visible_to(self.request.user)
            .select_related("org")
            .prefetch_related(Prefetch("parties", queryset=DisputeParty.objects.order_by("id")))
        )

    def _out(self, d: Dispute) -> Any:
        return DisputeSerializer(self.get_queryset().get(pk=d.pk), context=self.get_serializer_context()).data

    @extend_schema(request=DisputeCreateSerializer, responses=DisputeSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = DisputeCreateSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        v = ser.validated_data
        data = services.DisputeData(
            org=v["org"],
            source=v["source"],
            channel=v["channel"],
            opened_on=v["opened_on"],
            summary=v["summary"],
            parties=[services.PartyData(**p) for p in v["parties"]],
            related_litigation=fetch_link(
                request.user, "litigation.case", v["related_litigation"], field="related_litigation"
            ),
            related_reconsideration=fetch_link(
                request.user,
                "reconsideration.case",
                v["related_reconsideration"],
                field="related_reconsideration",
            ),
        )
        return Response(
            self._out(services.create_dispute(actor=request.user, data=data, request=request)),
            status=status.HTTP_201_CREATED,
        )
