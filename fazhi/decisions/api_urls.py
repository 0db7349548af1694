from rest_framework.routers import DefaultRouter

from .api import DecisionViewSet, LegalityReviewViewSet
from .contract_api import ContractViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("decisions", DecisionViewSet, basename="decision")
router.register("legality-reviews", LegalityReviewViewSet, basename="legality-review")
router.register("contracts", ContractViewSet, basename="contract")

urlpatterns = router.urls
