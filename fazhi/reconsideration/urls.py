from django.urls import path

from fazhi.core.excel_views import ExcelPages
from fazhi.orgs.models import Role

from . import imports, views

app_name = "reconsideration"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/action/<str:name>/", views.case_action, name="case_action"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    # Only the reconsideration office imports historical cases (the SPEC's authorize says the same per row).
    *ExcelPages(
        "reconsideration", "case", "行政复议案件", imports, max_rows=100_000, import_roles=(Role.BUREAU,)
    ).urls(),
]
