from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("", views.index, name="index"),
    path("alerts/<int:pk>/ack/", views.alert_ack, name="alert_ack"),
    path("locked/", views.locked, name="locked"),
    path("failures/", views.failures, name="failures"),
    path("sessions/", views.sessions, name="sessions"),
    path("policy/", views.policy, name="policy"),
]
