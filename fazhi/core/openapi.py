"""The committed OpenAPI documents, one per module (issue 10 item 8): ``docs/openapi/<module>.yaml`` for
every domain module a manifest declares, ``docs/openapi/platform.yaml`` for the platform's own
endpoints (sign-in, me, units, figures …), and the combined ``docs/openapi.yaml`` the API tests read.

All are cut from one generation, so they cannot disagree; ``manage.py openapi --write`` writes them,
``--check`` (and the contract suite) fails with a diff when a committed file is stale. Modules added
through ``FAZHI_EXTRA_MODULES`` (the test-only sample module) are never documented in these files.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from django.conf import settings

PLATFORM = "platform"
COMBINED = "openapi.yaml"
REGENERATE = ".venv/bin/python manage.py openapi --write"


def docs_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs"


def committed_modules() -> list[Any]:
    """The manifests whose API is committed: the packages directly under ``fazhi`` (not the extras)."""
    from .modules import installed

    return [m for m in installed() if re.fullmatch(r"fazhi\.\w+", m.name)]


def without_extra_modules(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """PREPROCESSING_HOOKS entry: drop the endpoints of modules outside ``committed_modules``."""
    from .modules import installed

    extra = tuple(m.name + "." for m in installed() if m not in committed_modules())

    def module_of(callback: Any) -> str:
        return getattr(getattr(callback, "cls", callback), "__module__", "") + "."

    return [e for e in endpoints if not module_of(e[3]).startswith(extra)] if extra else endpoints


def generate() -> dict[str, Any]:
    """The whole schema, as ``manage.py spectacular`` would make it without the extra modules."""
    from drf_spectacular.settings import patched_settings, spectacular_settings

    hooks = [*spectacular_settings.PREPROCESSING_HOOKS, "fazhi.core.openapi.without_extra_modules"]
    with patched_settings({"PREPROCESSING_HOOKS": hooks}):
        generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
        return generator.get_schema(request=None, public=True)


def module_of_path(path: str) -> str:
    """The module label that serves a documented path, or ``platform``."""
    from django.apps import apps
    from django.urls import Resolver404, resolve

    try:
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
    except Resolver404:
        return PLATFORM
    cls = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    config = apps.get_containing_app_config((cls or match.func).__module__)
    labels = {m.label for m in committed_modules()}
    return config.label if config is not None and config.label in labels else PLATFORM


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            out.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def split(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One document per module (and the platform): its paths and the components they use."""
    titles = {m.label: str(m.verbose_name) for m in committed_modules()}
    by_module: dict[str, dict[str, Any]] = {label: {} for label in [*titles, PLATFORM]}
    for path, operations in schema.get("paths", {}).items():
        by_module[module_of_path(path)][path] = operations
    components = schema.get("components", {})
    all_schemas = components.get("schemas", {})
    out = {}
    for label, paths in by_module.items():
        if not paths:
            continue  # a module without an API (e.g. the portal) has no document
        used: set[str] = set()
        _refs(paths, used)
        pending = list(used)
        while pending:  # components refer to components
            found: set[str] = set()
            _refs(all_schemas.get(pending.pop(), {}), found)
            pending.extend(found - used)
            used |= found
        info = dict(schema.get("info", {}))
        info["title"] = f"{info.get('title', '')} · {titles.get(label, '平台')}"
        doc: dict[str, Any] = {"openapi": schema.get("openapi"), "info": info, "paths": paths}
        doc["components"] = {"schemas": {k: v for k, v in all_schemas.items() if k in used}}
        if "securitySchemes" in components:
            doc["components"]["securitySchemes"] = components["securitySchemes"]
        out[label] = doc
    return out


def render(schema: dict[str, Any]) -> str:
    from drf_spectacular.renderers import OpenApiYamlRenderer

    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def documents() -> dict[str, str]:
    """Every committed file (path relative to ``docs/``) → its text as the code makes it now."""
    schema = generate()
    out = {COMBINED: render(schema)}
    for label, doc in split(schema).items():
        out[f"openapi/{label}.yaml"] = render(doc)
    return out


def stale(fresh: dict[str, str]) -> dict[str, str]:
    """Files whose committed text differs from ``fresh`` (or that should not exist) → readable diff."""
    base = docs_dir()
    out = {}
    expected = set(fresh)
    existing = {f"openapi/{p.name}" for p in (base / "openapi").glob("*.yaml")}
    for name in sorted(expected | existing):
        path = base / name
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        generated = fresh.get(name, "")
        if committed != generated:
            out[name] = "".join(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    generated.splitlines(keepends=True),
                    f"docs/{name} (committed)",
                    "generated from the code",
                )
            )
    return out


def write(fresh: dict[str, str]) -> list[str]:
    """Write every document; remove module files no module serves any more. Returns what changed."""
    base = docs_dir()
    changed = list(stale(fresh))
    (base / "openapi").mkdir(exist_ok=True)
    for name in changed:
        path = base / name
        if name in fresh:
            path.write_text(fresh[name], encoding="utf-8")
        else:
            path.unlink()
    return changed
