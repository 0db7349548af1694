"""The module manifest: a domain module declares itself once, in its ``apps.py`` (docs/modules.md).

::

    class DisputesConfig(ModuleConfig):
        name = "fazhi.disputes"
        label = "disputes"
        verbose_name = "行政争议化解"
        order = 30
        kpis = ("disputes.handled", ...)
        enum_names = {"DisputeChannelEnum": "fazhi.disputes.models.Channel"}

        def nav(self) -> list[NavItem]: ...
        def figures(self) -> FigureSet: ...

A part may also be declared as data instead of a method: ``nav = [NavItem(..., BUSINESS_ROLES)]``, a
dotted path resolved once the models are loaded (``figures = "fazhi.disputes.stats.FIGURES"``), a list
of dotted paths (``workbench = ["fazhi.litigation.workbench.items"]``), or, for the demo, the dotted
path of its ``load`` function (``demo = "fazhi.disputes.demo.load"``, imported only when the demo runs,
named and ordered like the module). No lazy-import wrapper is needed in ``apps.py``.

Plain attributes (order, kpis, enum_names) are read before Django starts: ``settings``
discovers the modules (``discover``) and builds ``INSTALLED_APPS`` and the OpenAPI enum names from
them, so an ``apps.py`` imports nothing but this module at its top. The methods are called in
``ready()``, once the models are loaded, and fill ``fazhi.core.registry.registry`` and the figure
registry; the URL map (``fazhi.urls_domain``), the dashboard, the report composer, the bulletins and
the portal read only those. Adding a module therefore edits no platform file.
"""

from __future__ import annotations

import inspect
import pkgutil
from collections.abc import Callable, Iterable
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import AppConfig
from django.utils.module_loading import import_string

# Re-exported for the manifests, which import only this module at their top: these classes are plain
# data (no model, no setting), safe to build before Django starts.
from .figures import Clause as Clause
from .figures import FigureParagraph as FigureParagraph
from .figures import SumRule as SumRule
from .registry import (
    DashboardChart,
    DemoLoader,
    NavItem,
    PortalSection,
    ReportPart,
    TabularKind,
    WorkItem,
    registry,
)

if TYPE_CHECKING:
    from datetime import date

    from fazhi.core.figures import BulletinSection, FigureProvider, FigureSet
    from fazhi.core.links import LinkKind
    from fazhi.orgs.models import User
    from fazhi.workdays.rules import DeadlineRule


# The roles of the business menus (orgs.models.Role values; apps.py cannot import models at its top).
BUSINESS_ROLES = frozenset({"bureau", "clerk", "leader"})


def _lazy(path: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return import_string(path)(*args, **kwargs)

    call.__name__ = call.__qualname__ = path
    return call


def declared(config: ModuleConfig, part: str) -> Any:
    """A manifest part, whichever way it is declared: a method's result, data, a dotted path or a list of
    dotted paths (resolved here, once the models are loaded)."""
    value = getattr(config, part)
    if callable(value):
        value = value()
    if part == "demo" and isinstance(value, str):
        return [DemoLoader(str(config.verbose_name), _lazy(value), order=config.order)]
    if isinstance(value, str):
        return import_string(value)
    if isinstance(value, (list, tuple)):
        return [import_string(v) if isinstance(v, str) else v for v in value]
    return value


class ModuleConfig(AppConfig):
    """The manifest of a domain module. Override what the module has; every part defaults to none."""

    # Listed by package name ("fazhi.disputes"), Django picks the one default AppConfig of apps.py:
    # the imported base must not count, each manifest must.
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = True

    # Position in INSTALLED_APPS, hence in the URL map, the dashboard and the figure paragraphs' default.
    order: ClassVar[int] = 100
    # Mounted at /<url_prefix>/ with the namespace <label>; "" = the label.
    url_prefix: ClassVar[str] = ""
    # Figure keys shown as KPIs on the leaders' dashboard, in this order.
    kpis: ClassVar[tuple[str, ...]] = ()
    # How report text names the module and its figures (the narrative number check, reports.checks):
    # a number is read against the module named last before it, and the longest word wins.
    text_words: ClassVar[tuple[str, ...]] = ()
    figure_words: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Figure keys drawn on the dashboard's three-year trend.
    trend_keys: ClassVar[tuple[str, ...]] = ()
    # OpenAPI enum component name -> dotted path of the choices (drf-spectacular ENUM_NAME_OVERRIDES):
    # modules reuse field names (outcome, channel …) for different code lists.
    enum_names: ClassVar[dict[str, str]] = {}
    # Dotted path of a ``urlpatterns`` module of public pages (no login), mounted by the URL map at
    # ``/portal/<label>/`` with the namespace ``portal_<label>``; they show published data only, and the
    # contract suite checks them as public (anonymous 200, no personal or internal data). "" = none.
    public_urls: ClassVar[str] = ""
    # Dotted path of a ``fazhi.casefiles.declare.CaseFiles`` (documents, service records, the case file and
    # archiving of the module's case record); the platform mounts its pages at ``/<mount>/casefile/`` and
    # its API under ``/api/v1/<mount>/cases/<pk>/``. "" = none.
    case_files: ClassVar[str] = ""

    # --- Parts called once the models are loaded (ready). ---

    def nav(self) -> list[NavItem]:
        return []

    def deadline_rules(self) -> Iterable[DeadlineRule]:
        return []

    def figures(self) -> FigureSet | FigureProvider | None:
        return None

    def sum_rules(self) -> list[SumRule]:
        return []

    def dashboard_charts(self) -> list[DashboardChart]:
        return []

    def paragraphs(self) -> list[FigureParagraph]:
        return []

    def bulletin_sections(self) -> list[BulletinSection]:
        return []

    def tabular(self) -> list[TabularKind]:
        return []

    def demo(self) -> list[DemoLoader]:
        return []

    def workbench(self) -> list[Callable[[User, date], Iterable[WorkItem]]]:
        return []

    def portal_sections(self) -> list[PortalSection]:
        return []

    def report_parts(self) -> list[ReportPart]:
        """Generated text for whole sections of the annual report (``ReportPart``)."""
        return []

    def links(self) -> list[LinkKind]:
        """Kinds of record other modules may link to, resolved through this module's selector."""
        return []

    def calendar_listeners(self) -> list[Callable[[], Any]]:
        return []

    # --- Derived ---

    @property
    def mount(self) -> str:
        return self.url_prefix or self.label

    @property
    def public_namespace(self) -> str:
        """The URL namespace of the module's public pages ("" when it declares none)."""
        return f"portal_{self.label}" if self.public_urls else ""

    def has_submodule(self, name: str) -> bool:
        return find_spec(f"{self.name}.{name}") is not None

    def ready(self) -> None:
        register(self)


def register(config: ModuleConfig) -> None:
    """Fill the runtime registries from a manifest (idempotent: every ``add_*`` replaces or skips)."""
    from fazhi.core import figures as fig
    from fazhi.workdays import rules

    for rule in declared(config, "deadline_rules"):
        rules.register(rule)
    for item in declared(config, "nav"):
        registry.add_nav(item)
    for provider in declared(config, "workbench"):
        registry.add_workbench(provider)
    for listener in declared(config, "calendar_listeners"):
        registry.add_calendar_listener(listener)
    for loader in declared(config, "demo"):
        registry.add_demo(loader)
    for kind in declared(config, "tabular"):
        registry.add_tabular(kind)
    figures = declared(config, "figures")
    if figures is not None:
        fig.register_module_label(config.label, str(config.verbose_name))
        fig.register_provider(figures if isinstance(figures, fig.FigureProvider) else figures.provider())
    for rule in declared(config, "sum_rules"):
        fig.register_sum_rule(rule)
    for key in config.kpis:
        registry.add_kpi(key)
    if config.text_words:
        registry.add_module_words(config.label, *config.text_words)
    for key, words in config.figure_words.items():
        registry.add_figure_words(key, *words)
    for key in config.trend_keys:
        registry.add_trend_key(key)
    for chart in declared(config, "dashboard_charts"):
        registry.add_chart(chart)
    for paragraph in declared(config, "paragraphs"):
        registry.add_paragraph(paragraph)
    for section in declared(config, "bulletin_sections"):
        registry.add_bulletin(section)
    for portal in declared(config, "portal_sections"):
        registry.add_portal_section(portal)
    for part in declared(config, "report_parts"):
        registry.add_report_part(part)
    from fazhi.core import links

    for kind in declared(config, "links"):
        links.register(kind)


def installed() -> list[ModuleConfig]:
    """The installed domain modules, in INSTALLED_APPS order (which ``discover`` made stable)."""
    from django.apps import apps

    return [c for c in apps.get_app_configs() if isinstance(c, ModuleConfig)]


# --- Discovery, run by settings before Django starts. ---


def manifest_of(package: str) -> type[ModuleConfig] | None:
    """The ModuleConfig subclass that ``<package>.apps`` defines, if any."""
    if find_spec(f"{package}.apps") is None:
        return None
    mod = import_module(f"{package}.apps")
    found = [
        c
        for _, c in inspect.getmembers(mod, inspect.isclass)
        if issubclass(c, ModuleConfig) and c is not ModuleConfig and c.__module__ == mod.__name__
    ]
    if len(found) > 1:
        raise ValueError(f"{package}.apps 定义了多个模块清单（ModuleConfig）：{[c.__name__ for c in found]}")
    return found[0] if found else None


def discover(package: str = "fazhi", extra: Iterable[str] = ()) -> list[type[ModuleConfig]]:
    """Every domain module: the packages directly under ``package`` whose ``apps.py`` defines a
    ModuleConfig, plus the ``extra`` packages; sorted by (order, name) so the result never depends on
    the file system's listing order."""
    root = import_module(package)
    names = [f"{package}.{m.name}" for m in pkgutil.iter_modules(root.__path__) if m.ispkg]
    manifests: dict[str, type[ModuleConfig]] = {}
    for name in [*names, *(e.strip() for e in extra if e.strip())]:
        manifest = manifest_of(name)
        if manifest is not None:
            manifests[manifest.name] = manifest
        elif name not in names:
            raise ValueError(f"额外模块「{name}」的 apps.py 中没有模块清单（ModuleConfig）")
    return sorted(manifests.values(), key=lambda c: (c.order, c.name))


def app_paths(manifests: Iterable[type[ModuleConfig]]) -> list[str]:
    """INSTALLED_APPS entries: the manifest class itself (so Django does not have to guess it)."""
    return [f"{c.__module__}.{c.__qualname__}" for c in manifests]


def enum_names(manifests: Iterable[type[ModuleConfig]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in manifests:
        for name, path in c.enum_names.items():
            if name in out and out[name] != path:
                raise ValueError(f"OpenAPI 枚举名「{name}」被两个模块声明：{out[name]}、{path}")
            out[name] = path
    return out
