from django.urls import include, path

from fazhi.core.excel_views import ExcelPages

from . import annual_views, imports, views
from .register_imports import NoPenalty, Recorders
from .supervision_exports import CaseReviews, Complaints, Notices

urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("new/", views.action_create, name="action_create"),
    path("problems/", views.problem_list, name="problem_list"),
    path("annual/", annual_views.annual_page, name="annual"),
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
    path("recorders/new/", views.recorder_create, name="recorder_create"),
    path(
        "recorders/",
        include(ExcelPages("enforcement", "recorder", "执法记录仪", Recorders, "recorders").urls()),
    ),
    path("recorders/<int:pk>/", views.recorder_detail, name="recorder_detail"),
    path("teams/", views.team_list, name="team_list"),
    path("no-penalty/", views.no_penalty_list, name="no_penalty_list"),
    path("no-penalty/new/", views.no_penalty_create, name="no_penalty_create"),
    path(
        "no-penalty/",
        include(
            ExcelPages(
                "enforcement",
                "no_penalty",
                "不予处罚清单事项",
                NoPenalty,
                "no_penalty",
                import_note="清单版本须已发布；新版本发布后，旧版本事项自新版本施行之日停止施行。",
            ).urls()
        ),
    ),
    path("no-penalty/<int:pk>/", views.no_penalty_detail, name="no_penalty_detail"),
    path("no-penalty/versions/", views.np_version_list, name="np_version_list"),
    path("no-penalty/versions/new/", views.np_version_create, name="np_version_create"),
    path("no-penalty/versions/<int:pk>/", views.np_version_detail, name="np_version_detail"),
    path("case-reviews/", views.case_review_list, name="case_review_list"),
    path("case-reviews/new/", views.case_review_create, name="case_review_create"),
    path(
        "case-reviews/",
        include(ExcelPages("enforcement", "case_review", "案卷评查", CaseReviews, importable=False).urls()),
    ),
    path("case-reviews/<int:pk>/", views.case_review_detail, name="case_review_detail"),
    path("case-reviews/<int:pk>/do/<str:name>/", views.case_review_action, name="case_review_action"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/new/", views.complaint_create, name="complaint_create"),
    path(
        "complaints/",
        include(ExcelPages("enforcement", "complaint", "执法投诉", Complaints, importable=False).urls()),
    ),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/do/<str:name>/", views.complaint_action, name="complaint_action"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path(
        "notices/",
        include(ExcelPages("enforcement", "notice", "行政执法监督文书", Notices, importable=False).urls()),
    ),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/do/<str:name>/", views.notice_action, name="notice_action"),
]
