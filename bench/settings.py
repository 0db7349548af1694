"""Settings of the benchmark server (``bench/lists.py`` starts gunicorn with them): the product's settings,
plus the bench URLConf (the stock admin and the keyset view next to the product) and no API throttle."""

import warnings

from fazhi.settings import *  # noqa: F403
from fazhi.settings import REST_FRAMEWORK, TEMPLATES

ROOT_URLCONF = "bench.urls"
DEBUG = False
# 8 clients at full speed would hit the per-user throttle within a second; production keeps it
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]  # noqa: F405

# whitenoise warns that collectstatic has not run: the bench fetches pages, never their static files
warnings.filterwarnings("ignore", message="No directory at")
