from django.urls import path

from .api import FiguresView, PublicationCheckView, ReportTransitionView

urlpatterns = [
    path("figures/", FiguresView.as_view(), name="api-figures"),
    path(
        "reports/<int:pk>/transitions/<str:name>/",
        ReportTransitionView.as_view(),
        name="api-report-transition",
    ),
    path(
        "reports/<int:pk>/publication-check/",
        PublicationCheckView.as_view(),
        name="api-report-publication-check",
    ),
]
