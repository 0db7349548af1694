"""The province's enforcement decisions generated inside PostgreSQL (issue 13 item 12, issue 16 item 6).

``bench/province.py --enforcement N`` uses this on PostgreSQL (``--enforcement-method sql``, the
default there; ``python`` keeps ``bench/province_enforcement.py``'s COPY path, the only one on SQLite).
Python still writes the small registers per county (bodies, officers, certificates:
``province_enforcement._bodies_and_officers``) and three lookup tables (TEMP): the county's bodies as
1 024 Zipf-weighted slots, each body's six officers with their certificate's dates, and every working-day
deadline the problems need (``problems._due`` for the five rules and every start day of the decade, so
the deadlines are the product's own, holidays and missing calendars included). Then one
``INSERT … SELECT … FROM generate_series`` per county writes its decisions, parties, officer links and
problems in one statement (data-modifying CTEs), every draw a deterministic hash of the series number
(``hashint8extended``), so the same seed gives the same rows.

What varies: decisions grow over the ten years (``GROWTH``); the late-publicity, late-decision,
late-service, unpublicized and major rates are multiplied by a factor of 0.4–2.0 drawn per county and
year (``_rate``). Invariants as the Python path: every CHECK/unique/foreign key, case numbers
``<unit>-<year>-<seq>`` unique per body, ``publicity_due`` as ``problems.set_deadlines`` caches it,
``problem_count`` and the problem rows as ``problems.refresh`` finds them (no legality reviews: every
major decision is 未经法制审核) — ``tests/test_bench_enforcement.py`` checks both on PostgreSQL.

With ``rebuild`` (default from 100 000 decisions) the four tables' secondary indexes, unique and
foreign-key constraints are dropped before the load and rebuilt after it (one sort per index, one
anti-join per foreign key instead of a B-tree insert and a trigger per row), then ``ANALYZE``.
"""

from __future__ import annotations

import bisect
import random
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bench.province_enforcement import (
    FIRST_YEAR,
    LAST_YEAR,
    NOW,
    OFFICERS_PER_BODY,
    TYPES,
    _bodies_and_officers,
)
from fazhi.core.province_rows import GIVEN, SURNAMES, _zipf

if TYPE_CHECKING:
    from bench.province import County

SLOTS = 1024  # Zipf slots per county: a body's share of decisions is its share of slots
POOL = 1 << 17  # distinct parties (name + checksum-valid number) drawn from
GROWTH = 0.85  # decided_on = first + span · u^GROWTH: later years have more decisions
REBUILD_FROM = 100_000
TABLES = (
    "enforcement_enforcementaction",
    "enforcement_actionparty",
    "enforcement_actionofficer",
    "enforcement_actionproblem",
)
DUE_FROM, DUE_TO = date(FIRST_YEAR - 1, 6, 1), date(LAST_YEAR + 1, 12, 31)


def _rules() -> list[Any]:
    from fazhi.enforcement import rules

    return [rules.PUBLICITY_SHORT, rules.PUBLICITY_LONG, rules.DECISION, rules.SERVICE, rules.WITHDRAWAL]


def _lookup_tables(cursor: Any, seed: int) -> None:
    """The deadlines (rule number, start → due) and the pool of parties, once per run."""
    from fazhi.core.pii import make_credit_code, make_id_card
    from fazhi.enforcement import problems

    cursor.execute(
        "CREATE TEMP TABLE bench_due (rule int, start date, due date, PRIMARY KEY (rule, start));"
        "CREATE TEMP TABLE bench_pool (i int PRIMARY KEY, kind text, name text, id_number text);"
        "CREATE TEMP TABLE bench_slot (slot int PRIMARY KEY, body_id bigint, org_id bigint, org_code text);"
        "CREATE TEMP TABLE bench_crew (body_id bigint, slot int, officer_id bigint, issued_on date,"
        " valid_until date, PRIMARY KEY (body_id, slot))"
    )
    rule_no, starts, dues = [], [], []
    days = (DUE_TO - DUE_FROM).days + 1
    for k, rule in enumerate(_rules()):
        for d in range(days):
            on = DUE_FROM + timedelta(days=d)
            rule_no.append(k)
            starts.append(on)
            dues.append(problems._due(rule, on))
    cursor.execute(
        "INSERT INTO bench_due SELECT * FROM unnest(%s::int[], %s::date[], %s::date[])",
        [rule_no, starts, dues],
    )
    rng = random.Random(f"{seed}:enforcement-parties")
    kinds, names, numbers = [], [], []
    for i in range(POOL):
        if rng.random() < 0.7:
            kinds.append("organization")
            trade = rng.choice(("贸易", "建设", "科技", "餐饮", "物流", "商行", "药房"))
            names.append(f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{trade}有限公司")
            numbers.append(make_credit_code(f"9133{i:013d}"))
        else:
            kinds.append("person")
            names.append(rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
            numbers.append(make_id_card(f"33{rng.randrange(1000, 9999)}", birth, rng.randrange(1000)))
    cursor.execute(
        "INSERT INTO bench_pool SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[])",
        [list(range(POOL)), kinds, names, numbers],
    )
    cursor.execute("ANALYZE bench_due; ANALYZE bench_pool")


def _county_tables(cursor: Any, bodies: list[Any], officers: dict[int, list[int]], certs: dict) -> None:
    """The county's Zipf slots (slot → body) and crews (body, 0–5 → officer and certificate dates)."""
    cum = _zipf(len(bodies))
    slot_body = [bodies[bisect.bisect_right(cum, (s + 0.5) / SLOTS * cum[-1])] for s in range(SLOTS)]
    cursor.execute("TRUNCATE bench_slot, bench_crew")
    cursor.execute(
        "INSERT INTO bench_slot SELECT * FROM unnest(%s::int[], %s::bigint[], %s::bigint[], %s::text[])",
        [
            list(range(SLOTS)),
            [b.pk for b in slot_body],
            [b.org_id for b in slot_body],
            [b.org.code for b in slot_body],
        ],
    )
    rows = [(b.pk, k, o, certs[o][0]) for b in bodies for k, o in enumerate(officers[b.pk])]
    cursor.execute(
        "INSERT INTO bench_crew SELECT * FROM unnest(%s::bigint[], %s::int[], %s::bigint[], %s::date[], %s::date[])",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3].issued_on for r in rows],
         [r[3].valid_until for r in rows]],
    )  # fmt: skip


def _type_case() -> str:
    total = sum(w for _, w in TYPES)
    parts, cum = [], 0
    for kind, weight in TYPES[:-1]:
        cum += weight
        parts.append(f"WHEN r_type < {cum / total!r} THEN '{kind}'")
    return f"CASE {' '.join(parts)} ELSE '{TYPES[-1][0]}' END"


def _short_types() -> str:
    from fazhi.enforcement.models import SHORT_PUBLICITY

    return ", ".join(f"'{t}'" for t in sorted(SHORT_PUBLICITY))


DRAWS = (
    "r_body r_type r_major r_filed r_filedx r_served r_servedx r_pub r_late r_latedays r_ondays r_revoke"
    " r_revdays r_wd r_wddays r_crew1 r_crew2 r_lone r_amount r_party"
).split()

PROBLEMS = ("uncertified", "one_officer", "unreviewed", "late_publicity", "late_decision", "late_service",
            "late_withdrawal")  # fmt: skip


def _insert_sql() -> str:
    from bench.province_enforcement import ACTION_COLUMNS

    draws = ",\n".join(
        f"(hashint8extended(g, %(salt)s + {k}) & 2147483647)::float8 / 2147483648 AS {name}"
        for k, name in enumerate(DRAWS)
    )
    flags = " + ".join(f"p_{p}::int" for p in PROBLEMS)
    problems = ", ".join(f"('{p}', s.p_{p})" for p in PROBLEMS)
    return f"""
WITH d0 AS (
  SELECT g, {draws},
    %(first)s::date + floor(%(span)s * power((g + 0.5) / %(n)s, {GROWTH}))::int AS decided_on
  FROM generate_series(0::int8, %(n)s - 1) AS g
), d1 AS MATERIALIZED (
  SELECT d0.*, {_type_case()} AS action_type,
    0.4 + 1.6 * ((hashint8extended(extract(year FROM decided_on)::int8, %(salt)s + 99) & 2147483647)::float8
      / 2147483648) AS m
  FROM d0
), d2 AS (
  SELECT d1.*, b.body_id, b.org_id, b.org_code, action_type = 'penalty' AS penalty,
    CASE WHEN action_type IN ({_short_types()}) THEN 0 ELSE 1 END AS pub_rule,
    floor(r_crew1 * {OFFICERS_PER_BODY})::int AS s1,
    CASE WHEN action_type = 'penalty' AND r_lone < 0.03 THEN NULL
         ELSE mod(floor(r_crew1 * {OFFICERS_PER_BODY})::int + 1 + floor(r_crew2 * {OFFICERS_PER_BODY - 1})::int,
                  {OFFICERS_PER_BODY}) END AS s2
  FROM d1 JOIN bench_slot b ON b.slot = floor(r_body * {SLOTS})::int
), d3 AS (
  SELECT d2.*, pd.due AS publicity_due,
    CASE WHEN penalty THEN decided_on - CASE WHEN r_filedx > 0.02 * m THEN 5 + floor(r_filed * 80)::int
                                             ELSE 95 + floor(r_filed * 35)::int END END AS filed_on,
    CASE WHEN penalty THEN decided_on + CASE WHEN r_servedx > 0.02 * m THEN floor(r_served * 5)::int
                                             ELSE 15 + floor(r_served * 15)::int END END AS served_on,
    (action_type <> 'inspection' AND pd.due IS NOT NULL AND r_pub < 1 - 0.04 * m) AS publicized
  FROM d2 LEFT JOIN bench_due pd ON pd.rule = d2.pub_rule AND pd.start = d2.decided_on
), d4 AS MATERIALIZED (
  SELECT d3.*,
    CASE WHEN publicized THEN CASE WHEN r_late < 0.04 * m THEN publicity_due + 1 + floor(r_latedays * 19)::int
                                   ELSE decided_on + floor(r_ondays * 3)::int END END AS publicized_on,
    publicized AND r_revoke < 0.003 AND decided_on < %(last_year_start)s::date AS revoked
  FROM d3
), d5 AS (
  SELECT d4.*, CASE WHEN revoked THEN publicized_on + 30 + floor(r_revdays * 170)::int END AS revoked_on
  FROM d4
), d6 AS (
  SELECT d5.*,
    CASE WHEN revoked THEN revoked_on + CASE WHEN r_wd < 0.8 THEN 1 ELSE 10 + floor(r_wddays * 20)::int END
    END AS withdrawn_on,
    row_number() OVER (PARTITION BY body_id, extract(year FROM decided_on) ORDER BY g) AS seq
  FROM d5
), s AS MATERIALIZED (
  SELECT d6.*, %(id_base)s + g AS id, r_major < 0.005 * m AS is_major,
    c1.officer_id AS o1, c2.officer_id AS o2, pool.kind AS party_kind, pool.name AS party_name,
    pool.id_number AS party_number,
    (NOT (c1.issued_on <= decided_on AND decided_on <= c1.valid_until)
     OR (c2.officer_id IS NOT NULL AND NOT (c2.issued_on <= decided_on AND decided_on <= c2.valid_until)))
      AS p_uncertified,
    (penalty AND s2 IS NULL) AS p_one_officer,
    (r_major < 0.005 * m) AS p_unreviewed,
    COALESCE(publicized_on > publicity_due, false) AS p_late_publicity,
    COALESCE(penalty AND decided_on > dd.due, false) AS p_late_decision,
    COALESCE(penalty AND served_on > sd.due, false) AS p_late_service,
    COALESCE(withdrawn_on > wd.due, false) AS p_late_withdrawal
  FROM d6
  JOIN bench_crew c1 ON c1.body_id = d6.body_id AND c1.slot = d6.s1
  LEFT JOIN bench_crew c2 ON c2.body_id = d6.body_id AND c2.slot = d6.s2
  JOIN bench_pool pool ON pool.i = floor(r_party * {POOL})::int
  LEFT JOIN bench_due dd ON dd.rule = 2 AND dd.start = d6.filed_on
  LEFT JOIN bench_due sd ON sd.rule = 3 AND sd.start = d6.decided_on
  LEFT JOIN bench_due wd ON wd.rule = 4 AND wd.start = d6.revoked_on
), a AS (
  INSERT INTO enforcement_enforcementaction ({", ".join(ACTION_COLUMNS)})
  SELECT id, org_id, %(now)s, NULL, %(now)s, NULL, 1, body_id, action_type,
    org_code || '-' || extract(year FROM decided_on) || '-' || lpad(seq::text, 7, '0'),
    filed_on, decided_on, served_on, CASE WHEN penalty THEN 'fine' ELSE '' END,
    CASE WHEN penalty THEN (2 + floor(r_amount * 1998))::numeric * 100 END, is_major,
    CASE WHEN revoked THEN 'withdrawn' WHEN publicized THEN 'publicized' ELSE 'decided' END,
    publicity_due, publicized_on, revoked_on, withdrawn_on,
    CASE WHEN penalty THEN 'JL' || lpad(body_id::text, 5, '0') || lpad(seq::text, 7, '0') ELSE '' END,
    {flags}
  FROM s
), p AS (
  INSERT INTO enforcement_actionparty (record_id, kind, name, id_number, phone)
  SELECT id, party_kind, party_name, party_number, '' FROM s
), o AS (
  INSERT INTO enforcement_actionofficer (record_id, officer_id)
  SELECT id, o1 FROM s UNION ALL SELECT id, o2 FROM s WHERE o2 IS NOT NULL
), pr AS (
  INSERT INTO enforcement_actionproblem (record_id, code)
  SELECT s.id, v.code FROM s CROSS JOIN LATERAL (VALUES {problems}) AS v(code, flag) WHERE v.flag
)
SELECT count(*) FROM s
"""


# ------------------------------------------------------------------------------- indexes after load


def drop_indexes(cursor: Any) -> list[str]:
    """Drop the tables' foreign keys, unique constraints and secondary indexes (primary keys stay);
    returns the statements that rebuild them, in order."""
    rebuild: list[str] = []
    drops: list[str] = []
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # inside a transaction (tests): no pending trigger events
    for contype in ("f", "u"):  # foreign keys first: a unique constraint may back another table's key
        for table in TABLES:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = %s ORDER BY conname",
                [table, contype],
            )
            for name, definition in cursor.fetchall():
                drops.append(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    indexes: list[str] = []
    for table in TABLES:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            [table],
        )
        for name, definition in cursor.fetchall():
            drops.append(f"DROP INDEX {name}")
            indexes.append(definition)
    for statement in drops:
        cursor.execute(statement)
    # indexes first, then unique constraints (their own index), then the foreign keys that may use them
    return indexes + [s for s in rebuild if " UNIQUE " in s] + [s for s in rebuild if " UNIQUE " not in s]


def rebuild_indexes(cursor: Any, statements: list[str], progress: Any = None) -> None:
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in statements:
        started = time.perf_counter()
        cursor.execute(statement)
        if progress is not None:
            progress(f"{statement[:100]}… {time.perf_counter() - started:.0f} 秒")
    cursor.execute("RESET maintenance_work_mem")


# ----------------------------------------------------------------------------------------- driver


def generate(
    counties: list[County], total: int, seed: int, *, progress: Any = None, rebuild: bool | None = None
) -> int:
    """``total`` decisions over ``counties`` (split as the Python path splits them), in PostgreSQL."""
    from django.db import connection, transaction

    from fazhi.enforcement.models import EnforcementAction

    rebuild = total >= REBUILD_FROM if rebuild is None else rebuild
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    sql = _insert_sql()
    written = 0
    base, extra = divmod(total, len(counties))
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        _lookup_tables(cursor, seed)
        statements = drop_indexes(cursor) if rebuild else []
        try:
            for county in counties:
                n = base + (1 if county.index < extra else 0)
                rng = random.Random(f"{seed}:{county.index}:enforcement")
                with transaction.atomic():
                    bodies, officers, certs = _bodies_and_officers(rng, county)
                    _county_tables(cursor, bodies, officers, certs)
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [EnforcementAction._meta.db_table]
                    )
                    id_base = cursor.fetchone()[0]
                    params = {
                        "n": n, "salt": (seed * 1000 + county.index) * 100, "first": first,
                        "span": (last - first).days + 1, "last_year_start": date(LAST_YEAR, 1, 1),
                        "id_base": id_base, "now": NOW,
                    }  # fmt: skip
                    cursor.execute(sql, params)
                    written += cursor.fetchone()[0]
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [EnforcementAction._meta.db_table, id_base + max(n, 1) - 1],
                    )
                if progress is not None:
                    progress(county.index + 1, written)
        finally:
            if statements:
                rebuild_indexes(
                    cursor, statements, (lambda m: print(f"\n{m}", end="", flush=True)) if progress else None
                )
            cursor.execute("DROP TABLE IF EXISTS bench_due, bench_pool, bench_slot, bench_crew")
            cursor.execute("RESET synchronous_commit")
    return written
