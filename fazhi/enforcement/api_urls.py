from rest_framework.routers import DefaultRouter

from .api import ActionViewSet, BodyViewSet, OfficerViewSet, ProblemViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("enforcement/bodies", BodyViewSet, basename="enforcement-body")
router.register("enforcement/officers", OfficerViewSet, basename="enforcement-officer")
router.register("enforcement/actions", ActionViewSet, basename="enforcement-action")
router.register("enforcement/problems", ProblemViewSet, basename="enforcement-problem")

urlpatterns = router.urls
