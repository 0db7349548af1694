"""``GET /api/v1/figures/?year=Y[&org=ID]``: every registered figure in the JSON shape of FIGURES.md."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.actions import run
from fazhi.core.api import BUSINESS_API_PERMISSIONS, version_field
from fazhi.core.db_router import replica_reads
from fazhi.orgs.scope import business_orgs, scope_root

from .figures import FigureQuery, as_json, collect, figure_dict


class FigureQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请提供年度参数 year", "invalid": "年度参数 year 应为整数"},
    )
    org = serializers.IntegerField(required=False)
    detail = serializers.BooleanField(required=False, default=False)


class FiguresView(APIView):
    permission_classes = BUSINESS_API_PERMISSIONS

    @extend_schema(
        summary="指标数据",
        description="某年度（及可选的单位范围）所有已注册指标；模块未安装的指标不出现（不是0）。",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度"),
            OpenApiParameter("org", OpenApiTypes.INT, description="单位 ID（默认为本人数据范围的政府）"),
            OpenApiParameter("detail", OpenApiTypes.BOOL, description="同时返回名称、单位、下钻链接"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        params = FigureQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        user = request.user
        year = params.validated_data["year"]
        if "org" in params.validated_data:
            org = get_object_or_404(business_orgs(user), pk=params.validated_data["org"])
        else:
            org = scope_root(user)  # bureau staff and leaders: their government; clerks: their unit
        query = FigureQuery.for_year(year, org)
        with replica_reads():  # figures only: a replica's lag is harmless here
            data = as_json(query, org.name if org else "")
            if params.validated_data["detail"]:
                data["details"] = {k: figure_dict(f) for k, f in collect(query).items()}
        return Response(data)


class ReportTransitionInput(serializers.Serializer):
    version = version_field()
    confirm = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        max_length=1000,
        help_text="公开（publish）时：确认为误报的个人信息检查命中 id",
    )
    comment = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="上级退回（send_back）时：退回意见（必填）",
    )


class ReportTransitionView(APIView):
    """``POST /api/v1/reports/<id>/transitions/<name>/``: the report's workflow steps, run as the page runs
    them (``actions.WORKFLOW``: submit / clear / approve / publish / return / report_up / send_back), so the same rules refuse."""

    permission_classes = BUSINESS_API_PERMISSIONS

    @extend_schema(
        summary="年度报告流程操作",
        description="提交保密审查（submit）、通过保密审查（clear）、批准（approve）、公开（publish）、退回修改（return）、"
        "报送上级（report_up）、上级退回（send_back，上级政府司法局，须填写退回意见）。保密审查须由提交人以外的人员通过。",
        request=ReportTransitionInput,
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request: Request, pk: int, name: str) -> Response:
        from . import selectors
        from .actions import WORKFLOW

        if name not in WORKFLOW.transitions:
            raise NotFound("未知的操作")
        report = selectors.report_for(request.user, pk)
        body = ReportTransitionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = {"comment": body.validated_data.get("comment", "")}
        if name == "publish":  # hits of the personal-data check confirmed as false positives (ids)
            data["confirmed"] = [str(c) for c in body.validated_data.get("confirm", [])]
        # 9.3: the version read is compared under the row lock by the action runner (no last-write-wins).
        report = run(
            WORKFLOW,
            name,
            report,
            actor=request.user,
            data=data,
            version=body.validated_data["version"],
            request=request,
        )
        return Response(
            {"id": report.pk, "status": report.status, "status_display": report.get_status_display()}
        )


class PublicationCheckView(APIView):
    """``GET /api/v1/reports/<id>/publication-check/``: the personal-data hits of what would be published
    (masked); ``POST …/transitions/publish/`` with ``{"confirm": [id, …]}`` confirms them as false positives."""

    permission_classes = BUSINESS_API_PERMISSIONS

    @extend_schema(
        summary="公开前的个人信息检查",
        description="列出将要公开的网页正文和 DOCX 中疑似个人信息（已遮蔽）：位置、类型、上下文和确认用的 id。",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, pk: int) -> Response:
        from . import publication, roles, selectors

        report = selectors.report_for(request.user, pk)
        if not roles.may(request.user, "publish", report.status):
            raise PermissionDenied("您无权公开年度报告")
        hits = publication.check(report) if report.status == report.Status.APPROVED else []
        return Response(
            {
                "status": report.status,
                "hits": [{**publication.as_record(h), "context": h.context} for h in hits],
            }
        )
