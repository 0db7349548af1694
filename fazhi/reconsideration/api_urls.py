from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api import CaseViewSet

router = DefaultRouter()
router.register("reconsideration/cases", CaseViewSet, basename="reconsideration-case")

urlpatterns = [path("", include(router.urls))]
