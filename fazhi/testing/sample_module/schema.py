"""The committed ``docs/openapi.yaml`` is generated without the test-only modules (a plain
``manage.py spectacular`` run does not install them); the test run, which does, compares with this."""

from __future__ import annotations

from typing import Any

COMMITTED_SCHEMA_SETTINGS = {
    "PREPROCESSING_HOOKS": ["fazhi.testing.sample_module.schema.without_test_only_modules"]
}


def without_test_only_modules(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    def module_of(callback: Any) -> str:
        return getattr(getattr(callback, "cls", callback), "__module__", "")

    return [e for e in endpoints if not module_of(e[3]).startswith("fazhi.testing.")]
