"""What a module contributes to the annual report, the bulletins and the portal from its figures: the
report's figure paragraphs (clauses printed only when their figures are present) and the bulletins' parts.
Split from ``fazhi.core.figures``, which re-exports every name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fazhi.core.figures import Figure


@dataclass(frozen=True)
class Clause:
    """Part of a figure paragraph; printed only when every key it names is present (FIGURES.md:
    a figure whose module is not installed is absent, never 0)."""

    text: str

    @property
    def keys(self) -> list[str]:
        from fazhi.core.figures import _TOKEN

        return _TOKEN.findall(self.text)


@dataclass(frozen=True)
class FigureParagraph:
    """A generated paragraph of the annual report's 主要举措和成效 section; ``order`` places it."""

    module: str
    lead: str  # "一是…" style opening sentence written by us, no figures
    clauses: tuple[Clause, ...]
    order: int = 100


@dataclass
class BulletinTableRow:
    cells: list[Any]
    highlight: bool = False
    drilldown: str | None = None


@dataclass
class BulletinTable:
    title: str
    header: list[str]
    rows: list[BulletinTableRow]
    total: list[Any] | None = None


@dataclass
class BulletinPart:
    """A module's part of a 快报/通报: paragraphs (text pieces and figures) and tables."""

    paragraphs: list[list[str | Figure]] = field(default_factory=list)
    tables: list[BulletinTable] = field(default_factory=list)


@dataclass(frozen=True)
class BulletinSection:
    """``build(period, org, **options)`` returns the module's part, or None when it has nothing to say."""

    kind: str  # "monthly" (月度信息快报) | "quarterly" (季度通报)
    module: str
    build: Callable[..., BulletinPart | None]
    order: int = 100
