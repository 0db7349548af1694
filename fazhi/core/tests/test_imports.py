"""The staged import path (issue 17, ``fazhi.core.imports``), shown on the reconsideration template:
linear (a bounded number of queries per batch, not per row, whatever the table already holds), all or
nothing across batches, one audit event per batch naming its rows, the chain still whole."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from fazhi.audit.models import AuditEvent
from fazhi.audit.selectors import verify_chain
from fazhi.audit.services import seal_pending
from fazhi.core.constraint_check import constraint_errors
from fazhi.core.import_checks import FieldChecks
from fazhi.core.imports import BATCH
from fazhi.core.models import NumberSequence
from fazhi.core.services import format_number
from fazhi.reconsideration import imports
from fazhi.reconsideration.models import Party, ReconsiderationCase, StatusChange
from fazhi.reconsideration.services.cases import DEFAULT_PATTERN
from fazhi.reconsideration.tests.test_import import HEADERS, _row

pytestmark = pytest.mark.django_db

# Queries a batch may cost: its duplicate checks, bulk inserts (SQLite splits them by its 999-parameter
# limit: ~70 statements for 1 000 cases with parties and history; PostgreSQL needs a handful),
# its audit event and savepoints. A per-row query would add ~BATCH; this bound is far below it.
PER_BATCH = 100


def _file(n: int, prefix: str, **last: Any) -> io.BytesIO:
    """``n`` distinct cases (streamed like a spreadsheet program writes them); ``last`` overrides the last row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(HEADERS)
    for i in range(n):
        ws.append(_row(applicant=f"{prefix}{i:05d}", **(last if i == n - 1 else {})))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _import_counting(source: io.BytesIO, actor: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = imports.import_file(source, actor)
    return result, len(ctx.captured_queries)


def _state() -> dict[str, Any]:
    return {
        "events": list(AuditEvent.objects.values_list("id", flat=True)),
        "cases": ReconsiderationCase.objects.count(),
        "parties": Party.objects.count(),
        "history": StatusChange.objects.count(),
        "counters": sorted(NumberSequence.objects.values_list("org_id", "kind", "year", "last")),
    }


def test_queries_grow_per_batch_not_per_row_nor_with_rows_already_stored(bureau: Any, police: Any) -> None:
    small, large = BATCH, 2 * BATCH  # one batch, then two more, into a table already holding the first
    first, q_small = _import_counting(_file(small, "甲"), bureau)
    second, q_large = _import_counting(_file(large, "乙"), bureau)
    assert first.ok and second.ok, (first.errors[:3], second.errors[:3])
    assert ReconsiderationCase.objects.count() == small + large
    assert q_large - q_small <= PER_BATCH * (large // BATCH - small // BATCH)
    assert q_large <= PER_BATCH * (large // BATCH) + PER_BATCH  # plus the import's own fixed queries


def test_a_bad_row_at_the_end_changes_nothing(bureau: Any, police: Any) -> None:
    n = 2 * BATCH + 1  # the bad row is alone in the third batch
    before = _state()
    result = imports.import_file(_file(n, "丙", id_number="330381198005171230"), bureau)
    assert [(e.row, e.column) for e in result.errors] == [(n + 1, "证件号码")]
    assert result.created == 0 and _state() == before


def test_a_number_clash_in_the_second_batch_leaves_nothing_of_the_first(bureau: Any, police: Any) -> None:
    """All or nothing across batches: the second batch's automatic number meets a number written in the
    file's last row. The numbers are allocated for the whole file before anything is written, so the clash
    is found first; either way nothing (cases, parties, history, numbers, audit) is left behind."""
    n = 2 * BATCH
    clash = format_number(DEFAULT_PATTERN, year=2019, seq=n - 10, abbr=police.government.short_name)
    before = _state()
    result = imports.import_file(_file(n, "丁", number=clash), bureau)
    assert result.created == 0 and len(result.errors) == 1
    assert f"自动编号「{clash}」与第{n + 1}行填写的编号重复" in str(result.errors[0])
    assert _state() == before


def test_one_audit_event_per_batch_names_its_rows_and_the_chain_verifies(bureau: Any, police: Any) -> None:
    n = 2 * BATCH + 5
    result = imports.import_file(_file(n, "戊"), bureau, batch={"file_name": "历史案件.xlsx"})
    assert result.ok and result.created == n
    events = list(AuditEvent.objects.filter(action="reconsideration.import").order_by("id"))
    assert [(e.diff["first_row"], e.diff["last_row"], e.diff["rows"]) for e in events] == [
        (2, BATCH + 1, BATCH),
        (BATCH + 2, 2 * BATCH + 1, BATCH),
        (2 * BATCH + 2, n + 1, 5),
    ]
    cases = dict(ReconsiderationCase.objects.values_list("pk", "number"))
    named = [pk for e in events for pk in e.diff["ids"]]
    assert sorted(named) == sorted(cases) and len(set(named)) == n
    assert [cases[pk] for pk in events[-1].diff["ids"]] == events[-1].diff["records"]
    assert all(e.diff["file_name"] == "历史案件.xlsx" and e.actor_username == bureau.username for e in events)
    # every case has its applicant, its three history rows and its cached deadlines, in the same pass
    assert Party.objects.count() == n and StatusChange.objects.count() == 3 * n
    assert not ReconsiderationCase.objects.filter(decision_due__isnull=True).exists()
    seal_pending()  # what the commit of a real transaction triggers
    assert verify_chain(anchor=False).ok


def test_constraints_are_read_in_memory_with_sqls_null_rule(police: Any) -> None:
    """The model's CHECK constraints, evaluated without the database: broken → its Chinese message;
    an empty date (NULL) passes, as in SQL."""
    case = ReconsiderationCase(org=police, received_on=_row_date(5), accepted_on=_row_date(1))
    assert ("accepted_on", "受理日期不能早于收到申请日期") in constraint_errors(case)
    case.accepted_on = None
    assert all(field != "accepted_on" for field, _ in constraint_errors(case))


def test_a_field_rule_broken_on_many_rows_is_reported_on_each(bureau: Any, police: Any) -> None:
    """A field's check runs once per distinct value for the whole import (issue 17), yet every row
    holding a bad value is refused with the field's own message, in every batch (the model's
    ``max_length``: 被申请的行政行为 at most 300 characters)."""
    n = BATCH + 5
    too_long = "处" * 301
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(HEADERS)
    bad_rows = {0, 7, BATCH + 2}
    for i in range(n):
        ws.append(_row(applicant=f"己{i:05d}", **({"contested_act": too_long} if i in bad_rows else {})))
    buf = io.BytesIO()
    wb.save(buf)
    before = _state()
    result = imports.import_file(buf, bureau)
    expected = ReconsiderationCase(contested_act=too_long)
    with pytest.raises(ValidationError) as full:
        expected.full_clean(exclude=["org", "numbering_government", "received_on", "number", "year", "seq"])
    message = "；".join(full.value.message_dict["contested_act"])
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (i + 2, "被申请的行政行为", message) for i in sorted(bad_rows)
    ]
    assert result.created == 0 and _state() == before


def test_field_checks_remembered_give_full_cleans_errors_and_values(police: Any) -> None:
    """``FieldChecks.full_clean`` = ``Model.full_clean`` without the unique and constraint checks: the
    same errors for the same instances, the first time (computed) and the second (remembered), and the
    same cleaned values; the model's ``clean()`` still runs on each instance."""
    checks = FieldChecks()
    samples = [
        {"contested_act": "处罚", "outcome": "upheld", "extension_days": 0},
        {"contested_act": "处" * 301, "outcome": "no-such", "extension_days": -1},
        {"contested_act": "", "outcome": "", "extension_days": 70000},
        {
            "contested_act": "处罚",
            "outcome": "upheld",
            "extension_days": 5,
            "received_on": _row_date(9),
            "accepted_on": _row_date(1),
        },
    ]
    exclude = ["org", "numbering_government", "number", "year", "seq"]
    for _ in range(2):
        for values in samples:
            ours, django = (
                ReconsiderationCase(org=police, **values),
                ReconsiderationCase(org=police, **values),
            )
            errors = []
            for obj, clean in ((ours, lambda o: checks.full_clean(o, exclude)), (django, None)):
                try:
                    if clean is None:
                        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
                    else:
                        clean(obj)
                except ValidationError as e:
                    errors.append(e.message_dict)
                else:
                    errors.append({})
            assert errors[0] == errors[1], values
            assert [getattr(ours, f.attname) for f in ReconsiderationCase._meta.concrete_fields] == [
                getattr(django, f.attname) for f in ReconsiderationCase._meta.concrete_fields
            ]
    assert len(checks.cache) >= 6  # remembered per field and value
    # a field whose values differ on every row is remembered up to a bound: memory flat in the rows
    checks.REMEMBERED = 3
    for i in range(10):
        with pytest.raises(ValidationError):  # other fields empty: only the remembering matters here
            checks.full_clean(ReconsiderationCase(org=police, contested_act=f"处罚{i}"), exclude)
    field = ReconsiderationCase._meta.get_field("contested_act")
    assert sum(1 for slot, kind, _ in checks.cache if slot == id(field)) <= 3


def _row_date(day: int) -> Any:
    from datetime import date

    return date(2019, 3, day)


def test_the_cli_prints_rows_checked_then_rows_written(bureau: Any, police: Any, tmp_path: Any) -> None:
    from django.core.management import call_command

    n = BATCH + 3
    path = tmp_path / "cases.xlsx"
    path.write_bytes(_file(n, "己").getvalue())
    err, out = io.StringIO(), io.StringIO()
    call_command(
        "import_xlsx", "reconsideration", str(path), "--user", bureau.username, stderr=err, stdout=out
    )
    # one line per phase, rewritten in place ("\r") after every batch; the last state of each line:
    lines = [line.split("\r")[-1] for line in err.getvalue().split("\n") if line.strip()]
    assert lines == [f"已检查 {n} / {n} 行", f"已写入 {n} / {n} 行"]
    assert f"已导入 {n} 条" in out.getvalue() and ReconsiderationCase.objects.count() == n


def test_the_start_up_heap_is_frozen_only_while_an_import_runs(bureau: Any, police: Any) -> None:
    """``gc.freeze`` keeps the objects alive before the import out of the collector's scans while it runs;
    afterwards — written or refused — they are back (a long-running worker must not keep them frozen)."""
    import gc

    from fazhi.core.imports import run

    during: list[int] = []

    def progress(done: int, total: int, phase: str = "check") -> None:
        during.append(gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    result = run(imports.SPEC, _file(3, "戊"), bureau, progress=progress)
    assert result.ok and result.created == 3
    assert during and min(during) > 0
    assert gc.get_freeze_count() == 0
    refused = run(imports.SPEC, _file(2, "己", id_number="330381198005171230"), bureau)
    assert not refused.ok and gc.get_freeze_count() == 0
