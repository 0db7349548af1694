"""One staged import path for every tabular kind (issue 17): a module declares an ``ImportSpec``, this
module reads, checks and writes.

1. **Check** — the sheet is read streaming (``excel_stream`` for a formula-free file, else openpyxl
   read-only), ``BATCH`` rows at a time. Each row becomes unsaved model instances through the module's
   ``build`` (the service's own helpers), then the model's ``full_clean`` (fields, choices, ``clean``;
   ``FieldChecks`` runs each field's check once per distinct value) and its CHECK constraints evaluated
   in memory run on them — the rules the services apply, with no query per row. Per batch, one query each finds the
   natural keys, unique values and explicit numbers already stored; in-file repeats are found by key.
   Every bad cell is collected in Chinese with its row and column. Checked rows are spooled to a
   temporary file as plain values (not model instances), so memory does not grow with the number of
   rows. ``today()`` is read once for the whole import (``dates.same_day``); each deadline period once
   per start day (``workdays.rules.memoised``); the start-up heap is frozen out of the garbage
   collector's scans (``gc.freeze``).
2. **Write** — only when no row is bad, in one transaction: per batch the numbers are allocated (one
   locked read per numbering government and year, counters saved once at the end), the deadline caches
   are already filled, records, children (parties, co-defendants) and status history are written —
   with ``COPY … FROM STDIN`` on PostgreSQL (record ids drawn from the table's sequence in one query;
   the CHECK, unique and foreign-key constraints hold as for any insert), ``bulk_create`` elsewhere —
   and one audit event names the batch's rows and records. Any failure rolls it all back: all rows or
   none.

The field checks live in ``import_checks`` (``FieldChecks``), the write phase and its numbering in
``import_write`` (``write``, ``Numbers``), the spool in ``import_spool``, the declaration parts in
``import_columns``.

The query count is bounded per batch, not per row (``fazhi/core/tests/test_imports.py``), so an import
is linear in its rows whatever the tables already hold.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction

from fazhi.workdays.rules import memoised as deadline_lengths_memoised

from .constraint_check import constraint_errors
from .dates import same_day
from .excel import CellError, Column, build_template, data_rows_estimate, iter_rows, open_workbook_safely
from .import_checks import FieldChecks
from .import_columns import (
    party,
    party_columns,
    party_fields,
    stored_party_keys,
    stored_record_keys,
    unit_column,
)
from .import_spool import _chunks, _Table
from .import_write import stored_numbers, write
from .parts import CachedDeadlines, numbering_government

# The declaration parts live in import_columns; a module's imports.py takes everything from here.
__all__ = [
    "BATCH",
    "ImportResult",
    "ImportSpec",
    "Numbering",
    "Planned",
    "constraint_errors",
    "history_actor",
    "party",
    "party_columns",
    "party_fields",
    "run",
    "stored_party_keys",
    "stored_record_keys",
    "unit_column",
]

BATCH = 1000
Progress = Callable[..., None]


@dataclass
class Planned:
    """One checked row: the unsaved record, its children (FK to the record set on write), its history."""

    record: models.Model
    children: list[models.Model] = field(default_factory=list)
    # status history: model instances, or (action, from_status, to_status, on[, note]) for the spec's
    # ``history_model``
    history: list[Any] = field(default_factory=list)
    key: tuple[Any, ...] | None = None  # natural key: a second row with it is a re-import
    row: int = 0


@dataclass(frozen=True)
class Numbering:
    """Records numbered by their government's sequence (``core.services.next_number``'s counters)."""

    kind: str
    default_pattern: str
    year: Callable[[Any], int]
    stores_seq: bool = False  # the model keeps ``year``/``seq`` columns next to the number


@dataclass
class ImportSpec:
    """A module's import, declared. ``build(row, ctx)`` turns one parsed row into a ``Planned`` (raising
    ``ValidationError`` keyed by field or column key); ``prepare(actor)`` gives the per-import ``ctx``
    (units in the actor's scope …); ``stored_keys(keys)`` returns ``{key: label}`` of natural keys
    already stored (one query per batch); ``authorize(actor, org)`` is the service's scope check, run
    once per unit."""

    kind: str
    title: str
    model: type[models.Model]
    parent: str  # the FK name children and history rows use for the record
    columns: Callable[[Any], list[Column]]
    build: Callable[[dict[str, Any], Any], Planned]
    example: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Any], Any] = lambda actor: None
    fields: dict[str, str] = field(default_factory=dict)  # model/child field or error key → column key
    org_column: str = "org"
    authorize: Callable[[Any, Any], None] | None = None
    numbering: Numbering | None = None
    stored_keys: Callable[[list[tuple[Any, ...]]], dict[tuple[Any, ...], str]] | None = None
    key_column: str = ""
    key_stored: str = "已存在（{label}），疑似重复导入"
    key_in_file: str = "与第{row}行重复"
    writer_only: bool = True  # refuse roles that may not write business data
    history_model: type[models.Model] | None = None

    def template(self, actor: Any = None) -> bytes:
        return build_template(self.columns(actor), title=self.title, example=self.example)


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    rows_total: int = 0
    numbers: list[str] = field(default_factory=list)  # the first records written (a preview)

    @property
    def ok(self) -> bool:
        return not self.errors


def run(
    spec: ImportSpec,
    source: Any,
    actor: Any = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch: dict[str, Any] | None = None,
) -> ImportResult:
    """Check every row, then write all of them (unless ``dry_run``) or none. ``progress(done, total,
    phase)`` is told per batch (phase "check" then "write"); ``batch`` (job, file hash) goes into the
    audit events."""
    if spec.writer_only and actor is not None and not actor.can_write_business:
        raise PermissionDenied("您的角色只能查看，不能导入数据")
    columns = spec.columns(actor)
    result = ImportResult()
    with tempfile.TemporaryFile() as spool, same_day(), deadline_lengths_memoised(), _heap_frozen():
        seen = _check(spec, columns, source, actor, result, spool, progress)
        if result.errors or dry_run:
            result.errors.sort(key=lambda e: (e.row, e.column))
            return result
        spool.seek(0)
        try:
            with transaction.atomic():
                write(spec, spool, actor, result, seen, progress, batch or {})
        except ValidationError as e:
            result.errors = [CellError(0, "", m) for m in e.messages]
            result.created = 0
    return result


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The objects alive before the import (Django, the models, the URLconf …) left out of the cyclic
    garbage collector's scans while it runs (``gc.freeze``): an import allocates millions of objects, and
    each full collection walked the whole start-up heap again (a fifth of the check phase's CPU). Nothing
    is kept longer than before: memory is still freed by reference counting, and the frozen objects go
    back to the collector at the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# --- check ------------------------------------------------------------------------------------------


class _Seen:
    """What the file has shown so far (keys, unique values, explicit numbers → first row): enough to
    refuse an in-file repeat without holding the rows."""

    def __init__(self) -> None:
        self.keys: dict[tuple[Any, ...], int] = {}
        self.unique: dict[str, dict[Any, int]] = {}
        self.numbers: dict[tuple[int, str], int] = {}
        self.authorized: set[int] = set()
        self.governments: dict[int, Any] = {}
        self.tables: dict[type[models.Model], _Table] = {}
        self.actor_id: Any = None  # who the history rows name
        self.fields = FieldChecks()

    def table(self, model: type[models.Model], parent: str | None = None) -> _Table:
        if model not in self.tables:
            self.tables[model] = _Table(len(self.tables), model, parent)
        return self.tables[model]


def _check(
    spec: ImportSpec,
    columns: list[Column],
    source: Any,
    actor: Any,
    result: ImportResult,
    spool: IO[bytes],
    progress: Progress | None,
) -> _Seen:
    headers = {c.key: c.header for c in columns}
    ctx = spec.prepare(actor)
    seen = _Seen()
    seen.actor_id = getattr(history_actor(actor), "pk", None)
    done = 0
    wb = open_workbook_safely(source, plain_values=True)
    try:
        total = data_rows_estimate(wb)
        for chunk in _chunks(iter_rows(wb, columns, example=spec.example or None), BATCH):
            plans = _check_batch(spec, headers, chunk, ctx, actor, seen, result)
            if not result.errors:
                spooled = [_spooled(spec, p, seen) for p in plans]
                pickle.dump(spooled, spool, protocol=pickle.HIGHEST_PROTOCOL)
            done += len(chunk)
            if progress is not None:
                progress(done, max(total, done), "check")
    finally:
        wb.close()
    result.rows_total = done
    return seen


def _check_batch(
    spec: ImportSpec,
    headers: dict[str, str],
    chunk: list[tuple[dict[str, Any], list[CellError]]],
    ctx: Any,
    actor: Any,
    seen: _Seen,
    result: ImportResult,
) -> list[Planned]:
    plans: list[Planned] = []
    model = spec.model
    fks = [f.name for f in model._meta.concrete_fields if f.is_relation]
    for row, cell_errors in chunk:
        n = row["_row"]
        bad = {e.column for e in cell_errors}
        errors = list(cell_errors)

        def add(
            key: str,
            messages: Iterable[str],
            n: int = n,
            bad: set[str] = bad,
            errors: list[CellError] = errors,
        ) -> None:
            col = headers.get(spec.fields.get(key, key), "")
            if col in bad:
                return  # the cell was already refused when it was read
            bad.add(col)
            errors.append(CellError(n, col, "；".join(messages)))

        try:
            plan = spec.build(row, ctx)
        except (ValidationError, PermissionDenied) as e:
            _report(e, add)
            result.errors.extend(errors)
            continue
        plan.row = n
        rec = plan.record
        _stamp(spec, plan, actor)
        # A row whose unit cell was refused has no unit: its error is already collected, nothing to number.
        if spec.numbering is not None and getattr(rec, "org_id", None) is not None:
            rec.numbering_government = _government(seen, rec.org)  # type: ignore[attr-defined]
        exclude = fks + _numbered_later(spec, rec)
        for obj, skip in [(rec, exclude), *((c, _fk_names(c)) for c in plan.children)]:
            try:
                seen.fields.full_clean(obj, skip)
            except ValidationError as e:
                _report(e, add)
            for key, message in constraint_errors(obj):
                add(key, [message])
        if isinstance(rec, CachedDeadlines):
            rec.refresh_deadlines()
        result.errors.extend(errors)
        if not errors:
            plans.append(plan)
    plans = [p for p in plans if _authorized(spec, actor, p, seen, headers, result)]
    _refuse_repeats(spec, headers, plans, seen, result)
    return plans


def _report(error: ValidationError | PermissionDenied, add: Callable[[str, Iterable[str]], None]) -> None:
    if isinstance(error, PermissionDenied):
        add(NON_FIELD_ERRORS, [str(error)])
    elif hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            add(key, messages)
    else:
        add(NON_FIELD_ERRORS, error.messages)


def _stamp(spec: ImportSpec, plan: Planned, actor: Any) -> None:
    """Who wrote it, as the services record it (the command-line system import: nobody)."""
    who = history_actor(actor)
    for name in ("created_by", "updated_by"):
        if hasattr(plan.record, f"{name}_id"):
            setattr(plan.record, name, who)
    for row in plan.history:
        if not isinstance(row, tuple):  # a step tuple is given its actor when spooled
            row.actor = who


def _numbered_later(spec: ImportSpec, rec: Any) -> list[str]:
    """Fields the write step fills (the number, and its year/seq): not checked while still empty."""
    if spec.numbering is None:
        return []
    later = ["year", "seq"] if spec.numbering.stores_seq else []
    return later if rec.number else [*later, "number"]


def _fk_names(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.is_relation]


def _government(seen: _Seen, org: Any) -> Any:
    """The numbering government of a unit, looked up once per unit (``OrgUnit.government`` queries)."""
    if org.pk not in seen.governments:
        seen.governments[org.pk] = numbering_government(org)
    return seen.governments[org.pk]


def _authorized(
    spec: ImportSpec, actor: Any, plan: Planned, seen: _Seen, headers: dict[str, str], result: ImportResult
) -> bool:
    """The service's scope check, once per unit; a refused unit is reported on each of its rows."""
    org = getattr(plan.record, "org", None)
    if spec.authorize is None or actor is None or org is None or org.pk in seen.authorized:
        return True
    try:
        spec.authorize(actor, org)
    except PermissionDenied as e:
        result.errors.append(CellError(plan.row, headers.get(spec.org_column, ""), str(e)))
        return False
    seen.authorized.add(org.pk)
    return True


def _refuse_repeats(
    spec: ImportSpec, headers: dict[str, str], plans: list[Planned], seen: _Seen, result: ImportResult
) -> None:
    """Natural keys, unique fields and explicit numbers: against the file so far and, in one query
    each per batch, against the database."""
    model = spec.model
    bad: set[int] = set()

    def refuse(plan: Planned, column: str, message: str) -> None:
        result.errors.append(CellError(plan.row, headers.get(column, ""), message))
        bad.add(id(plan))

    if spec.stored_keys is not None:
        keyed = [p for p in plans if p.key is not None]
        stored = spec.stored_keys([p.key for p in keyed]) if keyed else {}  # type: ignore[misc]
        for p in keyed:
            if p.key in stored:
                refuse(p, spec.key_column, spec.key_stored.format(label=stored[p.key]))  # type: ignore[index]
            elif p.key in seen.keys:
                refuse(p, spec.key_column, spec.key_in_file.format(row=seen.keys[p.key]))  # type: ignore[index]
            else:
                seen.keys[p.key] = p.row  # type: ignore[index]
    for f in model._meta.concrete_fields:
        if not f.unique or f.primary_key:
            continue
        values = {getattr(p.record, f.attname): p for p in plans}
        taken = set(
            model._default_manager.filter(**{f"{f.name}__in": list(values)}).values_list(f.name, flat=True)
        )
        first = seen.unique.setdefault(f.name, {})
        column = spec.fields.get(f.name, f.name)
        for p in plans:
            value = getattr(p.record, f.attname)
            if value in taken:
                refuse(p, column, f"{f.verbose_name}「{value}」已存在")
            elif value in first:
                refuse(p, column, f"{f.verbose_name}「{value}」已存在（与第{first[value]}行重复）")
            else:
                first[value] = p.row
    if spec.numbering is not None:
        explicit = [p for p in plans if p.record.number]  # type: ignore[attr-defined]
        taken_numbers = stored_numbers(
            model,
            [(p.record.numbering_government.pk, p.record.number) for p in explicit],  # type: ignore[attr-defined]
        )
        column = spec.fields.get("number", "number")
        for p in explicit:
            key = (p.record.numbering_government.pk, p.record.number)  # type: ignore[attr-defined]
            if key in taken_numbers:
                refuse(p, column, f"编号「{key[1]}」已存在")
            elif key in seen.numbers:
                refuse(p, column, f"编号「{key[1]}」与第{seen.numbers[key]}行重复")
            else:
                seen.numbers[key] = p.row
    plans[:] = [p for p in plans if id(p) not in bad]


def _spooled(spec: ImportSpec, plan: Planned, seen: _Seen) -> tuple[Any, ...]:
    """``plan`` as plain values (``_Record``'s arguments)."""
    rec: Any = plan.record
    values = seen.table(spec.model).values(rec)
    rows = [(t.index, t.values(o)) for o in plan.children for t in [seen.table(type(o), spec.parent)]]
    for step in plan.history:
        if isinstance(step, tuple):
            t = seen.table(spec.history_model, spec.parent)  # type: ignore[arg-type]
            rows.append((t.index, t.step_values(step, seen.actor_id)))
        else:
            t = seen.table(type(step), spec.parent)
            rows.append((t.index, t.values(step)))
    if spec.numbering is None:
        return (plan.row, values, None, None, "", str(getattr(rec, "number", "") or rec), rows)
    return (plan.row, values, rec.numbering_government_id, spec.numbering.year(rec), rec.number, "", rows)


def history_actor(actor: Any) -> Any:
    """The actor a history row names (the command-line system import has none)."""
    return actor if getattr(actor, "is_authenticated", False) else None
