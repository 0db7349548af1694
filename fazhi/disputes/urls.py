from django.urls import path

from . import views, views_excel

urlpatterns = [
    path("", views.dispute_list, name="dispute_list"),
    path("new/", views.dispute_create, name="dispute_create"),
    path("export/", views_excel.dispute_export, name="dispute_export"),
    path("import/", views_excel.dispute_import, name="dispute_import"),
    path("import/template/", views_excel.import_template, name="import_template"),
    path("<int:pk>/", views.dispute_detail, name="dispute_detail"),
    path("<int:pk>/close/", views.dispute_action, {"name": "close"}, name="dispute_close"),
    path("<int:pk>/<str:name>/", views.dispute_action, name="dispute_action"),
]
