from django.urls import path

from fazhi.core.excel_views import ExcelPages

from . import imports, views

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("new/", views.action_create, name="action_create"),
    path("problems/", views.problem_list, name="problem_list"),
    *ExcelPages(
        "enforcement",
        "action",
        "行政执法决定",
        imports,
        import_note="执法人员按执法证号填写；违反三项制度的决定照常导入并标注问题。",
    ).urls(),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/<str:name>/", views.action_action, name="action_action"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/<str:name>/", views.body_action, name="body_action"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/<str:name>/", views.officer_action, name="officer_action"),
    path("recorders/", views.recorder_list, name="recorder_list"),
    path("teams/", views.team_list, name="team_list"),
    path("no-penalty/", views.no_penalty_list, name="no_penalty_list"),
]
