from django.urls import path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("governance/duties", api.DutyViewSet, basename="governance-duty")
router.register("governance/trainings", api.TrainingViewSet, basename="governance-training")
router.register("governance/advisers", api.AdviserViewSet, basename="governance-adviser")
router.register("governance/consultations", api.ConsultationViewSet, basename="governance-consultation")
router.register(
    "governance/indicator-values", api.IndicatorValueViewSet, basename="governance-indicator-value"
)
router.register("governance/plan-items", api.PlanItemViewSet, basename="governance-plan-item")
router.register("governance/inspections", api.InspectionViewSet, basename="governance-inspection")
router.register("governance/assessments", api.AssessmentViewSet, basename="governance-assessment")
router.register("governance/rectifications", api.RectificationViewSet, basename="governance-rectification")

urlpatterns = [
    path("governance/idle-advisers/", api.IdleAdvisersView.as_view(), name="governance-idle-advisers"),
    *router.urls,
]
