from rest_framework.routers import DefaultRouter

from .api import SampleRecordViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("sample-records", SampleRecordViewSet, basename="sample-record")

urlpatterns = router.urls
