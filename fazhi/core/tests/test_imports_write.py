"""The staged import's internals after issue 17's last step: rows spooled as plain values and written
with COPY on PostgreSQL (``bulk_create`` elsewhere), the CHECK constraints read in memory by compiled
functions, ``today()`` read once per import. What must not change: the database still refuses what
breaks a CHECK constraint (RULES: the invariants hold in the database, not only in the form), the
stored rows are those the services would store, and the rules agree with the database's."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import CheckConstraint
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.constraint_check import broken_invariant, constraint_errors
from fazhi.core.dates import same_day, today
from fazhi.core.import_spool import _Table
from fazhi.core.tests.test_imports import _file
from fazhi.reconsideration import imports
from fazhi.reconsideration.models import Party, ReconsiderationCase, StatusChange
from fazhi.reconsideration.models import Status as S

pytestmark = pytest.mark.django_db


def _case(police: Any, **fields: Any) -> ReconsiderationCase:
    values = {
        "org": police,
        "number": "浙示复〔2019〕1号",
        "numbering_government": police.government,
        "year": 2019,
        "seq": 1,
        "status": S.CONCLUDED,
        "received_on": date(2019, 3, 4),
        "accepted_on": date(2019, 3, 8),
        "concluded_on": date(2019, 4, 30),
        "outcome": "upheld",
        "contested_act": "行政处罚决定",
        "act_category": "penalty",
        "field": "public_security",
        **fields,
    }
    return ReconsiderationCase(**values)


def test_the_database_still_refuses_a_row_that_breaks_a_check_constraint(police: Any) -> None:
    """The write step bypasses Django's insert (COPY on PostgreSQL): a row breaking 受理日期不得早于收到
    日期 (the model's CHECK constraint) still fails in the database, with the constraint's Chinese message
    and nothing stored."""
    table = _Table(0, ReconsiderationCase, None)
    assert table.copy == (connection.vendor == "postgresql")
    bad = _case(police, accepted_on=date(2019, 3, 1))  # before received_on
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        table.insert([(None, table.values(bad))], (timezone.now(), today()))
    assert broken_invariant(refused.value, [ReconsiderationCase]) == "受理日期不能早于收到申请日期"
    assert not ReconsiderationCase.objects.exists()


def test_written_rows_are_whole_and_copy_is_counted(bureau: Any, police: Any) -> None:
    """What the write step stores for each row: the case with its number, stamps and cached deadline,
    its applicant and three history rows pointing at it, by the importing user; the COPY statements
    show in the query log (the per-batch query bound counts them)."""
    with CaptureQueriesContext(connection) as ctx:
        result = imports.import_file(_file(3, "庚"), bureau)
    assert result.ok and result.created == 3, result.errors[:3]
    copies = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("COPY")]
    assert len(copies) == (3 if connection.vendor == "postgresql" else 0)  # cases, parties, history
    cases = list(ReconsiderationCase.objects.order_by("id"))
    assert [c.seq for c in cases] == [1, 2, 3]  # ids and numbers in file order
    for case in cases:
        assert case.number and case.year == 2019 and case.numbering_government_id == police.government.pk
        assert case.created_at is not None and case.updated_at is not None and case.decision_due is not None
        assert case.created_by_id == bureau.pk
        assert case.parties.get().name.startswith("庚")
        assert case.status == "concluded" and case.received_on == date(2019, 3, 4)
        steps = list(
            StatusChange.objects.filter(case=case)
            .order_by("id")
            .values_list("action", "from_status", "to_status", "on", "note", "actor_id")
        )
        assert steps == [
            ("receive", "", "received", case.received_on, "Excel导入", bureau.pk),
            ("accept", "received", "accepted", case.accepted_on, "Excel导入", bureau.pk),
            ("conclude", "accepted", "concluded", case.concluded_on, "维持", bureau.pk),
        ]
        assert StatusChange.objects.filter(case=case, at__isnull=True).count() == 0
    assert Party.objects.count() == 3


def test_compiled_checks_agree_with_the_databases_reading_of_every_constraint(police: Any) -> None:
    """``constraint_errors`` (compiled once per model) against Django's own ``CheckConstraint.validate``,
    which asks the database, on cases with dates and states drawn at random (NULL passes in both)."""
    rng = random.Random(17)
    checks = [c for c in ReconsiderationCase._meta.constraints if isinstance(c, CheckConstraint)]
    day0 = date(2019, 3, 1)

    def some_day() -> date | None:
        return None if rng.random() < 0.25 else day0 + timedelta(days=rng.randrange(-20, 40))

    broken_seen = 0
    for _ in range(40):
        case = _case(
            police,
            status=rng.choice([S.RECEIVED, S.ACCEPTED, S.CONCLUDED, S.DECLINED]),
            outcome=rng.choice(["", "upheld"]),
            extension_days=rng.choice([-1, 0, 10, 31]),
            **{
                name: some_day()
                for name in (
                    "act_date",
                    "received_on",
                    "accepted_on",
                    "declined_on",
                    "concluded_on",
                    "extended_on",
                    "copy_sent_on",
                    "copy_served_on",
                )
            },
        )
        by_database = []
        for c in checks:
            try:
                c.validate(ReconsiderationCase, case)
            except ValidationError:
                by_database.append(str(c.violation_error_message))
        in_memory = [message for _, message in constraint_errors(case)]
        assert sorted(in_memory) == sorted(by_database), case.__dict__
        broken_seen += bool(by_database)
    assert broken_seen > 10  # the draw does break constraints: the agreement is not vacuous


@time_machine.travel(datetime(2026, 11, 30, 23, 59, 58, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_same_day_keeps_the_day_an_import_began_past_midnight() -> None:
    """``today()`` read once per import: a long import that runs past midnight checks every row against
    the day it began; outside it the clock is read again."""
    with (
        same_day() as day,
        time_machine.travel(datetime(2026, 12, 1, 0, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))),
    ):
        assert day == date(2026, 11, 30) and today() == day
    with time_machine.travel(datetime(2026, 12, 1, 0, 0, 5, tzinfo=ZoneInfo("Asia/Shanghai"))):
        assert today() == date(2026, 12, 1)


def test_an_automatic_number_an_old_record_holds_is_refused_before_anything_is_written(
    bureau: Any, police: Any
) -> None:
    """The numbers are allocated for the whole file first and checked against the stored records in
    one query per batch, before the first row is written (the unique number rule, 编号在本级政府唯一):
    an old record holding the number the counter would give row 2 refuses the import, naming the row,
    and nothing changes — not even the counter."""
    from fazhi.core.models import NumberSequence
    from fazhi.core.services import format_number
    from fazhi.reconsideration.services.cases import DEFAULT_PATTERN

    taken = format_number(DEFAULT_PATTERN, year=2019, seq=2, abbr=police.government.short_name)
    old = _case(police, number=taken, seq=2)
    old.save()
    before = (
        ReconsiderationCase.objects.count(),
        list(NumberSequence.objects.values_list("last", flat=True)),
    )
    result = imports.import_file(_file(3, "辛"), bureau)
    assert result.created == 0 and [str(e) for e in result.errors] == [f"第3行：自动编号「{taken}」已存在"]
    after = (ReconsiderationCase.objects.count(), list(NumberSequence.objects.values_list("last", flat=True)))
    assert after == before
