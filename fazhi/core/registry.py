"""Plug-in points through which domain modules join the platform.

A module registers in its ``hooks.py`` (imported once at start-up by CoreConfig.ready):

* ``nav``: menu entries, each with the roles that may see it;
* ``workbench``: functions ``(user, today) -> list[WorkItem]`` for the 我的待办 / 即将到期 panels;
* ``demo``: loaders that add the module's part of the demo county (``fazhi demo``);
* ``tabular``: import/export kinds for ``fazhi import|export <kind>``;
* ``calendar_listeners``: functions run after the holiday calendar changed (e.g. to recompute
  stored deadline caches).

The shell never imports a domain module directly, so a module that is not installed is simply absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    workbench: list[Callable[[User, date], Iterable[WorkItem]]] = field(default_factory=list)
    demo: list[DemoLoader] = field(default_factory=list)
    tabular: dict[str, TabularKind] = field(default_factory=dict)
    calendar_listeners: list[Callable[[], Any]] = field(default_factory=list)

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


registry = Registry()
