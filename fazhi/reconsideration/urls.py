from django.urls import path

from . import views, views_excel

app_name = "reconsideration"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/action/<str:name>/", views.case_action, name="case_action"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("export/", views_excel.case_export, name="case_export"),
    path("import/", views_excel.import_upload, name="import_upload"),
    path("import/template/", views_excel.import_template, name="import_template"),
]
