from rest_framework.routers import DefaultRouter

from .api import DecisionViewSet, LegalityReviewViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("decisions", DecisionViewSet, basename="decision")
router.register("legality-reviews", LegalityReviewViewSet, basename="legality-review")

urlpatterns = router.urls
