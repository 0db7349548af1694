from django.urls import path

from .api import FiguresView, ReportTransitionView

urlpatterns = [
    path("figures/", FiguresView.as_view(), name="api-figures"),
    path(
        "reports/<int:pk>/transitions/<str:name>/",
        ReportTransitionView.as_view(),
        name="api-report-transition",
    ),
]
