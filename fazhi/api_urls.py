"""``/api/v1/``: platform endpoints plus each domain module's ``api_urls``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from fazhi.casefiles.api import api_urls as casefile_api
from fazhi.casefiles.registry import declared as case_files
from fazhi.orgs import api as orgs_api
from fazhi.urls_domain import domain_modules

router = DefaultRouter()
router.register("orgs", orgs_api.OrgUnitViewSet, basename="org")

urlpatterns = [
    path("auth/token/", orgs_api.obtain_token, name="api-token"),
    path("auth/token/revoke/", orgs_api.revoke_token, name="api-token-revoke"),
    path("me/", orgs_api.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]

# Before the modules' own routes: a case's documents/services/casefile are not transitions of its viewset.
for _cf in case_files().values():
    urlpatterns += casefile_api(_cf)

for _module in domain_modules():
    if _module.has_submodule("api_urls"):
        urlpatterns.append(path("", include(f"{_module.name}.api_urls")))
