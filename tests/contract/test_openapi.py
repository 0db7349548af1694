"""Platform contract, API documentation (DESIGN §7): the committed ``docs/openapi.yaml`` (diffed
against the code by ``tests/test_openapi_contract.py``) documents every method of every business API
endpoint of every module, and documents nothing the modules do not serve."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


@pytest.mark.parametrize("module", [m for m in contract.business_modules() if not contract.test_only(m)])
def test_every_documented_path_of_a_module_is_served(module: str) -> None:
    served = {_template(e) for e in APIS if e.module == module}
    documented = {p for p in contract.openapi()["paths"] if contract.api_module(p) == module}
    assert documented == served, documented ^ served
