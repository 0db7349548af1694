from django.urls import path

from fazhi.core.excel_views import ExcelPages

from . import imports, views

urlpatterns = [
    path("", views.dispute_list, name="dispute_list"),
    path("new/", views.dispute_create, name="dispute_create"),
    *ExcelPages("disputes", "dispute", "行政争议", imports).urls(),
    path("<int:pk>/", views.dispute_detail, name="dispute_detail"),
    path("<int:pk>/close/", views.dispute_action, {"name": "close"}, name="dispute_close"),
    path("<int:pk>/<str:name>/", views.dispute_action, name="dispute_action"),
]
