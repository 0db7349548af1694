"""The spool of a staged import (``fazhi.core.imports``): checked rows kept as plain values in a temporary
file, and written back per table — with COPY on PostgreSQL, ``bulk_create`` elsewhere."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from typing import IO, Any

from django.db import connection, models

#: The fields of a status-history step given as a tuple.
_STEP = ("action", "from_status", "to_status", "on", "note")

# --- spool --------------------------------------------------------------------------------------------
#
# A checked row is spooled as plain values, not as pickled model instances: pickling instances (their
# state dict, a copy per instance) and building them again cost as much as the checks, and the write
# step needs only the values. On PostgreSQL they are written with COPY, which skips Django's insert
# compiler (a third of an import's time went into compiling bulk_create's INSERTs); elsewhere the
# instances are built again and bulk_create-d.

# Field types whose Python value PostgreSQL's COPY takes as it is (``get_db_prep_save`` returns it
# unchanged there); any other field — subclasses included — is adapted by the field itself.
_PLAIN = frozenset(
    {
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
        models.BooleanField,
        models.DateField,
        models.ForeignKey,
        models.OneToOneField,
    }
)


def _copyable(f: models.Field[Any, Any]) -> bool:
    """A field COPY can fill from the spooled value: no database default or generated value, and no
    ``pre_save`` beyond the date stamps (filled per batch) and a file field (never uploaded here)."""
    if (
        getattr(f, "generated", False)
        or getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
    ):
        return False
    return type(f).pre_save is models.Field.pre_save or isinstance(f, (models.DateField, models.FileField))


class _Table:
    """How one model's rows are spooled and written. Its columns leave out the automatic primary key
    and, for a child or history model, the FK to the record: both go first on write (``lead``)."""

    def __init__(self, index: int, model: type[models.Model], parent: str | None) -> None:
        meta = model._meta
        self.index, self.model = index, model
        self.fields = [
            f for f in meta.concrete_fields if not getattr(f, "db_returning", False) and f.name != parent
        ]
        self.attnames = [f.attname for f in self.fields]
        self.lead = meta.get_field(parent) if parent else meta.pk
        # created/updated stamps, filled per batch: (position, is a datetime)
        self.stamped = [
            (i, isinstance(f, models.DateTimeField))
            for i, f in enumerate(self.fields)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.copy = connection.vendor == "postgresql" and all(_copyable(f) for f in meta.concrete_fields)
        if parent is None and not getattr(meta.pk, "db_returning", False):
            self.copy = False  # a record's key that is not drawn from a sequence: leave it to bulk_create
        # fields whose value is adapted when spooled: for COPY every non-plain one; for bulk_create only
        # file fields (their value holds the instance, which would be pickled with it). Not the stamps:
        # ``insert`` overwrites them (adapting their empty value was two wasted calls a record).
        stamped = {i for i, _ in self.stamped}
        self.adapted = [
            (i, f)
            for i, f in enumerate(self.fields)
            if i not in stamped and (type(f) not in _PLAIN if self.copy else isinstance(f, models.FileField))
        ]

        self.template: list[Any] | None = None  # a history model's default values (``step_values``)
        self.steps: list[int] = []
        self.actor_at = 0

    def position(self, attname: str) -> int | None:
        return self.attnames.index(attname) if attname in self.attnames else None

    def values(self, obj: models.Model) -> list[Any]:
        values = [getattr(obj, a) for a in self.attnames]
        for i, f in self.adapted:
            values[i] = (
                f.get_db_prep_save(values[i], connection) if self.copy else f.get_prep_value(values[i])
            )
        return values

    def step_values(self, step: tuple[Any, ...], actor_id: Any) -> list[Any]:
        """A history step ``(action, from_status, to_status, on[, note])`` as values, without building
        the instance: the model's defaults are read once, from one unsaved instance."""
        if self.template is None:
            if any(f.has_default() and callable(f.default) for f in self.fields):
                # a default drawn per row (a uuid …) cannot be shared: build the instance
                return self.values(self.model(**dict(zip(_STEP, step, strict=False)), actor_id=actor_id))
            self.template = self.values(self.model())
            self.steps = [self.attnames.index(name) for name in _STEP]
            self.actor_at = self.attnames.index("actor_id")
        values = list(self.template)
        for i, value in zip(self.steps, step, strict=False):
            values[i] = value
        values[self.actor_at] = actor_id
        for i, f in self.adapted:
            if i in self.steps:
                values[i] = (
                    f.get_db_prep_save(values[i], connection) if self.copy else f.get_prep_value(values[i])
                )
        return values

    def insert(self, rows: list[tuple[Any, list[Any]]], stamps: tuple[Any, Any]) -> list[Any]:
        """Write ``(lead, values)`` rows (lead: the record's FK for a child, None for a record);
        returns the primary keys of records in order."""
        for _, values in rows:
            for i, is_datetime in self.stamped:
                values[i] = stamps[0] if is_datetime else stamps[1]
        if not self.copy:
            objs = [
                self.model(**{self.lead.attname: lead}, **dict(zip(self.attnames, values, strict=True)))
                for lead, values in rows
            ]
            self.model._default_manager.bulk_create(objs)
            return [o.pk for o in objs]
        if self.lead.primary_key:
            leads = _next_ids(self.model, len(rows))
            self._copy([(pk, *values) for pk, (_, values) in zip(leads, rows, strict=True)])
            return leads
        self._copy([(lead, *values) for lead, values in rows])
        return []

    def _copy(self, rows: list[tuple[Any, ...]]) -> None:
        qn = connection.ops.quote_name
        columns = ", ".join(qn(c) for c in [self.lead.column, *(f.column for f in self.fields)])
        sql = f"COPY {qn(self.model._meta.db_table)} ({columns}) FROM STDIN"
        started = time.monotonic()
        # the database's errors (a CHECK or unique constraint) surface as Django's IntegrityError
        with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        if connection.queries_logged:  # COPY bypasses Django's cursor: count it like any statement
            connection.queries_log.append(
                {"sql": f"{sql} -- {len(rows)} rows", "time": f"{time.monotonic() - started:.3f}"}
            )


def _next_ids(model: type[models.Model], n: int) -> list[int]:
    """``n`` primary keys drawn from the table's own sequence in one query (ascending: file order)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, n],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


class _Record:
    """One spooled row on the write side."""

    __slots__ = ("gov", "label", "number", "pk", "row", "rows", "seq", "values", "year")

    def __init__(
        self,
        row: int,
        values: list[Any],
        gov: int | None,
        year: int | None,
        number: str,
        label: str,
        rows: list[tuple[int, list[Any]]],
    ) -> None:
        self.row, self.values, self.gov, self.year, self.number, self.label = (
            row,
            values,
            gov,
            year,
            number,
            label,
        )
        self.rows = rows  # (table index, values) of its children and history
        self.seq: int | None = None
        self.pk: Any = None


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _batches(spool: IO[bytes]) -> Iterator[list[tuple[Any, ...]]]:
    while True:
        try:
            spooled = pickle.load(spool)  # our own temporary file, written by _check above
        except EOFError:
            return
        if spooled:
            yield spooled
