"""The domain modules whose pages and API are mounted (kept apart to avoid an import cycle)."""

DOMAIN_APPS = ["reconsideration", "litigation", "disputes", "reports", "portal", "dashboard"]
