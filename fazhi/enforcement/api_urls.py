from rest_framework.routers import DefaultRouter

from .api import ActionViewSet, BodyViewSet, OfficerViewSet, ProblemViewSet
from .supervision_api import (
    CaseReviewViewSet,
    ComplaintViewSet,
    NoPenaltyItemViewSet,
    NoPenaltyListViewSet,
    NoticeViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("enforcement/bodies", BodyViewSet, basename="enforcement-body")
router.register("enforcement/officers", OfficerViewSet, basename="enforcement-officer")
router.register("enforcement/actions", ActionViewSet, basename="enforcement-action")
router.register("enforcement/problems", ProblemViewSet, basename="enforcement-problem")
router.register("enforcement/case-reviews", CaseReviewViewSet, basename="enforcement-case-review")
router.register("enforcement/complaints", ComplaintViewSet, basename="enforcement-complaint")
router.register("enforcement/notices", NoticeViewSet, basename="enforcement-notice")
router.register("enforcement/no-penalty-lists", NoPenaltyListViewSet, basename="enforcement-no-penalty-list")
router.register("enforcement/no-penalty-items", NoPenaltyItemViewSet, basename="enforcement-no-penalty-item")

urlpatterns = router.urls
