"""A module's record endpoint, declared (docs/modules.md, "Generic API and pages"): ``RecordViewSet``,
``record_serializer`` and the party serializer every case module shares.

Apart from ``core.api`` because DRF imports that module while it loads its settings (pagination and
permission classes): importing the viewsets there would be circular.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from .actions import ActionViewSetMixin, actions_field_value
from .api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders, entered_date
from .api_fields import PiiField
from .links import LinkBatchListSerializer, LinksField
from .lists import ListFiltersOnList
from .parts import PartyKind


# A party in and out (``core.parts.PartyBase``): ID and phone whole or masked by ``core.pii.shown``.
# (A comment: drf-spectacular would print a docstring into the OpenAPI component.)
class PartySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    id_number = PiiField("id", max_length=18, required=False, allow_blank=True, default="")
    phone = PiiField("phone", max_length=20, required=False, allow_blank=True, default="")


@cache
def party_serializer(model: type[models.Model]) -> type[PartySerializer]:
    """The party serializer of ``model``'s records, one class per model (OpenAPI ``<Model>Party``)."""
    name = f"{model.__name__}PartySerializer"
    return type(name, (PartySerializer,), {"__module__": model.__module__})


def create_serializer(
    model: type[models.Model], fields: Iterable[str], *, parties: str = "", links: Iterable[Any] = ()
) -> type[serializers.Serializer]:
    """The body of a create (OpenAPI ``<Model>Create``), declared by the model's fields: a related record by
    id, a choice, an entered date (``entered_date``: no 0002-01-01, no future), a text; then the record's
    ``parties`` and its ``links`` as ids (the service checks them against the user's scope)."""
    attrs: dict[str, Any] = {"__module__": model.__module__}
    for name in fields:
        f = model._meta.get_field(name)
        if f.is_relation:
            attrs[name] = serializers.PrimaryKeyRelatedField(queryset=f.related_model._default_manager.all())
        elif f.choices:
            attrs[name] = serializers.ChoiceField(choices=f.choices)
        elif isinstance(f, models.DateField):
            attrs[name] = serializers.DateField(validators=[entered_date])
        else:
            attrs[name] = serializers.CharField(max_length=f.max_length or 5000)
    if parties:
        attrs[parties] = party_serializer(model)(many=True, required=False, default=list)
    for link in links:
        attrs[link.field] = serializers.IntegerField(required=False, allow_null=True, default=None)
    return type(f"{model.__name__}CreateSerializer", (serializers.Serializer,), attrs)


class _RecordSerializer(serializers.ModelSerializer):
    workflow: Any = None

    def get_actions(self, obj: Any) -> list[dict[str, str]]:
        return actions_field_value(self, self.workflow, obj)


def record_serializer(
    model: type[models.Model],
    fields: list[str],
    *,
    parties: str = "",
    links: Iterable[Any] = (),
    workflow: Any = None,
    extra: dict[str, serializers.Field] | None = None,
    name: str = "",
) -> type[serializers.ModelSerializer]:
    """The read serializer of a module's record, from its field list.

    Besides the model's fields (``version`` included, read only) it knows the computed names every module
    shows: ``org_name``, ``status_label``, ``parties`` (``PartySerializer``, masked per user), ``links``
    (resolved through the owners' selectors, one query per kind and page) and ``actions`` (what the
    user may do now, on a single record). Classes are named after the model so that the OpenAPI
    components keep their names (``Dispute``, ``DisputeParty``); ``name`` keeps a module's published component
    name where it differs from the model's (``Review`` for ``LegalityReview``).
    """
    name = name or model.__name__
    attrs: dict[str, Any] = {"workflow": workflow, "__module__": model.__module__}
    if "org_name" in fields:
        attrs["org_name"] = serializers.CharField(source="org.name", read_only=True)
    if "status_label" in fields:
        attrs["status_label"] = serializers.CharField(source="get_status_display", read_only=True)
    if parties:
        attrs[parties] = party_serializer(model)(many=True, read_only=True)
    if links:
        attrs["links"] = LinksField(
            links, help_text="关联案件（经对方模块的数据范围解析，无权查看的不返回内容）"
        )
    if workflow is not None:
        attrs["actions"] = serializers.SerializerMethodField(
            help_text="当前用户现在可执行的操作（仅单条记录）"
        )
    attrs.update(extra or {})
    attrs["Meta"] = type(
        "Meta", (), {"model": model, "fields": list(fields), "list_serializer_class": LinkBatchListSerializer}
    )
    return type(f"{name}Serializer", (_RecordSerializer,), attrs)


def _create_handler(input_serializer: type, output: type) -> Any:
    @extend_schema(request=input_serializer, responses=output)
    def create(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        ser = input_serializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        obj = self.create_service(actor=request.user, data=dict(ser.validated_data), request=request)
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    return create


# ``/api/v1/<module>/<records>/``: list (the module's ``ListFilterSet`` as documented query parameters, keyset
# pages), detail, create through the module's service and one POST per transition of its workflow
# (``ActionViewSetMixin``: version required, 409 on a stale one). Every platform rule is here once: business
# users only (administrators 403), leaders read only, scope through the module's selector (a record outside
# it is a 404), personal data masked per user. A module declares (disputes/api.py)::
#
#     class DisputeViewSet(RecordViewSet):
#         model = Dispute
#         records = selectors.disputes_for  # user -> the records the user may see
#         related = selectors.with_related  # the rows a record is shown with (as RecordPages)
#         filterset_class = filters.DisputeFilterSet
#         workflow = WORKFLOW
#         fields = ["id", "number", "org", "org_name", ..., "version", "actions"]
#         parties = "parties"
#         links = selectors.LINKS
#         create_fields = ["org", "source", "channel", "opened_on", "summary"]  # the body, by model fields
#         create_service = services.create_dispute  # (actor=, data=dict, request=) -> record
#
# A comment, not a docstring: drf-spectacular would show a docstring as every endpoint's description.
class RecordViewSet(ActionViewSetMixin, ListFiltersOnList, viewsets.ModelViewSet):
    permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]
    http_method_names = ["get", "post", "head", "options"]
    model: Any = None
    records: Any = None
    related: Any = None
    fields: list[str] = []
    parties: str = ""
    links: Any = ()
    serializer_extra: dict[str, Any] | None = None
    serializer_name: str = ""  # the OpenAPI component's name when it is not the model's
    create_input: Any = None
    create_fields: list[str] = []  # or the create body declared by these model fields (``create_serializer``)
    create_service: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        for name in ("records", "related", "create_service"):
            fn = cls.__dict__.get(name)
            if fn is not None and not isinstance(fn, staticmethod):
                setattr(cls, name, staticmethod(fn))
        if "fields" in cls.__dict__ and "serializer_class" not in cls.__dict__:
            cls.serializer_class = record_serializer(
                cls.model,
                cls.fields,
                parties=cls.parties,
                links=cls.links,
                workflow=cls.__dict__.get("workflow"),
                extra=cls.serializer_extra,
                name=cls.serializer_name,
            )
        if cls.create_input is None and cls.create_fields:
            cls.create_input = create_serializer(
                cls.model, cls.create_fields, parties=cls.parties, links=cls.links
            )
        if cls.create_input is not None and "create" not in cls.__dict__:
            cls.create = _create_handler(cls.create_input, cls.serializer_class)
        super().__init_subclass__(**kwargs)

    def get_queryset(self) -> Any:
        qs = self.records(self.request.user)
        return self.related(qs) if self.related is not None else qs
