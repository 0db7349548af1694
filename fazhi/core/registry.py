"""Plug-in points through which domain modules join the platform: the runtime store.

A domain module declares everything once in its manifest (``fazhi.core.modules.ModuleConfig`` in its
``apps.py``), which fills this registry when the app is ready. Platform apps (and any code that must
register at start-up) may still call ``registry.add_*`` from a ``hooks.py`` (imported once by
CoreConfig.ready). The parts:

* ``nav``: menu entries, each with the roles that may see it;
* ``workbench``: functions ``(user, today) -> list[WorkItem]`` for the 我的待办 / 即将到期 panels;
* ``demo``: loaders that add the module's part of the demo county (``fazhi demo``);
* ``tabular``: import/export kinds for ``fazhi import|export <kind>``;
* ``calendar_listeners``: functions run after the holiday calendar changed (e.g. to recompute
  stored deadline caches);
* ``kpis``, ``trend_keys``, ``charts``: what the leaders' dashboard shows, in module order;
* ``paragraphs``: figure paragraphs of the annual report (``fazhi.core.figures.FigureParagraph``);
* ``bulletins``: a module's part of the 月度信息快报 / 季度通报 (``fazhi.core.figures.BulletinSection``);
* ``portal``: sections of the public portal's front page;
* ``report_parts``: a module's generated text for a section of the annual report (``ReportPart``);

The shell never imports a domain module directly, so a module that is not installed is simply absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from fazhi.core.figures import BulletinSection, FigureParagraph
    from fazhi.orgs.models import User


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    icon: str = "circle"
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    """One line on the workbench: a task or a deadline of a record the user must act on."""

    title: str
    url: str
    kind: str  # "todo" | "deadline"
    due: date | None = None
    status: str = ""  # "due_soon" | "overdue" | "calendar_missing" | "awaiting_service" (待送达) | ""
    basis: str = ""
    module: str = ""
    # A case the user handles (承办人/协办人): True; assigned to someone else: False; unassigned or not a
    # case with handlers: None. The workbench lists "my cases" first; reminders skip others' cases.
    mine: bool | None = None


@dataclass
class DemoLoader:
    name: str
    load: Callable[..., Any]
    order: int = 100


@dataclass
class TabularKind:
    """An importable/exportable record kind, e.g. ``reconsideration``."""

    name: str
    label: str
    # importer(path, actor) imports all rows or none: returns the row count (or an object with
    # ``count``), raises ValidationError/ExcelError whose messages name each bad row and cell.
    # The CLI passes actor=None (a system import, no scope limit).
    importer: Callable[..., Any] | None = None
    exporter: Callable[..., Any] | None = None  # exporter(path, actor) -> row count


@dataclass(frozen=True)
class PortalSection:
    """A block on the public portal's front page (no login): ``template`` is rendered with the
    ``context(request)`` mapping. Public: it must show no personal data and no live case records."""

    code: str
    title: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]] | None = None
    order: int = 100


@dataclass(frozen=True)
class DashboardChart:
    """A chart on the leaders' dashboard. ``kind`` "share": the ``keys``' values as parts of a whole;
    "by_unit": the breakdown of ``keys[0]`` by unit (the largest ten). ``title`` may use ``{year}``."""

    code: str
    title: str
    kind: str
    keys: tuple[str, ...]
    order: int = 100


@dataclass(frozen=True)
class ReportPart:
    """A module's generated text for one section of the annual report (``section``: intro / measures /
    shortcomings / leaders / plans, ``fazhi.reports.compose.DEFAULT_SECTIONS``). ``build(year, org)`` returns
    plain-text lines (one paragraph a line, "（一）" headings allowed) for the government ``org`` (None: the
    whole installation); a line keeps its link to the records it was written from with ``{{figure.key}}``
    placeholders or ``[text](/record/url/)`` links. Drafts only: the editor accepts or rewrites the text."""

    section: str
    build: Callable[[int, Any], list[str]]
    order: int = 100


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    workbench: list[Callable[[User, date], Iterable[WorkItem]]] = field(default_factory=list)
    demo: list[DemoLoader] = field(default_factory=list)
    tabular: dict[str, TabularKind] = field(default_factory=dict)
    calendar_listeners: list[Callable[[], Any]] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)
    # Words the report's number check reads a figure or a module by (besides the figure's label).
    figure_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    module_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    trend_keys: list[str] = field(default_factory=list)  # figure keys on the dashboard's 3-year trend
    charts: list[DashboardChart] = field(default_factory=list)
    paragraphs: list[FigureParagraph] = field(default_factory=list)
    bulletins: list[BulletinSection] = field(default_factory=list)
    portal: list[PortalSection] = field(default_factory=list)
    report_parts: list[ReportPart] = field(default_factory=list)

    def add_nav(self, item: NavItem) -> None:
        if item.url_name not in {n.url_name for n in self.nav}:
            self.nav.append(item)
            self.nav.sort(key=lambda n: n.order)

    def add_workbench(self, provider: Callable[[User, date], Iterable[WorkItem]]) -> None:
        if provider not in self.workbench:
            self.workbench.append(provider)

    def add_demo(self, loader: DemoLoader) -> None:
        self.demo = [d for d in self.demo if d.name != loader.name] + [loader]
        self.demo.sort(key=lambda d: d.order)

    def add_tabular(self, kind: TabularKind) -> None:
        self.tabular[kind.name] = kind

    def add_calendar_listener(self, listener: Callable[[], Any]) -> None:
        if listener not in self.calendar_listeners:
            self.calendar_listeners.append(listener)

    def add_figure_words(self, key: str, *words: str) -> None:
        self.figure_words[key] = tuple(dict.fromkeys((*self.figure_words.get(key, ()), *words)))

    def add_module_words(self, module: str, *words: str) -> None:
        self.module_words[module] = tuple(dict.fromkeys((*self.module_words.get(module, ()), *words)))

    def add_kpi(self, key: str) -> None:
        if key not in self.kpis:
            self.kpis.append(key)

    def add_trend_key(self, key: str) -> None:
        if key not in self.trend_keys:
            self.trend_keys.append(key)

    def add_chart(self, chart: DashboardChart) -> None:
        self.charts = [c for c in self.charts if c.code != chart.code] + [chart]
        self.charts.sort(key=lambda c: c.order)

    def add_paragraph(self, paragraph: FigureParagraph) -> None:
        if paragraph not in self.paragraphs:
            self.paragraphs.append(paragraph)
            self.paragraphs.sort(key=lambda p: p.order)

    def add_bulletin(self, section: BulletinSection) -> None:
        if section not in self.bulletins:
            self.bulletins.append(section)
            self.bulletins.sort(key=lambda s: s.order)

    def add_portal_section(self, section: PortalSection) -> None:
        self.portal = [s for s in self.portal if s.code != section.code] + [section]
        self.portal.sort(key=lambda s: s.order)

    def add_report_part(self, part: ReportPart) -> None:
        if part not in self.report_parts:
            self.report_parts.append(part)
            self.report_parts.sort(key=lambda p: p.order)

    def report_lines(self, section: str, year: int, org: Any) -> list[str]:
        """Every module's generated lines for ``section`` of the report on ``year``, in module order."""
        return [line for p in self.report_parts if p.section == section for line in p.build(year, org)]


registry = Registry()
