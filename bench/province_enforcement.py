"""The enforcement decisions of the generated province (``bench/province.py --enforcement N``, issue 13
item 12): per county one enforcement body per department and township, its officers with certificates,
and ``N`` decisions over ``FIRST_YEAR``–``LAST_YEAR`` (ten years), Zipf-skewed over the bodies, with one
party each, their officers and the problems ``problems.codes_of`` finds on them.

On PostgreSQL the default is ``bench/province_enforcement_sql.py`` (generated server-side,
``--enforcement-method sql``); this module is the ``python`` method and SQLite's. Written with ``COPY … FROM STDIN`` on PostgreSQL (ids drawn from the table's sequence, one query per
batch) and ``bulk_create`` elsewhere, one transaction per county, so that 10 M decisions are a matter of
the generator's Python speed, not of Django's insert compilation. Every row satisfies the models' CHECK,
unique and foreign-key constraints (the database enforces them on COPY too); the problems follow ``fazhi.enforcement.problems.codes_of`` with
the deadlines memoised, and ``tests/test_bench_enforcement.py`` checks that the product's
``problems.refresh`` over the rows finds exactly the same ones. Not generated: status history rows, legality reviews (so every
major decision is flagged 未经法制审核), recorders, teams and the no-penalty list.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi.core.province_rows import GIVEN, SURNAMES, _zipf

if TYPE_CHECKING:
    from bench.province import County

FIRST_YEAR = 2016
LAST_YEAR = 2025
BATCH = 10_000
OFFICERS_PER_BODY = 6

TYPES = [  # (type, weight)
    ("penalty", 42), ("license", 30), ("inspection", 12), ("coercion", 6), ("confirmation", 4),
    ("levy", 2), ("benefit", 2), ("adjudication", 1), ("other", 1),
]  # fmt: skip
NOW = datetime(2026, 1, 1, tzinfo=UTC)  # created/updated stamps: fixed, so reruns are equal


@dataclass
class _Action:
    """What ``problems.codes_of`` reads of a decision (a plain object: no model instance per row)."""

    pk: int | None
    action_type: str
    is_major: bool
    decided_on: date
    filed_on: date | None
    served_on: date | None
    publicity_due: date | None
    publicized_on: date | None
    revoked_on: date | None
    withdrawn_on: date | None


class _Cert:
    __slots__ = ("issued_on", "valid_until", "ended_on")

    def __init__(self, issued_on: date, valid_until: date) -> None:
        self.issued_on, self.valid_until, self.ended_on = issued_on, valid_until, None

    def valid_on(self, on: date) -> bool:
        return self.issued_on <= on <= self.valid_until


class _Dues:
    """Working-day deadlines memoised per (rule, start): ten years are ≈ 3 650 starts per rule."""

    def __init__(self) -> None:
        from fazhi.enforcement import problems

        self._problems = problems
        self._memo: dict[tuple[str, date], date | None] = {}

    def publicity(self, action_type: str, on: date) -> date | None:
        rule = self._problems.publicity_rule(action_type)
        key = (rule.code, on)
        if key not in self._memo:
            self._memo[key] = self._problems._due(rule, on)
        return self._memo[key]

    def of(self, rule: Any, on: date) -> date | None:
        key = (rule.code, on)
        if key not in self._memo:
            self._memo[key] = self._problems._due(rule, on)
        return self._memo[key]


# ------------------------------------------------------------------------------------------ writing


class Writer:
    """Rows of one model as tuples of ``columns`` (attnames): COPY on PostgreSQL, else ``bulk_create``."""

    def __init__(self, model: Any, columns: list[str]) -> None:
        from django.db import connection

        self.model, self.columns = model, columns
        self.copy = connection.vendor == "postgresql"

    def ids(self, n: int) -> list[int]:
        """``n`` fresh primary keys from the table's sequence (PostgreSQL), one query."""
        from django.db import connection

        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n]
            )
            return [r[0] for r in cursor.fetchall()]

    def write(self, rows: list[tuple[Any, ...]]) -> list[int] | None:
        """Write ``rows``; on SQLite (no ``id`` column given) returns the new ids in order."""
        from django.db import connection

        if not rows:
            return []
        if self.copy:
            qn = connection.ops.quote_name
            sql = (
                f"COPY {qn(self.model._meta.db_table)} ({', '.join(qn(c) for c in self.columns)}) FROM STDIN"
            )
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return None
        objs = [self.model(**dict(zip(self.columns, row, strict=True))) for row in rows]
        self.model.objects.bulk_create(objs, batch_size=2000)
        return [o.pk for o in objs]


# ---------------------------------------------------------------------------------------- registers


def _bodies_and_officers(rng: random.Random, county: County) -> tuple[list[Any], dict[int, list[int]], dict]:
    """The county's bodies (one per department and township, most-active first) and their officers.
    Returns (bodies, officer ids by body id, certificates by officer id)."""
    from fazhi.core.pii import make_id_card
    from fazhi.enforcement.generated_rows import body
    from fazhi.enforcement.models import Certificate, EnforcementBody, Officer

    bodies = [
        body(unit, k, date(FIRST_YEAR - 1, 3, 1) + timedelta(days=k), "“三定”规定")
        for k, unit in enumerate(county.respondents)
    ]
    EnforcementBody.objects.bulk_create(bodies)
    officers: list[Officer] = []
    for b in bodies:
        for _ in range(OFFICERS_PER_BODY):
            n = len(officers)
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            officers.append(
                Officer(
                    org_id=b.org_id,
                    name=name,
                    # unique across the province: the county in the region code, the officer in birth date
                    id_number=make_id_card(
                        f"33{1000 + county.index:04d}", date(1960, 1, 1) + timedelta(n), n
                    ),
                    field=b.fields,
                )
            )
    Officer.objects.bulk_create(officers, batch_size=2000)
    certs: dict[int, list[_Cert]] = {}
    rows = []
    for n, o in enumerate(officers):
        issued = date(FIRST_YEAR - 2, 1, 1) + timedelta(days=rng.randrange(700))
        # one officer in twenty lets the certificate lapse part-way through the decade (无有效执法证)
        lapse = rng.random() < 0.05
        until = (
            date(rng.randrange(FIRST_YEAR + 1, LAST_YEAR), 6, 30) if lapse else date(LAST_YEAR + 5, 12, 31)
        )
        certs[o.pk] = [_Cert(issued, until)]
        rows.append(
            Certificate(
                officer=o,
                number=f"ZF{county.index + 1:03d}{n:06d}",
                issuer="示范省人民政府",
                issued_on=issued,
                valid_until=until,
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=2000)
    by_body: dict[int, list[int]] = {b.pk: [] for b in bodies}
    per = iter(officers)
    for b in bodies:
        by_body[b.pk] = [next(per).pk for _ in range(OFFICERS_PER_BODY)]
    return bodies, by_body, certs


# ---------------------------------------------------------------------------------------- decisions


ACTION_COLUMNS = [
    "id", "org_id", "created_at", "created_by_id", "updated_at", "updated_by_id", "version", "body_id",
    "action_type", "case_number", "filed_on", "decided_on", "served_on", "penalty_kind", "penalty_amount",
    "is_major", "status", "publicity_due", "publicized_on", "revoked_on", "withdrawn_on", "recordings",
    "problem_count",
]  # fmt: skip
PARTY_COLUMNS = ["record_id", "kind", "name", "id_number", "phone"]
OFFICER_COLUMNS = ["record_id", "officer_id"]
PROBLEM_COLUMNS = ["record_id", "code"]


def _party(rng: random.Random, serial: int) -> tuple[str, str, str, str]:
    from fazhi.core.pii import make_credit_code, make_id_card

    if rng.random() < 0.7:
        name = (
            f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"
            f"{rng.choice(('贸易', '建设', '科技', '餐饮', '物流', '商行', '药房'))}有限公司"
        )
        return "organization", name, make_credit_code(f"9133{serial % 10**13:013d}"), ""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    return "person", name, make_id_card(f"33{rng.randrange(1000, 9999)}", birth, rng.randrange(1000)), ""


def _decisions(
    rng: random.Random,
    county: County,
    n: int,
    bodies: list[Any],
    officers: dict[int, list[int]],
    certs: dict[int, list[_Cert]],
    dues: _Dues,
) -> Iterator[tuple[dict[str, Any], tuple, list[int], list[str]]]:
    """``n`` decisions of the county in decision-date order: (values, party, officer ids, problem codes)."""
    from fazhi.enforcement import rules

    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    span = (last - first).days + 1
    decided = sorted(first + timedelta(days=rng.randrange(span)) for _ in range(n))
    weights = _zipf(len(bodies))
    types, type_weights = zip(*TYPES, strict=True)
    type_cum = list(itertools.accumulate(type_weights))
    seq: dict[tuple[int, int], int] = {}
    for on in decided:
        body = rng.choices(bodies, cum_weights=weights)[0]
        kind = rng.choices(types, cum_weights=type_cum)[0]
        key = (body.pk, on.year)
        seq[key] = seq.get(key, 0) + 1
        penalty = kind == "penalty"
        a = _Action(None, kind, rng.random() < 0.005, on, None, None, None, None, None, None)
        a.publicity_due = dues.publicity(kind, on)
        if penalty:
            a.filed_on = on - timedelta(
                days=rng.randrange(5, 85) if rng.random() > 0.02 else rng.randrange(95, 130)
            )
            a.served_on = on + timedelta(
                days=rng.randrange(0, 5) if rng.random() > 0.02 else rng.randrange(15, 30)
            )
        status = "decided"
        if kind != "inspection" and a.publicity_due is not None and rng.random() < 0.96:
            late = rng.random() < 0.04
            a.publicized_on = (
                a.publicity_due + timedelta(days=rng.randrange(1, 20))
                if late
                else on + timedelta(days=rng.randrange(0, 3))
            )
            status = "publicized"
            if rng.random() < 0.003 and on.year < LAST_YEAR:  # revoked on review or in court
                a.revoked_on = a.publicized_on + timedelta(days=rng.randrange(30, 200))
                a.withdrawn_on = a.revoked_on + timedelta(
                    days=1 if rng.random() < 0.8 else rng.randrange(10, 30)
                )
                status = "withdrawn"
        crew = officers[body.pk]
        ids = rng.sample(crew, 1 if penalty and rng.random() < 0.03 else 2)
        codes = _codes(a, ids, certs, dues, rules)
        values = {
            "org_id": body.org_id,
            "body_id": body.pk,
            "action_type": kind,
            "case_number": f"{body.org.code}-{on.year}-{seq[key]:07d}",
            "filed_on": a.filed_on,
            "decided_on": on,
            "served_on": a.served_on,
            "penalty_kind": "fine" if penalty else "",
            "penalty_amount": Decimal(rng.randrange(2, 2000) * 100) if penalty else None,
            "is_major": a.is_major,
            "status": status,
            "publicity_due": a.publicity_due,
            "publicized_on": a.publicized_on,
            "revoked_on": a.revoked_on,
            "withdrawn_on": a.withdrawn_on,
            "recordings": f"JL{body.pk:05d}{seq[key]:07d}" if penalty else "",
            "problem_count": len(codes),
        }
        yield values, _party(rng, len(seq) * 10_000_000 + seq[key] + body.pk * 100_000), ids, codes


def _codes(a: _Action, crew: list[int], certs: dict[int, list[_Cert]], dues: _Dues, rules: Any) -> list[str]:
    """``problems.codes_of`` with the deadlines memoised (no legality reviews: every major decision is
    unreviewed). The test checks that ``problems.refresh`` finds exactly these codes on the rows."""
    out = []
    penalty = a.action_type == "penalty"
    if any(not any(c.valid_on(a.decided_on) for c in certs.get(o, ())) for o in crew):
        out.append("uncertified")
    if penalty and len(set(crew)) < 2:
        out.append("one_officer")
    if a.is_major:
        out.append("unreviewed")
    if a.publicized_on is not None and a.publicity_due is not None and a.publicized_on > a.publicity_due:
        out.append("late_publicity")
    if penalty and a.filed_on is not None and _late(a.decided_on, dues.of(rules.DECISION, a.filed_on)):
        out.append("late_decision")
    if penalty and _late(a.served_on, dues.of(rules.SERVICE, a.decided_on)):
        out.append("late_service")
    if a.revoked_on is not None and _late(a.withdrawn_on, dues.of(rules.WITHDRAWAL, a.revoked_on)):
        out.append("late_withdrawal")
    return out


def _late(done: date | None, due: date | None) -> bool:
    return done is not None and due is not None and done > due


def write_county(rng: random.Random, county: County, n: int, dues: _Dues) -> int:
    """Bodies, officers and ``n`` decisions of one county (the caller holds the transaction)."""
    from fazhi.enforcement.models import ActionOfficer, ActionParty, ActionProblem, EnforcementAction

    bodies, officers, certs = _bodies_and_officers(rng, county)
    actions = Writer(EnforcementAction, ACTION_COLUMNS)
    parties = Writer(ActionParty, PARTY_COLUMNS)
    crews = Writer(ActionOfficer, OFFICER_COLUMNS)
    found = Writer(ActionProblem, PROBLEM_COLUMNS)
    if not actions.copy:
        actions.columns = ACTION_COLUMNS[1:]  # SQLite: ids come back from bulk_create
    rows = _decisions(rng, county, n, bodies, officers, certs, dues)
    written = 0
    while batch := list(itertools.islice(rows, BATCH)):
        stamps = {
            "created_at": NOW,
            "created_by_id": None,
            "updated_at": NOW,
            "updated_by_id": None,
            "version": 1,
        }
        if actions.copy:
            ids = actions.ids(len(batch))
            actions.write(
                [
                    (pk, *(({**v, **stamps})[c] for c in ACTION_COLUMNS[1:]))
                    for pk, (v, *_) in zip(ids, batch, strict=True)
                ]
            )
        else:
            ids = actions.write([tuple({**v, **stamps}[c] for c in actions.columns) for v, *_ in batch]) or []
        parties.write([(pk, *p) for pk, (_, p, _, _) in zip(ids, batch, strict=True)])
        crews.write([(pk, o) for pk, (_, _, os_, _) in zip(ids, batch, strict=True) for o in os_])
        found.write([(pk, c) for pk, (_, _, _, cs) in zip(ids, batch, strict=True) for c in cs])
        written += len(batch)
    return written


def generate(
    counties: list[County], total: int, seed: int, *, progress: Any = None, method: str = "auto"
) -> int:
    """``total`` decisions over ``counties`` (the county's share as ``Scale.cases_in`` splits cases).

    ``method``: ``sql`` generates them inside PostgreSQL (``bench/province_enforcement_sql.py``, ≈ 10× the
    rate), ``python`` here (COPY on PostgreSQL, ``bulk_create`` elsewhere); ``auto`` = sql on PostgreSQL."""
    from django.db import connection, transaction

    if method == "auto":
        method = "sql" if connection.vendor == "postgresql" else "python"
    if method == "sql" and connection.vendor != "postgresql":
        raise ValueError("sql 生成方式只能用于 PostgreSQL；SQLite 请用 python 方式")
    if method == "sql":
        from bench import province_enforcement_sql

        return province_enforcement_sql.generate(counties, total, seed, progress=progress)

    dues = _Dues()
    written = 0
    base, extra = divmod(total, len(counties))
    for county in counties:
        n = base + (1 if county.index < extra else 0)
        with transaction.atomic():
            written += write_county(random.Random(f"{seed}:{county.index}:enforcement"), county, n, dues)
        if progress is not None:
            progress(county.index + 1, written)
    return written
