"""The write phase of a staged import (``fazhi.core.imports``): the rows spooled by the check phase are
numbered (``Numbers``: each government's counters read and locked once, advanced in memory, saved at the
end), written batch by batch (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere) and audited, one event a
batch. ``write`` runs inside the import's transaction: any failure rolls all of it back."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fazhi.audit.services import record as audit

from .constraint_check import broken_invariant
from .dates import today
from .import_spool import _batches, _Record

if TYPE_CHECKING:
    from .imports import ImportResult, ImportSpec, Numbering, Progress, _Seen

SEQ = re.compile(r"(\d+)号$")


def stored_numbers(model: type[models.Model], keys: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which ``(numbering government, number)`` pairs are already stored (one query)."""
    if not keys:
        return set()
    rows = model._default_manager.filter(
        number__in={number for _, number in keys},
        numbering_government__in={gov for gov, _ in keys},
    ).values_list("numbering_government_id", "number")
    return set(rows)


class Numbers:
    """Numbers for the whole import: the counters of each (government, year) read and locked once, in
    one query per batch that meets new ones, advanced in memory in file order (an explicit number moves
    its counter on, as ``next_number`` would) and saved once at the end."""

    def __init__(self, numbering: Numbering, governments: dict[int, Any]) -> None:
        from .models import NumberPattern, NumberSequence

        self.numbering = numbering
        self.governments = governments  # pk → the numbering government (its short name goes in numbers)
        self.sequences = NumberSequence
        self.pattern_model = NumberPattern
        self.counters: dict[tuple[int, int], Any] = {}
        self.read: dict[tuple[int, int], int] = {}  # each counter as read from the database
        self.patterns: dict[int, str] = {}

    def assign(self, records: list[_Record]) -> list[_Record]:
        """Number ``records``; returns those that took an automatic number."""
        kind = self.numbering.kind
        need = {(r.gov, r.year) for r in records} - set(self.counters)
        if need:
            govs = {g for g, _ in need}
            years = {y for _, y in need}
            locked = self.sequences.objects.select_for_update().filter(
                kind=kind, org_id__in=govs, year__in=years
            )
            have = {(s.org_id, s.year): s for s in locked}
            missing = [self.sequences(org_id=g, kind=kind, year=y) for g, y in need if (g, y) not in have]
            if missing:
                self.sequences.objects.bulk_create(missing)
                have = {(s.org_id, s.year): s for s in locked.all()}
            self.counters.update({k: v for k, v in have.items() if k in need})
            self.read.update({k: v.last for k, v in have.items() if k in need})
            new_govs = govs - set(self.patterns)
            if new_govs:
                stored = dict(
                    self.pattern_model.objects.filter(kind=kind, org_id__in=new_govs).values_list(
                        "org_id", "pattern"
                    )
                )
                self.patterns.update({g: stored.get(g, self.numbering.default_pattern) for g in new_govs})
        from .services import format_number

        automatic = []
        for r in records:
            counter = self.counters[(r.gov, r.year)]
            if r.number:
                m = SEQ.search(r.number)
                r.seq = int(m.group(1)) if m else 0
                counter.last = max(counter.last, r.seq)
            else:
                counter.last += 1
                r.seq = counter.last
                abbr = getattr(self.governments.get(r.gov), "short_name", "") or ""
                r.number = format_number(self.patterns[r.gov], year=r.year, seq=r.seq, abbr=abbr)
                automatic.append(r)
        return automatic

    def rewind(self) -> None:
        """The counters as read: ``assign`` over the same rows again gives the same numbers."""
        for key, counter in self.counters.items():
            counter.last = self.read[key]

    def save(self) -> None:
        if self.counters:
            self.sequences.objects.bulk_update(list(self.counters.values()), ["last"])


def write(
    spec: ImportSpec,
    spool: IO[bytes],
    actor: Any,
    result: ImportResult,
    seen: _Seen,
    progress: Progress | None,
    info: dict[str, Any],
) -> None:
    total, explicit = result.rows_total, seen.numbers
    model = spec.model
    table = seen.table(model)
    tables = sorted(seen.tables.values(), key=lambda t: t.index)
    governments = {g.pk: g for g in seen.governments.values()}
    numbers = Numbers(spec.numbering, governments) if spec.numbering is not None else None
    numbered = [table.position(name) for name in ("number", "year", "seq")]
    written = 0
    if numbers is not None:
        # First pass: every automatic number of the file, checked against the stored records before
        # anything is written. Checked batch by batch while writing, the query read a table this import
        # was filling (stale statistics: a scan that grew with the rows already written); then the
        # counters go back to where they were read and the write pass allocates the same numbers.
        start = spool.tell()
        for spooled in _batches(spool):
            refuse_number_clashes(model, numbers.assign([_Record(*s) for s in spooled]), explicit)
        numbers.rewind()
        spool.seek(start)
    for spooled in _batches(spool):
        records = [_Record(*s) for s in spooled]
        if numbers is not None:
            numbers.assign(records)
            for r in records:
                # the number (and its year/seq where the model keeps them) the write step allocated
                for i, value in zip(numbered, (r.number, r.year, r.seq), strict=True):
                    if i is not None:
                        r.values[i] = value
        # one clock reading per batch for the created/updated stamps (bulk_create read it per row)
        stamps = (timezone.now(), today())
        try:
            with transaction.atomic():
                for r, pk in zip(
                    records, table.insert([(None, r.values) for r in records], stamps), strict=True
                ):
                    r.pk = pk
                rows: dict[int, list[tuple[Any, list[Any]]]] = {}
                for r in records:
                    for index, values in r.rows:
                        rows.setdefault(index, []).append((r.pk, values))
                for index, group in rows.items():
                    tables[index].insert(group, stamps)
        except IntegrityError as e:
            raise ValidationError(
                f"第{records[0].row}行至第{records[-1].row}行导入未完成，未保存任何记录："
                f"{broken_invariant(e, [t.model for t in tables])}"
            ) from None
        labels = [r.number if numbers is not None else r.label for r in records]
        audit(
            f"{spec.kind}.import",
            actor=actor,
            object_type=model._meta.label_lower,
            object_repr=f"Excel导入{spec.title}：第{records[0].row}行至第{records[-1].row}行，{len(records)} 条",
            changes={
                "rows": len(records),
                "first_row": records[0].row,
                "last_row": records[-1].row,
                "ids": [r.pk for r in records],
                "records": labels,
                **info,
            },
        )
        if len(result.numbers) < 20:
            result.numbers.extend(labels[: 20 - len(result.numbers)])
        written += len(records)
        if progress is not None:
            progress(written, total, "write")
    if numbers is not None:
        numbers.save()
    result.created = written


def refuse_number_clashes(
    model: type[models.Model], automatic: list[_Record], explicit: dict[tuple[int, str], int]
) -> None:
    """An automatic number may meet an explicit one elsewhere in the file or an old record: refuse
    with the row rather than fail on the unique index."""
    if not automatic:
        return
    errors = []
    taken = stored_numbers(model, [(r.gov, r.number) for r in automatic])
    for r in automatic:
        key = (r.gov, r.number)
        if key in explicit:
            errors.append(f"第{r.row}行：自动编号「{r.number}」与第{explicit[key]}行填写的编号重复")
        elif key in taken:
            errors.append(f"第{r.row}行：自动编号「{r.number}」已存在")
    if errors:
        raise ValidationError(errors)
