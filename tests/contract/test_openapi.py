"""Platform contract, API documentation (DESIGN §7): the committed OpenAPI documents — one per module
(``docs/openapi/<module>.yaml``), one for the platform's own endpoints and the combined
``docs/openapi.yaml`` — are what the code generates now (a stale file fails with its diff); together
they document every method of every business API endpoint of every module, each module's file
exactly that module's endpoints, and the test-only sample module nowhere."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from fazhi.core import openapi
from fazhi.testing import contract

pytestmark = pytest.mark.django_db

APIS = [e for e in contract.business_apis() if not contract.test_only(e.module)]


def _template(endpoint: contract.Endpoint) -> str:
    """The endpoint's path in OpenAPI form, e.g. ``/api/v1/disputes/{id}/close/``."""
    marks = {k: (987654321 if k in ("pk", "id") else f"zz{k}zz") for k in endpoint.kwargs}
    path = reverse(endpoint.url_name, kwargs=marks)
    for k, mark in marks.items():
        path = path.replace(str(mark), "{id}" if k == "pk" else "{" + k + "}")
    return path


@pytest.mark.parametrize("endpoint", APIS, ids=lambda e: e.id)
def test_every_method_of_every_endpoint_is_documented(endpoint: contract.Endpoint) -> None:
    paths = contract.openapi()["paths"]
    template = _template(endpoint)
    assert template in paths, template
    served = {m for m in endpoint.methods if m in ("get", "post", "put", "patch", "delete")}
    if endpoint.actions:  # a viewset narrows the router's map with http_method_names (405 otherwise)
        served = {m for m in served if m in contract.http_methods(endpoint)}
    assert served <= set(paths[template]), (template, served, set(paths[template]))


@cache
def _fresh() -> dict[str, str]:
    """Every committed document as the code generates it now (one generation for the whole run)."""
    return openapi.documents()


def _committed(name: str) -> dict:
    path = openapi.docs_dir() / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


MODULE_FILES = [f"openapi/{m.label}.yaml" for m in openapi.committed_modules()]


@pytest.mark.parametrize("name", [openapi.COMBINED, f"openapi/{openapi.PLATFORM}.yaml", *MODULE_FILES])
def test_committed_openapi_file_is_what_the_code_generates(name: str) -> None:
    """CI diff: an API change must regenerate and commit its module's file (a module without an API
    has none)."""
    path = openapi.docs_dir() / name
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    if committed != _fresh().get(name, ""):
        diff = openapi.stale(_fresh()).get(name, "")
        pytest.fail(f"docs/{name} is out of date; run `{openapi.REGENERATE}` and commit it:\n{diff[:6000]}")


def test_no_committed_file_without_a_module() -> None:
    existing = {f"openapi/{p.name}" for p in (openapi.docs_dir() / "openapi").glob("*.yaml")}
    assert existing <= set(_fresh()), existing - set(_fresh())


@pytest.mark.parametrize("module", [m for m in contract.business_modules() if not contract.test_only(m)])
def test_every_documented_path_of_a_module_is_served(module: str) -> None:
    """The module's own file documents exactly its endpoints (and the combined one agrees)."""
    served = {_template(e) for e in APIS if e.module == module}
    documented = set(_committed(f"openapi/{module}.yaml").get("paths", {}))
    assert documented == served, documented ^ served
    combined = {p for p in contract.openapi()["paths"] if contract.api_module(p) == module}
    assert combined == served, combined ^ served


def test_test_only_modules_stay_out_of_the_committed_files() -> None:
    """The sample module is installed for this run and serves an API, but no committed file has it."""
    extra = [m for m in contract.modules() if contract.test_only(m)]
    extra_apis = [_template(e) for e in contract.apis(lambda m: m in extra)]
    assert extra and extra_apis  # the proof needs a test-only module that serves an API
    for name, text in _fresh().items():
        assert Path(name).stem not in extra
        assert not any(path in yaml.safe_load(text)["paths"] for path in extra_apis), name
