from rest_framework.routers import DefaultRouter

from .api import LitigationCaseViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("litigation/cases", LitigationCaseViewSet, basename="litigation-case")

urlpatterns = router.urls
