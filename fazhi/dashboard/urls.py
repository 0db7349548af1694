from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("compare/data/", views.compare_data, name="compare_data"),
]
