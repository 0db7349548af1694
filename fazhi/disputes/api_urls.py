from rest_framework.routers import DefaultRouter

from .api import DisputeViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("disputes", DisputeViewSet, basename="dispute")

urlpatterns = router.urls
