from django.urls import path

from . import views

urlpatterns = [
    path("", views.event_list, name="audit_list"),
    path("export.xlsx", views.event_export, name="audit_export"),
]
