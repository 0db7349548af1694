from rest_framework.routers import DefaultRouter

from .api import CoDefendantLinkViewSet, LitigationCaseViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("litigation/cases", LitigationCaseViewSet, basename="litigation-case")
router.register("litigation/co-defendants", CoDefendantLinkViewSet, basename="litigation-co-defendant")

urlpatterns = router.urls
