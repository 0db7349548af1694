from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
