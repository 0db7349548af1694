"""One pinned moment for tests whose result depends on today's date.

Such a test pins the clock (``time_machine``) so that it passes on every real date, and in CI's run
with the clock two years ahead (``FAZHI_TEST_CLOCK``, root conftest.py). 2026-11-20 lies in a year
whose holiday arrangement is seeded and is a Friday, 10:00 in Asia/Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PINNED_NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
