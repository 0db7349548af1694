"""Excel exports, declared (issue 10: declare, do not program): a module lists its columns and names its
records' selector; the platform writes the sheet for the list page's 导出 (``core.excel_views.ExcelPages``)
and for ``fazhi export <kind>`` (``tabular_kind``).

::

    EXPORT = Export(
        [field("number", "编号"), field("org", "事权单位"), *party_cells("parties", "当事人"), ...],
        scoped=selectors.disputes_for, related=selectors.with_related, filterset=filters.DisputeFilterSet,
        order=("-opened_on", "-id"),
    )

Personal data leaves the system here, so an identity number or a phone is only ever written through
``core.pii.shown``: whole for the roles that may see it, masked for every other role and for the
command line without ``--user`` (RULES §9).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .dates import cn_date
from .excel import write_export
from .lists import filtered
from .pii import shown

if TYPE_CHECKING:
    from .imports import ImportSpec
    from .registry import TabularKind


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any, Any], Any]  # (record, actor) -> the cell


def cell(record: models.Model, name: str) -> Any:
    """A field as a reader sees it: a choice's label, 是/否, a date in Chinese, a unit's name, "" for none.
    ``name`` may also be a computed attribute (a property such as an on-time flag), shown the same way."""
    value = getattr(record, name)
    if value is None or value == "":
        return ""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if getattr(model_field, "choices", None):
        return getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return cn_date(value, "")
    return value if isinstance(value, (int, float, str)) else str(value)


def field(name: str, header: str) -> ExportColumn:
    return ExportColumn(header, lambda record, actor: cell(record, name))


def joined(related: str, name: str, header: str) -> ExportColumn:
    """One cell of a record's related rows (``related``: prefetched by the export's ``related``): each row's
    ``name`` as ``cell`` shows it, joined by 、."""
    return ExportColumn(
        header,
        lambda record, actor: "、".join(str(cell(row, name)) for row in getattr(record, related).all()),
    )


def party_cells(related: str, noun: str) -> list[ExportColumn]:
    """名称、证件号码、联系电话 of a record's parties (``related``: the prefetched ``PartyBase`` rows), one cell
    each, joined by 、; the numbers through the one masking rule."""

    def joined(get: Callable[[Any, Any], str]) -> Callable[[Any, Any], str]:
        return lambda record, actor: "、".join(get(p, actor) for p in getattr(record, related).all())

    return [
        ExportColumn(noun, joined(lambda p, actor: p.name)),
        ExportColumn(f"{noun}证件号码", joined(lambda p, actor: shown(p.id_number, "id", actor))),
        ExportColumn(f"{noun}联系电话", joined(lambda p, actor: shown(p.phone, "phone", actor))),
    ]


@dataclass(frozen=True)
class Export:
    """What a module exports: its columns and its records as the list shows them to the actor (scope,
    filters, related rows), newest first by ``order``. No actor (the command line) exports every record."""

    columns: Sequence[ExportColumn]
    scoped: Callable[[Any], models.QuerySet]  # user -> the records the user may see
    related: Callable[[models.QuerySet], models.QuerySet]
    filterset: type
    order: tuple[str, ...]
    widths: Sequence[int] | None = None  # column widths of the sheet (default: the writer's)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def rows(self, records: Iterable[Any], actor: Any) -> Iterator[list[Any]]:
        for record in records:
            yield [c.value(record, actor) for c in self.columns]

    def records(self, actor: Any, params: Mapping[str, Any] | None = None) -> models.QuerySet:
        if actor is None:
            qs = self.filterset._meta.model._default_manager.all()
        else:
            qs = filtered(self.filterset, params or {}, self.scoped(actor), user=actor)
        return self.related(qs).order_by(*self.order)

    def write(self, path: Any, actor: Any) -> int:
        """``fazhi export``: the actor's records (or every record, masked, without ``--user``)."""
        return write_export(
            path,
            self.headers,
            self.rows(self.records(actor).iterator(chunk_size=500), actor),
            widths=list(self.widths) if self.widths else None,
        )


def tabular_kind(label: str, spec: ImportSpec, export: Export) -> TabularKind:
    """``fazhi import|export <kind>`` of a module whose import is an ``ImportSpec`` and export an ``Export``."""
    from .imports import run
    from .registry import TabularKind

    def importer(path: Any, actor: Any, **options: Any) -> Any:
        return run(spec, path, actor, **options)

    return TabularKind(spec.kind, label, importer, export.write)
