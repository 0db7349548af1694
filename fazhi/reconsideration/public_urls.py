"""Public pages of 行政复议 (``ReconsiderationConfig.public_urls``): the published 行政复议决定书 at
``/portal/reconsideration/<case>/`` (fazhi.casefiles.public; names of natural persons masked)."""

from fazhi.casefiles.public import urlpatterns as _published

urlpatterns = _published("reconsideration")
