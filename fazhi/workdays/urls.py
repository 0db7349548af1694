from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("enter/", views.enter, name="enter"),
    path("enter/confirm/", views.confirm, name="confirm"),
    path("<int:year>/", views.year_detail, name="year"),
]
