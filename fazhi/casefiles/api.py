"""The API of a declared case file, built once per module and owned by it (its views carry the module's
Python module, so the OpenAPI split and the contract suite count them as the module's endpoints):

``GET|POST <mount>/cases/{pk}/documents/`` · ``GET <mount>/cases/{pk}/documents/{doc}/download/`` (DOCX) ·
``GET|POST <mount>/cases/{pk}/services/`` · ``GET <mount>/cases/{pk}/casefile/`` · ``POST <mount>/cases/{pk}/archive/``
(approvals, deliberations; respond, publish and performance in ``api_parts``).
Scoped like the case (404 outside), leaders read only, administrators 403, errors in Chinese."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, re_path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api import BUSINESS_API_PERMISSIONS, MAX_ID, ReadOnlyForLeaders

from . import approvals, casefile, services
from .api_parts import named_serializers, part_urls
from .archive import archive_of
from .declare import CaseFiles
from .models import Approval, Deliberation, Method, Verdict

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _serializers(cf: CaseFiles) -> dict[str, type[serializers.Serializer]]:
    prefix = cf.label.capitalize()

    class ServiceOut(serializers.Serializer):
        id = serializers.IntegerField()
        document = serializers.IntegerField(source="document_id")
        method = serializers.ChoiceField(choices=Method.choices)
        method_label = serializers.CharField(source="get_method_display")
        tracking_number = serializers.CharField()
        served_on = serializers.DateField()
        recipient = serializers.CharField()
        receipt_name = serializers.CharField()

    class DocumentOut(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        number = serializers.CharField()
        issued_on = serializers.DateField()
        recipient = serializers.CharField()
        size = serializers.IntegerField()
        download = serializers.SerializerMethodField()
        service = serializers.SerializerMethodField()

        def get_download(self, doc: Any) -> str:
            return reverse(f"{cf.label}-casefile-download", kwargs={"pk": doc.object_id, "doc": doc.pk})

        def get_service(self, doc: Any) -> dict[str, Any] | None:
            s = getattr(doc, "service", None)
            return ServiceOut(s).data if s is not None else None

    class DocumentIn(serializers.Serializer):
        kind = serializers.ChoiceField(choices=cf.kind_choices)
        issued_on = serializers.DateField(required=False, help_text="落款日期，默认今天")
        facts = serializers.CharField(required=False, allow_blank=True, help_text="决定书：查明事实")
        reasons = serializers.CharField(required=False, allow_blank=True, help_text="决定书：理由")
        basis = serializers.CharField(required=False, allow_blank=True, help_text="决定书：法律依据")
        agent = serializers.CharField(required=False, allow_blank=True, help_text="授权委托书：受托人")

    class ServiceIn(serializers.Serializer):
        document = serializers.IntegerField()
        method = serializers.ChoiceField(choices=Method.choices)
        served_on = serializers.DateField()
        recipient = serializers.CharField(required=False, allow_blank=True)
        tracking_number = serializers.CharField(required=False, allow_blank=True)
        note = serializers.CharField(required=False, allow_blank=True)
        receipt = serializers.FileField(required=False, help_text="送达回证（PDF/图片）")

    class ArchiveIn(serializers.Serializer):
        archived_on = serializers.DateField()
        archive_number = serializers.CharField()

    class ArchiveOut(serializers.Serializer):
        archived_on = serializers.DateField()
        archive_number = serializers.CharField()

    class FileItemOut(serializers.Serializer):
        title = serializers.CharField()
        number = serializers.CharField()
        on = serializers.DateField(allow_null=True)
        filename = serializers.CharField()

    class CaseFileOut(serializers.Serializer):
        archive = ArchiveOut(allow_null=True)
        items = FileItemOut(many=True)

    step_choices = approvals.steps(cf)

    class ApprovalOut(serializers.Serializer):
        id = serializers.IntegerField()
        step = serializers.CharField()
        step_label = serializers.CharField()
        reason = serializers.CharField()
        requested_by = serializers.CharField()
        requested_at = serializers.DateTimeField()
        decision = serializers.ChoiceField(choices=Approval.Decision.choices)
        decision_label = serializers.CharField(source="get_decision_display")
        decided_by = serializers.CharField(allow_null=True)
        decided_at = serializers.DateTimeField(allow_null=True)
        opinion = serializers.CharField()
        used_at = serializers.DateTimeField(allow_null=True, help_text="已据此办理的时间（空：尚未办理）")

    class ApprovalIn(serializers.Serializer):
        step = serializers.ChoiceField(choices=step_choices, help_text="需要负责人审批的办理事项")
        reason = serializers.CharField(max_length=approvals.REASON_MAX, help_text="报请理由")

    class DecideIn(serializers.Serializer):
        decision = serializers.ChoiceField(choices=Verdict.choices)
        opinion = serializers.CharField(
            max_length=approvals.REASON_MAX,
            required=False,
            allow_blank=True,
            default="",
            help_text="审批意见",
        )

    class DeliberationOut(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=Deliberation.Kind.choices)
        kind_label = serializers.CharField(source="get_kind_display")
        held_on = serializers.DateField()
        members = serializers.SerializerMethodField()
        other_participants = serializers.CharField()
        opinion = serializers.CharField()

        def get_members(self, row: Any) -> list[str]:
            return [str(u) for u in row.members.all()]

    class DeliberationIn(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Deliberation.Kind.choices)
        held_on = serializers.DateField()
        members = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
            required=False,
            default=list,
            max_length=50,
            help_text="参加人员的用户 ID",
        )
        other_participants = serializers.CharField(
            max_length=300, required=False, allow_blank=True, default=""
        )
        opinion = serializers.CharField()

    return named_serializers(locals(), cf, prefix)


def api_urls(cf: CaseFiles) -> list[Any]:
    s = _serializers(cf)
    tag = [str(cf.model._meta.verbose_name).replace("案件", "")]

    def case_of(request: Request, pk: int) -> Any:
        return get_object_or_404(cf.scoped(request.user), pk=pk)

    def docs(case: Any) -> Any:
        return services.documents_of(case).select_related("service").order_by("issued_on", "id")

    class Base(APIView):
        permission_classes = [*BUSINESS_API_PERMISSIONS, ReadOnlyForLeaders]

    class Documents(Base):
        @extend_schema(tags=tag, summary="案件的文书", responses=s["DocumentOut"](many=True))
        def get(self, request: Request, pk: int) -> Response:
            return Response(s["DocumentOut"](docs(case_of(request, pk)), many=True).data)

        @extend_schema(
            tags=tag,
            summary="制作文书（DOCX，取文号）",
            request=s["DocumentIn"],
            responses={201: s["DocumentOut"]},
        )
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["DocumentIn"](data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            doc = services.generate(
                cf, case, data.pop("kind"), actor=request.user, data=data, request=request
            )
            return Response(s["DocumentOut"](doc).data, status=status.HTTP_201_CREATED)

    class Download(Base):
        @extend_schema(
            tags=tag,
            summary="下载文书 DOCX",
            responses={(200, DOCX): bytes},
            parameters=[OpenApiParameter("doc", str, OpenApiParameter.PATH)],  # as the routers write a lookup
        )
        def get(self, request: Request, pk: int, doc: str) -> FileResponse:
            if not str(doc).isdigit():
                raise Http404
            found = get_object_or_404(docs(case_of(request, pk)), pk=doc)
            response = FileResponse(
                found.file.open("rb"), as_attachment=True, filename=found.filename, content_type=DOCX
            )
            response["X-Content-Type-Options"] = "nosniff"
            return response

    class Services(Base):
        parser_classes = [JSONParser, MultiPartParser, FormParser]

        @extend_schema(tags=tag, summary="案件的送达记录", responses=s["ServiceOut"](many=True))
        def get(self, request: Request, pk: int) -> Response:
            rows = [d.service for d in docs(case_of(request, pk)) if getattr(d, "service", None) is not None]
            return Response(s["ServiceOut"](rows, many=True).data)

        @extend_schema(tags=tag, summary="登记送达", request=s["ServiceIn"], responses={201: s["ServiceOut"]})
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["ServiceIn"](data=request.data)
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            document = docs(case).filter(pk=data.pop("document")).first()
            if document is None:
                raise serializers.ValidationError({"document": "该案件没有这份文书"})
            receipt = data.pop("receipt", None)
            row = services.serve(
                cf, case, document, actor=request.user, data=data, receipt=receipt, request=request
            )
            return Response(s["ServiceOut"](row).data, status=status.HTTP_201_CREATED)

    class CaseFileView(Base):
        @extend_schema(tags=tag, summary="卷宗目录", responses=s["CaseFileOut"])
        def get(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            rows = casefile.items(cf, case)
            return Response(s["CaseFileOut"]({"archive": archive_of(case), "items": rows}).data)

    class ArchiveView(Base):
        @extend_schema(
            tags=tag, summary="归档（此后案卷只读）", request=s["ArchiveIn"], responses={201: s["ArchiveOut"]}
        )
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["ArchiveIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = services.archive(
                cf, case, actor=request.user, data=dict(body.validated_data), request=request
            )
            return Response(s["ArchiveOut"](row).data, status=status.HTTP_201_CREATED)

    class Approvals(Base):
        @extend_schema(tags=tag, summary="负责人审批（报请与结果）", responses=s["ApprovalOut"](many=True))
        def get(self, request: Request, pk: int) -> Response:
            return Response(s["ApprovalOut"](approvals.approvals_of(case_of(request, pk)), many=True).data)

        @extend_schema(
            tags=tag, summary="报请负责人审批", request=s["ApprovalIn"], responses={201: s["ApprovalOut"]}
        )
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["ApprovalIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = approvals.request_approval(
                cf,
                case,
                body.validated_data["step"],
                actor=request.user,
                reason=body.validated_data["reason"],
                request=request,
            )
            return Response(s["ApprovalOut"](row).data, status=status.HTTP_201_CREATED)

    class Decide(Base):
        @extend_schema(
            tags=tag,
            summary="负责人审批（批准或不予批准）",
            request=s["DecideIn"],
            responses=s["ApprovalOut"],
            parameters=[OpenApiParameter("approval", str, OpenApiParameter.PATH)],
        )
        def post(self, request: Request, pk: int, approval: str) -> Response:
            if not str(approval).isdigit() or int(approval) > MAX_ID:
                raise Http404
            case = case_of(request, pk)
            body = s["DecideIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = approvals.decide(
                cf,
                case,
                int(approval),
                actor=request.user,
                approve=body.validated_data["decision"] == Approval.Decision.APPROVED,
                opinion=body.validated_data["opinion"],
                request=request,
            )
            return Response(s["ApprovalOut"](row).data)

    class Deliberations(Base):
        @extend_schema(tags=tag, summary="案审/合议记录", responses=s["DeliberationOut"](many=True))
        def get(self, request: Request, pk: int) -> Response:
            rows = approvals.deliberations_of(case_of(request, pk))
            return Response(s["DeliberationOut"](rows, many=True).data)

        @extend_schema(
            tags=tag,
            summary="登记案审/合议",
            request=s["DeliberationIn"],
            responses={201: s["DeliberationOut"]},
        )
        def post(self, request: Request, pk: int) -> Response:
            case = case_of(request, pk)
            body = s["DeliberationIn"](data=request.data)
            body.is_valid(raise_exception=True)
            row = approvals.add_deliberation(
                cf, case, actor=request.user, request=request, **body.validated_data
            )
            return Response(s["DeliberationOut"](row).data, status=status.HTTP_201_CREATED)

    prefix = cf.label.capitalize()
    for view in (Documents, Download, Services, CaseFileView, ArchiveView, Approvals, Decide, Deliberations):
        view.__name__ = view.__qualname__ = f"{prefix}{view.__name__}"
        view.__module__ = cf.module
    base = f"{cf.mount}/cases/<int:pk>/"
    n = cf.label
    return [
        path(f"{base}documents/", Documents.as_view(), name=f"{n}-casefile-documents"),
        # ``doc`` as the routers write a lookup (any segment reverses; only digits are a document).
        re_path(
            rf"^{cf.mount}/cases/(?P<pk>[0-9]+)/documents/(?P<doc>[^/.]+)/download/$",
            Download.as_view(),
            name=f"{n}-casefile-download",
        ),
        path(f"{base}services/", Services.as_view(), name=f"{n}-casefile-services"),
        path(f"{base}casefile/", CaseFileView.as_view(), name=f"{n}-casefile"),
        path(f"{base}archive/", ArchiveView.as_view(), name=f"{n}-casefile-archive"),
        path(f"{base}approvals/", Approvals.as_view(), name=f"{n}-casefile-approvals"),
        re_path(
            rf"^{cf.mount}/cases/(?P<pk>[0-9]+)/approvals/(?P<approval>[^/.]+)/decide/$",
            Decide.as_view(),
            name=f"{n}-casefile-approval-decide",
        ),
        path(f"{base}deliberations/", Deliberations.as_view(), name=f"{n}-casefile-deliberations"),
        *part_urls(cf),  # respond, publish, performance: where the module enables them
    ]
