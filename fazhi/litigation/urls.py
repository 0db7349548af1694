from django.urls import path

from . import views, views_excel

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("export/", views_excel.case_export, name="case_export"),
    path("import/", views_excel.case_import, name="case_import"),
    path("import/template/", views_excel.import_template, name="import_template"),
    path("co-defendants/", views.co_defendant_queue, name="co_defendant_queue"),
    path("co-defendants/<int:pk>/<str:decision>/", views.co_defendant_decide, name="co_defendant_decide"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/document/", views.case_document, name="case_document"),
    path("<int:pk>/<str:action>/", views.case_action, name="case_action"),
]
