"""Public pages of 行政复议 (``ReconsiderationConfig.public_urls``): the published 行政复议决定书, listed at
``/portal/reconsideration/`` and each at ``/portal/reconsideration/<case>/`` (fazhi.casefiles.public; names
of natural persons masked, ID numbers removed), linked from the portal's front page."""

from fazhi.casefiles.public import portal_section
from fazhi.casefiles.public import urlpatterns as _published

urlpatterns = _published("reconsideration")
PORTAL_SECTIONS = [portal_section("reconsideration", "行政复议决定书公开")]
