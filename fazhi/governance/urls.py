from django.urls import include, path

from fazhi.core.excel_views import ExcelPages

from . import imports, views

NOUNS = (
    "plan",
    "holder",
    "duty",
    "adviser",
    "consultation",
    "value",
    "rectification",
    "study",
    "training",
    "exam",
    "inspection",
    "assessment",
)
PATHS = {
    "plan": "plan-items",
    "holder": "holders",
    "duty": "duties",
    "adviser": "advisers",
    "consultation": "consultations",
    "value": "indicator-values",
    "rectification": "rectifications",
    "study": "study-sessions",
    "training": "trainings",
    "exam": "exams",
    "inspection": "inspections",
    "assessment": "assessments",
}

urlpatterns = [
    path("", views.overview, name="overview"),
    path(
        "advisers/",
        include(ExcelPages("governance", "adviser", "法律顾问", imports, kind="legal_advisers").urls()),
    ),
    path(
        "trainings/participants/",
        include(
            ExcelPages(
                "governance", "participant", "参训人员", imports.Participants, kind="training_participants"
            ).urls()
        ),
    ),
]
for noun in NOUNS:
    base = PATHS[noun]
    urlpatterns += [
        path(f"{base}/", getattr(views, f"{noun}_list"), name=f"{noun}_list"),
        path(f"{base}/new/", getattr(views, f"{noun}_create"), name=f"{noun}_create"),
        path(f"{base}/<int:pk>/", getattr(views, f"{noun}_detail"), name=f"{noun}_detail"),
    ]
urlpatterns += [
    path("rectifications/<int:pk>/<str:name>/", views.rectification_action, name="rectification_action"),
    path("indicator-values/<int:pk>/<str:name>/", views.value_action, name="value_action"),
    path("plan-items/<int:pk>/<str:name>/", views.plan_action, name="plan_action"),
    path("inspections/<int:pk>/<str:name>/", views.inspection_action, name="inspection_action"),
    path("assessments/<int:pk>/scores/", views.assessment_scores, name="assessment_scores"),
    path("assessments/<int:pk>/export/", views.assessment_export, name="assessment_export"),
]
