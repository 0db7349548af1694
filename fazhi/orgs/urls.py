from django.contrib.auth import views as auth_views
from django.urls import path

from . import gov_settings, views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("orgs/", views.org_list, name="org_list"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/settings/", gov_settings.settings_page, name="government_settings"),
]
