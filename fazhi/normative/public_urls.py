"""Public pages of 行政规范性文件 (``NormativeConfig.public_urls``): mounted at ``/portal/normative/`` with the
namespace ``portal_normative``, no login; published documents only."""

from django.urls import path

from . import portal

urlpatterns = [
    path("<int:pk>/", portal.document, name="document"),
    path("<int:pk>/full-text/", portal.full_text, name="full_text"),
]
