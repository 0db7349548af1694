from django.urls import path

from fazhi.core.excel_views import ExcelPages

from . import imports, views

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_create, name="document_create"),
    path("cleanup/", views.cleanup, name="cleanup"),
    *ExcelPages("normative", "document", "行政规范性文件", imports).urls(),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/full-text/", views.full_text, name="full_text"),
    path("<int:pk>/<str:name>/", views.document_action, name="document_action"),
]
