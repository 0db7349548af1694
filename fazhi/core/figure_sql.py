"""One figure aggregate, compiled once per source, scope and period shape, then run with new dates.

A module's counts for a period are one conditional aggregate (``FigureSet.counts``). Running it is cheap;
building it is not: Django resolves and compiles every ``Count(filter=Q)`` on every call, which for the
reconsideration module's 13 counts costs more than PostgreSQL needs to answer for a county (issue 11
item 4, docs/performance.md § Figures). The SQL of such an aggregate depends on the period only through
its first and last day as parameters, so it is compiled once and rerun with the dates of another period
of the same shape (another year, the same quarter of another year).

That is checked, not assumed: the aggregate is compiled again for the period moved 400 years forward and
400 years back (the Gregorian calendar repeats every 400 years: same weekdays, same leap days). The SQL
text must be identical and every parameter either the same in all three or the period's first or last
day in all three; otherwise (a ``where`` that shifts a date, branches on the year, or passes the year as
a number) nothing is cached and the aggregate is built every time, exactly as before.

The scope is part of the key (the unit's id and path: ``org__path__startswith`` is how every module
scopes), so a template is only reused for the same unit at the same place in the tree; so is today's date.
A count's SQL must therefore depend only on the period, the scope's path and constants (FIGURES.md
definitions do): a list of ids read from the database while building it would be kept too. Results are
never cached, only SQL: every call reads the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connections

from fazhi.core.dates import today as local_today

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from fazhi.core.figures import FigureQuery, Period

MAX_TEMPLATES = 512
_SHIFT_YEARS = 400


@dataclass(frozen=True)
class _Slot:
    """A parameter that is the period's ``start`` or ``end``, as a date or as the ISO text SQLite gets."""

    bound: str  # "start" | "end"
    text: bool

    def value(self, period: Period) -> Any:
        day: date = getattr(period, self.bound)
        return day.isoformat() if self.text else day


@dataclass(frozen=True)
class _Template:
    sql: str
    params: tuple[Any, ...]  # a _Slot where the period's day goes, else the fixed value
    aliases: tuple[str, ...]
    using: str


# key -> template, or None: "this aggregate cannot be reused, build it every time"
_templates: dict[tuple[Any, ...], _Template | None] = {}

Build = Callable[["FigureQuery"], tuple["QuerySet[Any]", dict[str, Any]]]


def aggregate(key: tuple[Any, ...], query: FigureQuery, build: Build) -> dict[str, Any]:
    """``build(query)`` gives the scoped queryset and its aggregate expressions; returns the aggregate's row.

    ``key`` names the source (module, source name); the scope and the period's shape are added here.
    """
    return aggregate_all([(key, build)], query)[0]


def aggregate_all(sources: list[tuple[tuple[Any, ...], Build]], query: FigureQuery) -> list[dict[str, Any]]:
    """Several aggregates of one module (its records, a tally, another model): one row each. When every
    one is compiled they go to the database as one statement (each a one-row subquery, cross-joined), one
    round trip instead of one per source."""
    keys = [_full(key, query) for key, _ in sources]
    for full, (_, build) in zip(keys, sources, strict=True):
        if full not in _templates:  # the first call: compiled without running, then run with the rest
            _compile(full, query, build)
    templates = [_templates.get(k, _MISSING) for k in keys]
    if all(isinstance(t, _Template) for t in templates) and len({t.using for t in templates}) == 1:
        return _run(templates, query)
    rows = []
    for full, template, (_, build) in zip(keys, templates, sources, strict=True):
        if isinstance(template, _Template):
            rows += _run([template], query)
            continue
        qs, exprs = build(query)
        if template is None:  # known not to be reusable
            rows.append(qs.aggregate(**exprs))
            continue
        captured = _Capture()
        with connections[qs.db].execute_wrapper(captured.record):
            rows.append(qs.aggregate(**exprs))
        _remember(full, query, build, captured.calls, list(exprs), qs.db)
    return rows


def _full(key: tuple[Any, ...], query: FigureQuery) -> tuple[Any, ...]:
    # Today is part of the key: a count that (wrongly) read the clock instead of the period would otherwise
    # keep yesterday's date in its template; this way it is recompiled every day at worst.
    return (*key, *_scope_key(query), *_shape(query.period), local_today())


def _run(templates: list[Any], query: FigureQuery) -> list[dict[str, Any]]:
    params = [p.value(query.period) if isinstance(p, _Slot) else p for t in templates for p in t.params]
    if len(templates) == 1:
        sql = templates[0].sql
    else:
        sql = _cross_joined([t.sql for t in templates])
    with connections[templates[0].using].cursor() as cursor:
        cursor.execute(sql, params)
        row = list(cursor.fetchone())
    out = []
    for t in templates:
        values, row = row[: len(t.aliases)], row[len(t.aliases) :]
        out.append(dict(zip(t.aliases, values, strict=True)))
    return out


def _cross_joined(sqls: list[str]) -> str:
    """One row of every one-row aggregate, columns in order, joined two at a time.

    A flat ``FROM (a), (b), …`` of a dozen subqueries makes PostgreSQL search join orders (GEQO from 12
    relations): 38 ms of planning for enforcement's 14 aggregates against 43 ms of execution (EXPLAIN
    ANALYZE, docs/performance.md). Nested pairs, each kept a subquery by ``LIMIT 1`` (exact: every side is
    one row), are planned one join at a time."""
    joined = f"({sqls[-1]}) AS figures_{len(sqls) - 1}"
    for i in range(len(sqls) - 2, 0, -1):
        joined = f"(SELECT * FROM ({sqls[i]}) AS figures_{i}, {joined} LIMIT 1) AS figures_{i}_on"
    return f"SELECT * FROM ({sqls[0]}) AS figures_0, {joined}"


def reusable() -> int:
    """How many compiled aggregates are kept for reuse."""
    return sum(1 for t in _templates.values() if t is not None)


def clear() -> None:
    """Forget every compiled aggregate (tests that change a module's definitions call this)."""
    _templates.clear()


_MISSING: Any = object()


class _Stop(Exception):
    """Raised by the capturing wrapper to compile an aggregate without running it."""


class _Capture:
    def __init__(self, stop: bool = False) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.stop = stop

    def record(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.calls.append((sql, params))
        if self.stop:
            raise _Stop
        return execute(sql, params, many, context)


def _compile(full: tuple[Any, ...], query: FigureQuery, build: Build) -> None:
    """Compile a source's aggregate for the query without running it and remember its template (or that
    it has none): a module's first call is then one statement too, not one per source."""
    qs, exprs = build(query)
    compiled = _compiled(query, build, (qs, exprs))
    _remember(full, query, build, [compiled] if compiled is not None else [], list(exprs), qs.db)


def _compiled(
    query: FigureQuery, build: Build, built: tuple[QuerySet[Any], dict[str, Any]] | None = None
) -> tuple[str, Any] | None:
    qs, exprs = built if built is not None else build(query)
    connection = connections[qs.db]
    captured = _Capture(stop=True)
    # Nothing reaches the database here; the debug cursor (tests' query counts) would still log the
    # stopped statement as a query, so it is not used for this compile.
    forced, connection.force_debug_cursor = connection.force_debug_cursor, False
    try:
        with connection.execute_wrapper(captured.record):
            qs.aggregate(**exprs)
    except _Stop:
        pass
    finally:
        connection.force_debug_cursor = forced
    return captured.calls[0] if len(captured.calls) == 1 else None


def _remember(
    full: tuple[Any, ...],
    query: FigureQuery,
    build: Build,
    calls: list[tuple[str, Any]],
    aliases: list[str],
    using: str,
) -> None:
    if len(_templates) >= MAX_TEMPLATES:  # many units and shapes: start again rather than track use
        _templates.clear()
    _templates[full] = None
    if len(calls) != 1 or not isinstance(calls[0][1], list | tuple):
        return
    sql, params = calls[0]
    slots: tuple[Any, ...] | None = None
    for years in (_SHIFT_YEARS, -_SHIFT_YEARS):
        moved = _moved(query, years)
        if moved is None:
            return
        other = _compiled(moved, build)
        if other is None or other[0] != sql:
            return
        found = _slots(params, other[1], query.period, moved.period)
        if found is None or (slots is not None and found != slots):
            return
        slots = found
    if slots is not None:
        _templates[full] = _Template(sql, slots, tuple(aliases), using)


def _slots(params: Sequence[Any], other: Any, period: Period, moved: Period) -> tuple[Any, ...] | None:
    if not isinstance(other, list | tuple) or len(other) != len(params):
        return None
    out: list[Any] = []
    for mine, theirs in zip(params, other, strict=True):
        if type(mine) is type(theirs) and mine == theirs:
            out.append(mine)
            continue
        slot = next(
            (
                s
                for s in (
                    _Slot("start", False),
                    _Slot("end", False),
                    _Slot("start", True),
                    _Slot("end", True),
                )
                if _same(mine, s.value(period)) and _same(theirs, s.value(moved))
            ),
            None,
        )
        if slot is None:
            return None
        out.append(slot)
    return tuple(out)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _moved(query: FigureQuery, years: int) -> FigureQuery | None:
    p = query.period
    try:
        start, end = p.start.replace(year=p.start.year + years), p.end.replace(year=p.end.year + years)
    except ValueError:  # beyond year 1 or 9999
        return None
    return replace(query, period=replace(p, start=start, end=end))


def _scope_key(query: FigureQuery) -> tuple[Any, ...]:
    return (None, None) if query.org is None else (query.org.pk, query.org.path)


def _shape(p: Period) -> tuple[int, ...]:
    return (p.start.month, p.start.day, p.end.month, p.end.day, p.end.year - p.start.year)
