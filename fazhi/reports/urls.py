from django.urls import path

from . import views, views_bulletins, views_submission

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("create/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/sections/<int:sid>/save/", views.section_save, name="section_save"),
    path("<int:pk>/sections/<int:sid>/versions/", views.section_versions, name="section_versions"),
    path(
        "<int:pk>/sections/<int:sid>/versions/<int:number>/restore/",
        views.section_restore,
        name="section_restore",
    ),
    path("<int:pk>/arrange/", views.report_arrange, name="report_arrange"),
    path("<int:pk>/details/", views.report_details, name="report_details"),
    path("<int:pk>/acknowledge/", views.report_acknowledge, name="report_acknowledge"),
    path("<int:pk>/do/<str:name>/", views.report_transition, name="report_transition"),
    path("<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/public.pdf", views.report_public_pdf, name="report_public_pdf"),
    path("<int:pk>/figures.json", views.report_json, name="report_json"),
    path("submissions/", views_submission.board, name="submission_board"),
    path("submissions.xlsx", views_submission.board_xlsx, name="submission_xlsx"),
    path("submissions.zip", views_submission.board_zip, name="submission_zip"),
    path("bulletin/", views_bulletins.bulletin, name="bulletin"),
    path("circular/", views_bulletins.circular, name="circular"),
]
