# The portal shows reports made from real records: the same fixtures as the reports tests.
from fazhi.reports.tests.conftest import *  # noqa: F403
