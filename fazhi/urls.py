"""URL map. Domain modules are mounted at ``/<app>/``, their API under ``/api/v1/`` and the public pages
they declare (``public_urls``) under ``/portal/<label>/``."""

from django.contrib import admin
from django.urls import include, path

from fazhi.casefiles.registry import declared as case_files
from fazhi.casefiles.views import page_urls as casefile_pages
from fazhi.core import excel_views, file_job_views, pickers
from fazhi.core import views as core_views
from fazhi.urls_domain import domain_modules

admin.site.site_header = "fazhi 系统管理"
admin.site.site_title = "fazhi 系统管理"
# Only the system and security administrators use the admin (三员分立); it holds no business data.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_staff and request.user.has_role("sysadmin", "secadmin")
)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("imports/<int:pk>/", excel_views.import_job, name="import_job"),
    path("jobs/<int:pk>/", file_job_views.file_job, name="file_job"),
    path("jobs/<int:pk>/download", file_job_views.file_job_download, name="file_job_download"),
    path("units/<str:code>/", pickers.unit_search, name="unit_search"),
    path("", include("fazhi.orgs.urls")),
    path("audit/", include("fazhi.audit.urls")),
    path("casefiles/", include("fazhi.casefiles.template_views")),
    path("notifications/", include("fazhi.notifications.urls")),
    path("workdays/", include(("fazhi.workdays.urls", "workdays"))),
    path("security/", include("fazhi.security.urls")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("fazhi.api_urls")),
]

for _module in domain_modules():
    if _module.has_submodule("urls"):
        urlpatterns.append(path(f"{_module.mount}/", include((f"{_module.name}.urls", _module.label))))
    if _module.public_urls:
        # Public pages a module declares (published data only): under /portal/, the one public prefix of
        # the login middleware, so no page outside it can be reached without login.
        urlpatterns.append(
            path(f"portal/{_module.label}/", include((_module.public_urls, _module.public_namespace)))
        )

# The documents, services and case file of each module that declares ``case_files`` (fazhi.casefiles).
for _cf in case_files().values():
    urlpatterns.append(
        path(f"{_cf.mount}/casefile/", include((casefile_pages(_cf), f"casefiles_{_cf.label}")))
    )

handler400 = "fazhi.core.views.error_400"
handler403 = "fazhi.core.views.error_403"
handler404 = "fazhi.core.views.error_404"
handler500 = "fazhi.core.views.error_500"
