from django.urls import path

from fazhi.core.excel_views import ExcelPages

from . import imports, views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    *ExcelPages("litigation", "case", "行政诉讼案件", imports).urls(),
    path("co-defendants/", views.co_defendant_queue, name="co_defendant_queue"),
    path("co-defendants/<int:pk>/<str:decision>/", views.co_defendant_decide, name="co_defendant_decide"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/document/", views.case_document, name="case_document"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/<str:action>/", views.case_action, name="case_action"),
]
