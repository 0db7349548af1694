"""Discovery for the platform contract suite (``tests/contract/``): every business module, page, API
endpoint, transition, tabular kind and figure drill-down, read from what the platform already knows —
the URL resolver (pages and the DRF routers under ``/api/v1/``), each module's ``WORKFLOW`` transition
table, ``core.registry.registry.tabular``, ``core.excel_views.PAGES`` and the figure providers.

Kept in this one file on purpose: when the module manifest (``fazhi.core.modules``) lands, only these
functions change to read it, and the contract suite keeps its parametrisation.

The few facts the platform does not declare are each module's ``tests/contract.py`` ``FACTS``
(a ``ModuleFacts``): how to make one valid record, which list rows the figure drill-downs show, and
module rules that narrow a platform rule (the leader signs off the annual report).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.core.modules import installed
from fazhi.core.pii import make_id_card
from fazhi.core.workflow import Transition, Workflow

#: Modules whose pages are public by design (the 政务公开 portal shows only published reports).
PUBLIC_MODULES = frozenset({"portal"})
API_PREFIX = "api/v1/"
WRITE_METHODS = ("post", "put", "patch", "delete")
#: Path parameters that name a workflow step; such a URL is one endpoint per transition.
STEP_KWARGS = ("name", "action", "step")
#: The date filled into forms and request bodies: after every world record's own dates, before today.
FORM_DATE = "2024-09-30"


@dataclass(frozen=True)
class ModuleFacts:
    """What a module must still tell the contract suite by hand (until the manifest declares it)."""

    #: ``make(world) -> record``: one valid record in its initial state, in ``world.unit``.
    make: Callable[[Any], Any] | None = None
    #: a regex whose first group identifies one row of the module's list page (drill-down counting).
    row: str = ""
    #: transitions that a 领导 performs (a module rule narrowing "leaders cannot write").
    leader_steps: frozenset[str] = frozenset()
    #: whether the record carries parties with ID and phone numbers (PII masking applies).
    has_parties: bool = False
    #: ``year(bureau, units)``: the module's records of the drill-down test's year (2019), when its figures
    #: count records the shared fixtures do not make.
    year: Callable[[Any, dict[str, Any]], None] | None = None
    #: ``published(world) -> (record, internal)``: a record the module's public pages (its manifest's
    #: ``public_urls``) show, and texts of that record that are internal (a review opinion, the drafter's
    #: contacts) and must never appear on them.
    published: Callable[[Any], tuple[Any, tuple[str, ...]]] | None = None
    #: the module's further transition tables, by their name in ``<app>/actions.py`` (or
    #: ``<submodule>.<NAME>``), each with
    #: ``make(world)`` (one record of that table's model in its initial state, in ``world.unit``): e.g. the
    #: legality-review desk beside the decisions. Their endpoints are told apart by the ``workflow`` their
    #: viewset or page (``core.pages.RecordPages``) declares.
    tables: dict[str, Callable[[Any], Any]] = field(default_factory=dict)


#: The party of every world record: numbers no template example or seed uses, so that finding them in
#: a response means the record's party data was shown.
PARTY_ID = make_id_card("330381", date(1969, 8, 23), 7)
PARTY_PHONE = "13987654321"


@cache
def facts(module: str) -> ModuleFacts:
    """``FACTS`` of the module's ``tests/contract.py`` (a module declares its own facts: adding one edits
    no platform file); a module without that file keeps no records of its own."""
    app = next((m for m in installed() if m.label == module), None)
    if app is None:
        return ModuleFacts()
    try:
        found = import_module(f"{app.name}.tests.contract")
    except ModuleNotFoundError as e:
        if e.name not in (f"{app.name}.tests", f"{app.name}.tests.contract"):
            raise
        return ModuleFacts()
    return found.FACTS


# --- modules -------------------------------------------------------------------------------------


def modules() -> list[str]:
    """Every installed domain module (the manifests), the public portal and test-only modules included."""
    return [m.label for m in installed()]


def test_only(module: str) -> bool:
    """A module installed only for the test run (``fazhi.testing.sample_module``): it is left out of
    the committed OpenAPI file by design, and its drill-downs are checked by its own tests."""
    return any(m.label == module and m.name.startswith("fazhi.testing.") for m in installed())


def business_modules() -> list[str]:
    """Modules holding business data: closed to anonymous users and to the administrators (三员分立)."""
    return [m for m in modules() if m not in PUBLIC_MODULES]


def record_modules() -> list[str]:
    """Business modules that keep records of their own (one is made per test world)."""
    return [m for m in business_modules() if facts(m).make is not None]


def workflow(module: str) -> Workflow | None:
    """The module's transition table, declared in ``<app>/actions.py`` (the action runner's declarations)."""
    config = next((m for m in installed() if m.label == module), None)
    if config is None or not config.has_submodule("actions"):
        return None
    return getattr(import_module(f"{config.name}.actions"), "WORKFLOW", None)


def workflows(module: str) -> dict[str, Workflow]:
    """The module's transition tables by name: ``WORKFLOW`` and the further ``tables`` of its facts."""
    main = workflow(module)
    if main is None:
        return {}
    config = next(m for m in installed() if m.label == module)
    out = {"WORKFLOW": main}
    for name in facts(module).tables:
        # "REVIEW_WORKFLOW" in <app>/actions.py, or "<submodule>.<NAME>" (contract_actions.CONTRACT_WORKFLOW)
        where, _, attr = name.rpartition(".")
        out[name] = getattr(import_module(f"{config.name}.{where or 'actions'}"), attr)
    return out


def record_key(module: str, wf: Workflow | None) -> str:
    """Where the world keeps the record a table's steps act on: the module's own record for ``WORKFLOW``
    (or an endpoint that declares no table), ``<module>:<table>`` for a further table."""
    if wf is None or wf is workflow(module):
        return module
    name = next((n for n, w in workflows(module).items() if w is wf), "?")
    return f"{module}:{name}"


def table_of(module: str, transition: Transition) -> Workflow | None:
    """The table ``transition`` belongs to."""
    return next(
        (w for w in workflows(module).values() if w.transitions.get(transition.name) is transition), None
    )


def record_for(world: Any, module: str, wf: Workflow | None) -> Any:
    return world.records.get(record_key(module, wf))


# --- URLs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern of a module: a page or an API endpoint, with its HTTP methods."""

    module: str
    kind: str  # "page" | "api"
    url_name: str  # reversible name, namespaced for pages
    kwargs: tuple[str, ...]  # path parameters, e.g. ("pk",) or ("pk", "name")
    methods: frozenset[str]  # lower case; pages: unknown, taken as {"get", "post"}
    actions: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # DRF viewset map
    public: bool = False  # one of the module's declared public pages (``ModuleConfig.public_urls``)
    # the transition table the view declares (a DRF viewset's or a RecordPages view's ``workflow``); None:
    # the module's WORKFLOW
    workflow: Any = field(default=None, hash=False, compare=False)

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.url_name}"

    @property
    def step_kwarg(self) -> str | None:
        return next((k for k in self.kwargs if k in STEP_KWARGS), None)

    @property
    def action(self) -> str | None:
        """The workflow step this endpoint performs (a DRF ``@action`` named like the transition)."""
        return next((a for m, a in self.actions.items() if m == "post" and a != "create"), None)


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p


def _view_module(callback: Any) -> str | None:
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    name = (cls or callback).__module__
    owner = next((m for m in installed() if name == m.name or name.startswith(m.name + ".")), None)
    if owner is not None:
        return owner.label
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "fazhi" else None


def _api_methods(callback: Any) -> tuple[frozenset[str], dict[str, str]]:
    actions = getattr(callback, "actions", None)
    if actions:
        # A router maps only the methods the viewset has; http_method_names narrows further (405), but
        # permissions are checked first, so every mapped method is part of the contract.
        return frozenset(actions), dict(actions)
    cls = callback.cls
    return frozenset(m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)), {}


def public_namespaces() -> dict[str, str]:
    """The URL namespace of each module's declared public pages -> the module's label."""
    return {m.public_namespace: m.label for m in installed() if m.public_namespace}


@cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every page and API endpoint of every domain module (format-suffix duplicates dropped)."""
    found: dict[str, Endpoint] = {}
    public = public_namespaces()
    for route, namespace, p in _walk(get_resolver().url_patterns):
        if "(?P<format>" in route or "<drf_format_suffix" in route or not p.name:
            continue
        module = _view_module(p.callback)
        if module not in modules():
            continue
        kwargs = tuple(p.pattern.regex.groupindex)
        cls = getattr(p.callback, "cls", None)
        wf = getattr(cls, "workflow", None) if cls is not None else getattr(p.callback, "workflow", None)
        if route.startswith(API_PREFIX):
            methods, actions = _api_methods(p.callback)
            ep = Endpoint(module, "api", p.name, kwargs, methods, actions, workflow=wf)
        else:
            name = f"{namespace}:{p.name}" if namespace else p.name
            # public only where the URL map mounted the module's own declaration (not by where it lives)
            declared = namespace in public and public[namespace] == module
            ep = Endpoint(
                module, "page", name, kwargs, frozenset({"get", "post"}), public=declared, workflow=wf
            )
        found.setdefault(ep.id, ep)
    return tuple(found.values())


def pages(module_filter: Callable[[str], bool] = lambda m: True) -> list[Endpoint]:
    return [e for e in endpoints() if e.kind == "page" and module_filter(e.module)]


def apis(module_filter: Callable[[str], bool] = lambda m: True) -> list[Endpoint]:
    return [e for e in endpoints() if e.kind == "api" and module_filter(e.module)]


def business_pages() -> list[Endpoint]:
    return [e for e in pages(lambda m: m not in PUBLIC_MODULES) if not e.public]


def public_pages() -> list[Endpoint]:
    """The public pages business modules declare (``public_urls``): anonymous, published data only."""
    return [e for e in pages(lambda m: m not in PUBLIC_MODULES) if e.public]


def public_modules() -> list[str]:
    """Business modules that declare public pages."""
    return sorted(set(public_namespaces().values()) - PUBLIC_MODULES)


def business_apis() -> list[Endpoint]:
    return apis(lambda m: m not in PUBLIC_MODULES)


def step_endpoints(module: str, step: str, wf: Workflow | None = None) -> list[tuple[Endpoint, str]]:
    """(endpoint, step) pairs that perform ``step`` of ``module``'s table ``wf`` (default ``WORKFLOW``): a DRF
    action named after it, or a URL with a step parameter (``…/do/<name>/``, ``…/<action>/``)."""
    out = []
    main = workflow(module)
    wf = wf or main
    for e in endpoints():
        if e.module != module or (e.workflow or main) is not wf:
            continue
        if e.kind == "api" and e.action == step:
            out.append((e, step))
        elif e.step_kwarg and "post" in e.methods:
            out.append((e, step))
        elif e.kind == "page" and not e.step_kwarg and e.url_name.endswith(f"_{step}"):
            out.append((e, step))
    return out


def transitions() -> list[tuple[str, Transition]]:
    """Every transition of every module's transition tables."""
    out = []
    for m in modules():
        for wf in workflows(m).values():
            out.extend((m, t) for t in wf.transitions.values())
    return out


def api_transitions() -> list[tuple[str, Transition, Endpoint]]:
    """Every transition that has an API endpoint (POST)."""
    out = []
    for m, t in transitions():
        for e, _ in step_endpoints(m, t.name, table_of(m, t)):
            if e.kind == "api":
                out.append((m, t, e))
    return out


def page_transitions() -> list[tuple[str, Transition, Endpoint]]:
    """Every transition that has a page the user posts a form to."""
    out = []
    for m, t in transitions():
        for e, _ in step_endpoints(m, t.name, table_of(m, t)):
            if e.kind == "page":
                out.append((m, t, e))
    return out


def url_for(endpoint: Endpoint, world: Any, step: str | None = None, record: Any = None) -> str:
    """A concrete URL of ``endpoint`` aimed at ``record``, by default the world's record of its module
    (of its table)."""
    if record is None:
        record = record_for(world, endpoint.module, endpoint.workflow)
    values: dict[str, Any] = {}
    for k in endpoint.kwargs:
        if k in ("pk", "id"):
            values[k] = record.pk if record is not None else 1
        elif k in STEP_KWARGS:
            wf = endpoint.workflow or workflow(endpoint.module)
            values[k] = step or (next(iter(wf.transitions)) if wf else "x")
        elif k == "sid":
            values[k] = record.sections.first().pk if record is not None else 1
        else:
            values[k] = 1
    return reverse(endpoint.url_name, kwargs=values)


# --- request bodies from the committed OpenAPI document --------------------------------------------


def openapi() -> dict[str, Any]:
    """The committed OpenAPI document (``docs/openapi.yaml``)."""
    return _openapi()


def http_methods(endpoint: Endpoint) -> set[str]:
    """The methods a DRF view serves (its ``http_method_names``), lower case."""
    from django.urls import resolve

    match = resolve(reverse(endpoint.url_name, kwargs={k: "1" for k in endpoint.kwargs}))
    cls = getattr(match.func, "cls", None)
    return set(getattr(cls, "http_method_names", ())) if cls else set()


def api_module(path: str) -> str | None:
    """The module serving a documented API path (by resolving it), or None for platform paths."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    except Resolver404:
        return None
    return _view_module(match.func)


@cache
def _openapi() -> dict[str, Any]:
    return yaml.safe_load((Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text(encoding="utf-8"))


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        return _resolve(schema["allOf"][0])
    if "oneOf" in schema:
        return _resolve(schema["oneOf"][0])
    return schema


def _example(schema: dict[str, Any], on: str) -> Any:
    schema = _resolve(schema)
    if "enum" in schema:
        return next(v for v in schema["enum"] if v not in ("", None))
    kind = schema.get("type")
    if kind == "string":
        return on if schema.get("format") == "date" else "测试"
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return max(
            1, schema.get("minimum", 1)
        )  # a bounded field (a year ≥ 2000) gets its smallest valid value
    if kind == "array":
        return []
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], on) for k in schema.get("required", []) if k in props}
    return None


def request_body(url: str, method: str, *, version: int | None, on: str = FORM_DATE) -> dict[str, Any]:
    """The smallest valid JSON body the committed schema documents for ``method url``: its required
    fields, a plausible date ``on``, and ``version`` (left out when None)."""
    for template, operations in _openapi()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, url) and method in operations:
            content = operations[method].get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            body = _example(schema, on) if schema else {}
            break
    else:
        body = {}
    body.pop("version", None)
    if version is not None:
        body["version"] = version
    return body


# --- Excel and figures ---------------------------------------------------------------------------


def tabular_kinds() -> list[str]:
    """Every registered import kind (``fazhi import <kind>``)."""
    from fazhi.core.registry import registry

    return sorted(k for k, v in registry.tabular.items() if v.importer is not None)


def import_page(kind: str) -> str | None:
    """The web upload page of an import kind (``core.excel_views.register_import_page``)."""
    from fazhi.core import excel_views

    endpoints()  # the modules' views register their import pages when the URLs load
    entry = excel_views.PAGES.get(kind)
    return reverse(entry[1]) if entry else None


def figure_providers() -> list[Any]:
    from fazhi.reports.figures import providers

    return providers()


def figure_provider(module: str) -> Any:
    return next(p for p in figure_providers() if p.module == module)


def drilldown_module(url: str) -> str:
    return url.lstrip("/").split("/", 1)[0]


_NEXT = re.compile(r'<a\b[^>]*data-testid="next-page"[^>]*>')
_HREF = re.compile(r'href="([^"]+)"')


def listed_rows(client: Any, url: str) -> set[str]:
    """The rows a list page shows for ``url``, following its keyset ``next-page`` links."""
    row = re.compile(facts(drilldown_module(url)).row)
    base = url.split("?", 1)[0]
    seen: set[str] = set()
    while url:
        html = client.get(url).content.decode()
        seen |= set(row.findall(html))
        tag = _NEXT.search(html)
        href = _HREF.search(tag.group(0)) if tag else None
        target = href.group(1).replace("&amp;", "&") if href else ""
        url = base + target if target.startswith("?") else target
    return seen


def initial_status(module: str, wf: Workflow | None = None) -> str | None:
    """The status a new record of ``module`` (of its table ``wf``) starts in (the model's ``status`` default)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if wf is not None and wf is not workflow(module) and wf.model is not None:
        return str(wf.model._meta.get_field("status").get_default())

    try:
        config = apps.get_app_config(module)
    except LookupError:
        return None
    wf = workflow(module)
    for model in config.get_models():
        try:
            status = model._meta.get_field("status")
        except FieldDoesNotExist:
            continue
        if wf is not None and set(wf.status_labels) == {c[0] for c in status.choices or []}:
            return str(status.get_default())
    return None


# --- page forms ----------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page with the values a user who submits them unchanged would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                fields.setdefault(a["name"], "") if a.get("type") == "radio" else None
                return
            fields[a["name"]] = a.get("value", "") or _filled(a)
        elif tag == "textarea" and a.get("name"):
            fields[a["name"]] = "测试"
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            if "selected" in a or not fields.get(self._select):
                fields[self._select] = a["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def _filled(attrs: dict[str, str]) -> str:
    """What a user types into an empty field the form needs: a plausible date, a number, a word."""
    kind, name = attrs.get("type", "text"), attrs["name"]
    if (
        kind == "date"
        or "date" in name
        or name == "on"
        or "flatpickr" in attrs.get("class", "")
        or "data-fz-date" in attrs  # a DateField of core.forms.StyledFormMixin (e.g. due_on)
    ):
        return FORM_DATE
    if kind == "number":
        return "1"
    if kind in ("text", "") and "required" in attrs:
        return "测试"
    return ""


def page_form(html: str, action: str) -> dict[str, str] | None:
    """The fields of the form on ``html`` that posts to ``action`` (None when the page has none)."""
    parser = _Forms()
    parser.feed(html)
    for target, fields in parser.forms:
        if target == action:
            return {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
    return None
