from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from fazhi.core.api import BUSINESS_API_PERMISSIONS
from fazhi.orgs.scope import business_orgs

from .models import SampleRecord


class SampleRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = SampleRecord
        fields = ["id", "org", "title", "kind", "registered_on"]


class SampleRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """样例记录（仅测试）。"""

    serializer_class = SampleRecordSerializer
    permission_classes = BUSINESS_API_PERMISSIONS

    def get_queryset(self) -> QuerySet[SampleRecord]:
        return SampleRecord.objects.filter(org__in=business_orgs(self.request.user)).order_by("id")  # type: ignore[arg-type]
