from rest_framework.routers import DefaultRouter

from .api import CleanupViewSet, DocumentViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("normative/documents", DocumentViewSet, basename="normative-document")
router.register("normative/cleanups", CleanupViewSet, basename="normative-cleanup")

urlpatterns = router.urls
