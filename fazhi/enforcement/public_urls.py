"""Public pages of 行政执法 (``EnforcementConfig.public_urls``): mounted at ``/portal/enforcement/`` with the
namespace ``portal_enforcement``, no login; published data only."""

from django.urls import path

from . import public_views as v

urlpatterns = [
    path("bodies/", v.bodies, name="bodies"),
    path("officers/", v.officers, name="officers"),
    path("decisions/", v.decisions, name="decisions"),
    path("decisions/<int:pk>/", v.decision, name="decision"),
    path("no-penalty/", v.no_penalty, name="no_penalty"),
    path("annual/", v.annual, name="annual"),
]
