"""The API of the case parts beyond the file itself (issue 15 items 7–8), mounted per module whose
declared case file enables the part (``fazhi.casefiles.api.api_urls`` adds these):

``POST <mount>/cases/{pk}/respond/`` (multipart: the respondent unit's clerk uploads the 答复书 and
evidence; ``cf.respondent``) · ``GET|POST <mount>/cases/{pk}/publish/`` (the published decisions; the
office's check publishes one; a ``publishable`` document kind) · ``GET|POST <mount>/cases/{pk}/performance/``
and ``POST <mount>/cases/{pk}/performance/report/`` (履行监督; ``cf.orders_action``).

Same conventions as the rest of the case-file API: scoped like the case (404 outside; the respond and
report endpoints 404 for anyone but the respondent unit's clerk), leaders read only, every write sends the
case's ``version`` it read (missing → 400, stale → 409), refusals in Chinese, the service functions write
and audit (``respondent.answer``, ``publication.publish``, ``performance.supervise``/``report``)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api import BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders, version_field
from fazhi.core.dates import today as local_today

from . import performance, publication, respondent
from .declare import CaseFiles
from .models import Performance, Publication

MAX_EVIDENCE = 20


def performance_state(row: Performance, today: Any) -> str:
    """on_time / late / overdue / pending: the keys of ``performance.STATES`` (the figure's drill-down)."""
    if row.performed_on is not None:
        return "on_time" if row.performed_on <= row.due_on else "late"
    return "overdue" if row.due_on < today else "pending"


def _serializers(cf: CaseFiles) -> dict[str, type[serializers.Serializer]]:
    prefix = cf.label.capitalize()

    class RespondIn(serializers.Serializer):
        answered_on = serializers.DateField(help_text="答复日期（不早于通知送达日期，不晚于今天）")
        answer_file = serializers.FileField(help_text="答复书（PDF/图片/Word）")
        evidence = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            max_length=MAX_EVIDENCE,
            help_text="证据材料（可多份）",
        )
        version = version_field()

    class RespondOut(serializers.Serializer):
        id = serializers.IntegerField()
        answered_on = serializers.DateField(allow_null=True)
        version = serializers.IntegerField()

    class PublishIn(serializers.Serializer):
        document = serializers.IntegerField(min_value=1, help_text="要公开的文书 ID（行政复议决定书）")
        version = version_field()

    class PublicationOut(serializers.Serializer):
        id = serializers.IntegerField()
        document = serializers.IntegerField(source="document_id")
        title = serializers.CharField()
        number = serializers.CharField()
        text = serializers.ListField(
            child=serializers.CharField(), help_text="公开文本（自然人姓名已隐去，证件号、电话已删除）"
        )
        published_on = serializers.DateField()
        checked_by = serializers.CharField()
        url = serializers.SerializerMethodField(help_text="门户网站上的公开页面")

        def get_url(self, row: Publication) -> str:
            return f"/portal/{cf.label}/{row.object_id}/"

    class PerformanceOut(serializers.Serializer):
        ordered_on = serializers.DateField(help_text="决定日期")
        due_on = serializers.DateField(help_text="履行期限")
        performed_on = serializers.DateField(allow_null=True, help_text="履行日期（空：尚未报告）")
        report = serializers.CharField(help_text="履行情况")
        on_time = serializers.BooleanField(allow_null=True)
        state = serializers.SerializerMethodField(
            help_text="on_time 按期履行 / late 逾期履行 / overdue 逾期未履行 / pending 履行期限未届满"
        )
        state_label = serializers.SerializerMethodField()
        set_by = serializers.CharField()
        reported_by = serializers.CharField(allow_null=True)

        def get_state(self, row: Performance) -> str:
            return performance_state(row, self.context.get("today") or local_today())

        def get_state_label(self, row: Performance) -> str:
            return performance.STATES[self.get_state(row)]

    class PerformanceCaseOut(serializers.Serializer):
        applies = serializers.BooleanField(help_text="已办结且决定责令被申请人履行、重作或补救")
        record = PerformanceOut(allow_null=True)

    class PerformanceIn(serializers.Serializer):
        due_on = serializers.DateField(help_text="决定书确定的履行期限")
        version = version_field()

    class PerformanceReportIn(serializers.Serializer):
        performed_on = serializers.DateField(help_text="履行日期（不晚于今天）")
        report = serializers.CharField(max_length=2000, help_text="履行情况")
        version = version_field()

    return named_serializers(locals(), cf, prefix)


def named_serializers(namespace: dict[str, Any], cf: CaseFiles, prefix: str) -> dict[str, Any]:
    """The serializer classes of ``namespace`` (a factory's ``locals()``), each named after its module so
    the OpenAPI schema has one component per module (``ReconsiderationServiceIn``, ``LitigationServiceIn``)."""
    out = {}
    for name, cls in dict(namespace).items():
        if isinstance(cls, type) and issubclass(cls, serializers.Serializer):
            cls.__name__ = cls.__qualname__ = f"{prefix}{name}"
            cls.__module__ = cf.module
            out[name] = cls
    return out


def part_urls(cf: CaseFiles) -> list[Any]:
    """The routes of the parts ``cf`` enables (none for a module that declares none of them)."""
    s = _serializers(cf)
    tag = [str(cf.model._meta.verbose_name).replace("案件", "")]

    def case_of(request: Request, pk: int) -> Any:
        return get_object_or_404(cf.scoped(request.user), pk=pk)

    class Base(APIView):
        permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]

    class Respond(Base):
        parser_classes = [MultiPartParser, FormParser]

        @extend_schema(
            tags=tag,
            summary="被申请人提交答复（答复书和证据，multipart）",
            request={"multipart/form-data": s["RespondIn"]},
            responses={201: s["RespondOut"]},
        )
        def post(self, request: Request, pk: int) -> Response:
            case = respondent.case_for_respondent(cf, request.user, pk)  # 404 for anyone else
            body = s["RespondIn"](data=request.data)
            body.is_valid(raise_exception=True)
            v = body.validated_data
            respondent.answer(
                cf,
                case,
                actor=request.user,
                on=v["answered_on"],
                answer_file=v["answer_file"],
                evidence=list(v["evidence"]),
                request=request,
                version=v["version"],
            )
            case = cf.model._default_manager.get(pk=case.pk)
            assert cf.respondent is not None
            out = {"id": case.pk, "answered_on": cf.respondent.answered_on(case), "version": case.version}
            return Response(s["RespondOut"](out).data, status=status.HTTP_201_CREATED)

    class Publish(Base):
        parser_classes = [JSONParser, FormParser]

        @extend_schema(
            tags=tag, summary="案件已公开的决定书（公开文本）", responses=s["PublicationOut"](many=True)
        )
        def get(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            rows = publication.publications_of(cf, case).select_related("checked_by")
            return Response(s["PublicationOut"](rows, many=True).data)

        @extend_schema(
            tags=tag,
            summary="审核并公开决定书（自然人姓名隐去，证件号删除）",
            request=s["PublishIn"],
            responses={201: s["PublicationOut"]},
        )
        def post(self, request: Request, pk: int) -> Response:
            from .services import documents_of

            case = case_of(request, pk)
            body = s["PublishIn"](data=request.data)
            body.is_valid(raise_exception=True)
            document = documents_of(case).filter(pk=body.validated_data["document"]).first()
            if document is None:
                raise serializers.ValidationError({"document": "该案件没有这份文书"})
            row = publication.publish(
                cf,
                case,
                document,
                actor=request.user,
                request=request,
                version=body.validated_data["version"],
            )
            return Response(s["PublicationOut"](row).data, status=status.HTTP_201_CREATED)

    class PerformanceView(Base):
        @extend_schema(
            tags=tag,
            summary="履行监督（applies：是否需要履行监督；record：未登记为 null）",
            responses=s["PerformanceCaseOut"],
        )
        def get(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            row = performance.performance_of(cf, case)
            applies = bool(cf.orders_action and cf.closed(case) and cf.orders_action(case))
            return Response(s["PerformanceCaseOut"]({"applies": applies, "record": row}).data)

        @extend_schema(
            tags=tag,
            summary="登记履行监督（履行期限）",
            request=s["PerformanceIn"],
            responses={201: s["PerformanceOut"]},
        )
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["PerformanceIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = performance.supervise(
                cf,
                case,
                actor=request.user,
                due_on=body.validated_data["due_on"],
                request=request,
                version=body.validated_data["version"],
            )
            return Response(s["PerformanceOut"](row).data, status=status.HTTP_201_CREATED)

    class PerformanceReport(Base):
        @extend_schema(
            tags=tag,
            summary="被申请人报告履行情况",
            request=s["PerformanceReportIn"],
            responses=s["PerformanceOut"],
        )
        def post(self, request: Request, pk: int) -> Response:
            case = respondent.case_for_respondent(cf, request.user, pk)  # 404 for anyone else
            body = s["PerformanceReportIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = performance.report(
                cf,
                case,
                actor=request.user,
                performed_on=body.validated_data["performed_on"],
                text=body.validated_data["report"],
                request=request,
                version=body.validated_data["version"],
            )
            return Response(s["PerformanceOut"](row).data)

    label, base = cf.label, f"{cf.mount}/cases/<int:pk>/"
    routes: list[Any] = []
    if cf.respondent is not None:
        routes.append(path(f"{base}respond/", Respond.as_view(), name=f"{label}-casefile-respond"))
    if any(k.publishable for k in cf.kinds):
        routes.append(path(f"{base}publish/", Publish.as_view(), name=f"{label}-casefile-publish"))
    if cf.orders_action is not None:
        routes += [
            path(f"{base}performance/", PerformanceView.as_view(), name=f"{label}-casefile-performance"),
            path(
                f"{base}performance/report/",
                PerformanceReport.as_view(),
                name=f"{label}-casefile-performance-report",
            ),
        ]
    for view in (Respond, Publish, PerformanceView, PerformanceReport):
        name = view.__name__.removesuffix("View")
        view.__name__ = view.__qualname__ = f"{cf.label.capitalize()}{name}"
        view.__module__ = cf.module
    return routes


class PerformanceDetail(serializers.Serializer):
    """履行监督 as a case's detail shows it (``performance_field``)."""

    ordered_on = serializers.DateField()
    due_on = serializers.DateField()
    performed_on = serializers.DateField(allow_null=True)
    report = serializers.CharField()
    on_time = serializers.BooleanField(allow_null=True)
    state = serializers.CharField(help_text="on_time / late / overdue / pending")
    state_label = serializers.CharField()


def performance_field(label: str, serializer: Any, obj: Any) -> dict[str, Any] | None:
    """A case's ``performance`` in the API: on a single record only (retrieve; ``None`` on a list, which
    would pay a query a row) and while no 履行监督 is registered."""
    from .registry import for_label

    if getattr(serializer.context.get("view"), "action", None) != "retrieve":
        return None
    row = performance.performance_of(for_label(label), obj)
    if row is None:
        return None
    state = performance_state(row, local_today())
    data = {f: getattr(row, f) for f in ("ordered_on", "due_on", "performed_on", "report", "on_time")}
    return PerformanceDetail({**data, "state": state, "state_label": performance.STATES[state]}).data
