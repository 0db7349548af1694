"""Figure registry (DESIGN.md §4; FIGURES.md): every number the platform reports.

A domain module declares its figures in its manifest (``fazhi.core.modules.ModuleConfig.figures``),
usually as a ``FigureSet`` of ``CountFigure``/``RateFigure`` definitions (below);
the manifest registers the resulting ``FigureProvider`` here at start-up.

``compute(query)`` returns a list of ``Figure`` for the query's period and scope, with each
figure's ``drilldown`` the URL of the module's list page filtered to exactly the counted records.
A module that is not installed registers nothing, so its keys are absent (never zero).
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Count, Q, QuerySet

from fazhi.core import figure_sql

if TYPE_CHECKING:
    from fazhi.orgs.models import OrgUnit


_TOKEN = re.compile(r"\{\{\s*([a-z_]+(?:\.[a-z0-9_]+)+)\s*\}\}")


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, a quarter or a month (inclusive dates, Asia/Shanghai)."""

    start: date
    end: date
    label: str

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("季度应为1–4")
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(
            date(year, first, 1),
            date(year, last, _calendar.monthrange(year, last)[1]),
            f"{year}年第{'一二三四'[quarter - 1]}季度",
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            date(year, month, 1),
            date(year, month, _calendar.monthrange(year, month)[1]),
            f"{year}年{month}月",
        )


@dataclass(frozen=True)
class FigureQuery:
    period: Period
    org: OrgUnit | None = None  # scope root; None = the whole government

    @classmethod
    def for_year(cls, year: int, org: OrgUnit | None = None) -> FigureQuery:
        return cls(Period.year(year), org)


@dataclass(frozen=True)
class Figure:
    key: str  # FIGURES.md key, e.g. "reconsideration.concluded"
    label: str  # 审结
    value: int | float | None  # counts int; rates a fraction rounded to 4 decimals, None when 0/0
    unit: str  # 件 / % / 台 / 人 ...
    drilldown: str | None = None  # list page URL with the filter that selects the counted records
    base: str = ""  # for rates: "以审结数为基数"
    numerator: str = ""  # for rates: keys of numerator and denominator (consistency checks)
    denominator: str = ""
    # A measured value (a sum such as training participants, an entered indicator such as 企业开办 8 小时):
    # its drill-down lists the records the value comes from, not one row per unit it counts.
    measured: bool = False

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.is_rate:
            return f"{Decimal(str(self.value)) * 100:.2f}%"
        return f"{self.value}"


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    value: int
    drilldown: str | None = None
    org_id: int | None = None


@dataclass
class FigureProvider:
    module: str
    compute: Callable[[FigureQuery], list[Figure]]
    # (query, key, dimension) -> rows; dimension e.g. "org", "field", "act_category"
    breakdown: Callable[[FigureQuery, str, str], list[BreakdownRow]] | None = None
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension code -> 中文
    # query -> names of the parties (applicants, plaintiffs, third parties …) of the period's records,
    # read through the module's own stats/selectors: a publication must not name any of them.
    party_names: Callable[[FigureQuery], Iterable[str]] | None = None


_providers: dict[str, FigureProvider] = {}


def register_provider(provider: FigureProvider) -> None:
    _providers[provider.module] = provider


def providers() -> list[FigureProvider]:
    return list(_providers.values())


def collect(query: FigureQuery) -> dict[str, Figure]:
    """Every registered figure for the query, keyed by FIGURES.md key."""
    out: dict[str, Figure] = {}
    for provider in _providers.values():
        for fig in provider.compute(query):
            out[fig.key] = fig
    return dict(sorted(out.items()))


def party_names(query: FigureQuery) -> set[str]:
    """Every party name of every installed module's records in the query's period and scope."""
    names: set[str] = set()
    for provider in _providers.values():
        if provider.party_names is not None:
            names.update(n.strip() for n in provider.party_names(query) if n and n.strip())
    return names


def rate(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator as a fraction rounded half up to 4 decimals; None when 0 (FIGURES.md)."""
    if not denominator:
        return None
    return float(
        (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def as_json(query: FigureQuery, scope_name: str) -> dict[str, Any]:
    """The JSON shape of FIGURES.md: {"year", "scope", "figures": {key: value}}."""
    return {
        "year": query.period.start.year,
        "scope": scope_name,
        "figures": {k: f.value for k, f in collect(query).items()},
    }


# --- Additive extensions (issue 5): sum rules for the consistency checks, module labels, dicts. ---


@dataclass(frozen=True)
class SumRule:
    """``total`` must equal the sum of ``parts`` (keys); a part ending in ``.*`` sums every key with
    that prefix. Checked on every report (RULES §7 reports must not contradict themselves)."""

    total: str
    parts: tuple[str, ...]
    label: str = ""


_sum_rules: dict[tuple[str, tuple[str, ...]], SumRule] = {}
# Installed modules register their own label (their manifest's verbose_name); these name the modules
# still to come, whose keys FIGURES.md already lists.
_module_labels: dict[str, str] = {
    "decisions": "重大行政决策",
    "normative": "行政规范性文件",
    "enforcement": "行政执法",
    "governance": "法治建设综合",
    "business": "营商环境",
}


def register_sum_rule(rule: SumRule) -> None:
    _sum_rules[(rule.total, rule.parts)] = rule


def sum_rules() -> list[SumRule]:
    return list(_sum_rules.values())


def register_module_label(module: str, label: str) -> None:
    _module_labels[module] = label


def module_label(key_or_module: str) -> str:
    module = key_or_module.split(".", 1)[0]
    return _module_labels.get(module, module)


def installed_modules() -> set[str]:
    """Modules whose figures can appear: every registered provider's module and key prefixes."""
    return set(_providers)


def figure_dict(fig: Figure) -> dict[str, Any]:
    """Everything about a figure that a report snapshot freezes."""
    return {
        "key": fig.key,
        "label": fig.label,
        "value": fig.value,
        "unit": fig.unit,
        "drilldown": fig.drilldown,
        "base": fig.base,
        "numerator": fig.numerator,
        "denominator": fig.denominator,
        "measured": fig.measured,
        "display": fig.display(),
    }


def figure_from_dict(data: dict[str, Any]) -> Figure:
    return Figure(
        key=data["key"],
        label=data["label"],
        value=data["value"],
        unit=data["unit"],
        drilldown=data.get("drilldown"),
        base=data.get("base", ""),
        numerator=data.get("numerator", ""),
        denominator=data.get("denominator", ""),
        measured=data.get("measured", False),
    )


def unregister_provider(module: str) -> None:
    """Remove a provider (tests that plant a provider of their own clean up with this)."""
    _providers.pop(module, None)
    for key in [k for k, r in _sum_rules.items() if r.total.split(".", 1)[0] == module]:
        _sum_rules.pop(key, None)


# --- Declarative figures: a module lists its counts and rates; compute, breakdown and drill-down follow. ---

Params = list[tuple[str, str]]


@dataclass(frozen=True)
class Tally:
    """Another table that gives some counts of a set faster than the set's own records (e.g. court
    sessions, counted per case): one aggregate of ``queryset`` with ``count(q)`` per figure."""

    name: str
    queryset: Callable[[FigureQuery], Any]  # query -> QuerySet
    count: Callable[
        [Q], Any
    ]  # condition -> aggregate expression, e.g. Count("case_id", distinct=True, filter=q)


@dataclass(frozen=True)
class CountFigure:
    """A count over the module's records: ``where(period)`` selects exactly the records that
    ``params(period)`` select on the module's list page, so the drill-down shows what was counted."""

    key: str  # FIGURES.md key, e.g. "disputes.handled"
    label: str
    where: Callable[[Period], Q]
    params: Callable[[Period], Params]
    unit: str = "件"
    published: bool = True  # False: counted only as a part of a rate (not a figure of its own)
    # Counted over another model (with the same list page), e.g. 败诉责任调查 beside the cases.
    queryset: Callable[[FigureQuery], Any] | None = None
    # Counted from a faster table; ``where`` still defines the records (breakdown, drill-down).
    tally: Tally | None = None
    tally_where: Callable[[Period], Q] | None = None
    # False: the records are not those of the set's list page (a register count that ``counted`` publishes
    # with its own drill-down), so no breakdown is offered for it.
    breakdown: bool = True


@dataclass(frozen=True)
class RateFigure:
    """numerator ÷ denominator (keys of counts of the same set), drill-down to the numerator's records."""

    key: str
    label: str
    numerator: str
    denominator: str
    base: str  # 以审结数为基数
    numerator_text: str = ""  # what Figure.numerator says when it is not the numerator key itself


def _choice_labels(model: Any, name: str) -> dict[Any, str]:
    try:
        return dict(model._meta.get_field(name).choices or [])
    except FieldDoesNotExist:  # a lookup path such as ``org__kind``: labelled by its value
        return {}


@dataclass
class FigureSet:
    """Every count and rate of one module over one record model, with its list page for drill-downs.

    All counts sharing a source come from one ``aggregate()`` with conditional ``Count(filter=Q)``,
    compiled once per scope and period shape (``fazhi.core.figure_sql``: a ``where`` depends on the
    period only through its first and last day); a breakdown is one ``values(dimension).annotate(Count)``.
    """

    module: str
    queryset: Callable[[FigureQuery], Any]  # query -> the scoped QuerySet of the module's records
    list_url: str  # URL name of the list page whose filters the params are
    figures: Callable[[], list[CountFigure | RateFigure]]  # called lazily (choices, models)
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension code -> 中文; "org" = unit
    dimension_labels: Callable[[str], dict[Any, str]] = lambda dimension: {}
    # Narrows the one aggregate to the rows any count can select (an index serves it); every count's
    # ``where`` must imply it.
    prefilter: Callable[[Period], Q] | None = None
    scope_first: bool = False  # the scope parameter leads the drill-down query (reconsideration's order)
    org_tiebreak: str = "org__name"  # breakdown rows with equal counts: by unit name or id ("org")
    extra: Callable[[FigureQuery], list[Figure]] | None = None  # figures computed otherwise
    # Figures built from the set's counts (unpublished ``CountFigure``s over other models, counted in the
    # same statement as the rest) with drill-downs of their own: (query, counts) -> figures.
    counted: Callable[[FigureQuery, dict[str, Any]], list[Figure]] | None = None
    party_names: Callable[[FigureQuery], Iterable[str]] | None = None
    # Or declared: the names of the ``parties`` (the records' ``PartyBase`` rows, by related name) of the
    # records in scope that ``parties_in`` selects for the period — what a publication must not name
    # (issue 8 item 6).
    parties: str = ""
    parties_in: Callable[[Period], Q] | None = None

    def names_of_parties(self, query: FigureQuery) -> list[str]:
        records = self.queryset(query)
        rel = records.model._meta.get_field(self.parties)
        if self.parties_in is not None:
            records = records.filter(self.parties_in(query.period))
        rows = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": records.values("pk")})
        return list(rows.values_list("name", flat=True).distinct())

    def drilldown(self, params: Params, query: FigureQuery) -> str:
        scope: Params = [("scope", str(query.org.pk))] if query.org is not None else []
        ordered = [*scope, *params] if self.scope_first else [*params, *scope]
        return list_path(self.list_url) + "?" + urlencode(ordered)

    def definitions(self) -> list[CountFigure | RateFigure]:
        return self.figures()

    def sources(self) -> list[tuple[list[CountFigure], tuple[Any, Any]]]:
        """The set's aggregates, one per source (the records, each ``tally``, each other ``queryset``): the
        counts each computes and its ``figure_sql`` source (key, build)."""
        groups: dict[Any, list[CountFigure]] = {}
        for d in self.definitions():
            if isinstance(d, CountFigure):
                source = d.tally.name if d.tally else (d.queryset or None)
                groups.setdefault(source, []).append(d)
        out = []
        for source, defs in groups.items():
            name = (
                source if source is None or isinstance(source, str) else getattr(source, "__qualname__", "")
            )
            key = (self.module, name, tuple(d.key for d in defs))
            out.append((defs, (key, lambda q, defs=defs: self._aggregate(q, defs))))
        return out

    def counts(self, query: FigureQuery) -> dict[str, int]:
        """Every count of the set for the query: one aggregate per source, compiled once per scope and
        period shape, then all sent as one statement (``fazhi.core.figure_sql``)."""
        return counts_of([self], query)

    def _aggregate(self, query: FigureQuery, defs: list[CountFigure]) -> tuple[Any, dict[str, Any]]:
        """The queryset and the conditional counts of one source's figures."""
        p = query.period
        first = defs[0]
        if first.tally is not None:
            tally = first.tally
            exprs = {
                _alias(d.key): tally.count(d.tally_where(p) if d.tally_where else d.where(p)) for d in defs
            }
            return tally.queryset(query), exprs
        exprs = {_alias(d.key): Count("id", filter=d.where(p)) for d in defs}
        if first.queryset is not None:
            return first.queryset(query), exprs
        qs = self.queryset(query)
        if self.prefilter is not None:
            qs = qs.filter(self.prefilter(p))
        return qs, exprs

    def compute(self, query: FigureQuery, values: dict[str, int] | None = None) -> list[Figure]:
        p = query.period
        defs = self.definitions()
        values = self.counts(query) if values is None else values
        counts = {d.key: d for d in defs if isinstance(d, CountFigure)}
        out: list[Figure] = []
        for d in defs:
            if isinstance(d, CountFigure):
                if d.published:
                    out.append(
                        Figure(d.key, d.label, values[d.key], d.unit, self.drilldown(d.params(p), query))
                    )
            else:
                out.append(
                    Figure(
                        d.key,
                        d.label,
                        rate(values[d.numerator], values[d.denominator]),
                        "%",
                        self.drilldown(counts[d.numerator].params(p), query),
                        d.base,
                        d.numerator_text or d.numerator,
                        d.denominator,
                    )
                )
        if self.counted is not None:
            out += self.counted(query, values)
        if self.extra is not None:
            out += self.extra(query)
        return out

    def breakdown(self, query: FigureQuery, key: str, dimension: str = "org") -> list[BreakdownRow]:
        """A count per unit or other dimension, largest first, each with its drill-down; rates give []."""
        d = next((d for d in self.definitions() if isinstance(d, CountFigure) and d.key == key), None)
        if d is None or not d.breakdown or dimension not in self.dimensions:
            return []
        p = query.period
        qs = (d.queryset or self.queryset)(query).filter(d.where(p))
        if dimension == "org":
            rows = qs.values("org_id", "org__name").annotate(n=Count("id")).order_by("-n", self.org_tiebreak)
            return [
                BreakdownRow(
                    r["org__name"],
                    r["n"],
                    self.drilldown([*d.params(p), ("org", str(r["org_id"]))], query),
                    r["org_id"],
                )
                for r in rows
            ]
        # A dimension that is a field with choices is shown by their labels unless the module gives others.
        labels = self.dimension_labels(dimension) or _choice_labels(qs.model, dimension)
        rows = qs.values(dimension).annotate(n=Count("id")).order_by("-n", dimension)
        return [
            BreakdownRow(
                labels.get(r[dimension], r[dimension]),
                r["n"],
                self.drilldown([*d.params(p), (dimension, str(r[dimension]))], query),
            )
            for r in rows
        ]

    def provider(self) -> FigureProvider:
        return FigureProvider(
            module=self.module,
            compute=self.compute,
            breakdown=self.breakdown,
            dimensions=dict(self.dimensions),
            party_names=self.party_names or (self.names_of_parties if self.parties else None),
        )


_list_paths: dict[tuple[str, str, Any], str] = {}  # never large: one per list page and URLconf


def list_path(name: str) -> str:
    """``reverse(name)`` of a list page without arguments, kept per script prefix and URLconf: a county's
    figures drill down some forty times, and resolving cost as much as a fifth of the figures' SQL."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf, reverse

    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    path = _list_paths.get(key)
    if path is None:
        path = _list_paths[key] = reverse(name)
    return path


def counts_of(sets: Iterable[FigureSet], query: FigureQuery) -> dict[str, int]:
    """The counts of several sets (a module with several record kinds, each with its own list page) from
    one ``figure_sql.aggregate_all``: one statement once every source is compiled."""
    entries = [entry for s in sets for entry in s.sources()]
    values: dict[str, int] = {}
    rows = figure_sql.aggregate_all([source for _, source in entries], query)
    for (defs, _), row in zip(entries, rows, strict=True):
        values.update({d.key: row[_alias(d.key)] or 0 for d in defs})
    return values


def scalars(**sources: QuerySet[Any] | tuple[str, QuerySet[Any], str]) -> dict[str, Any]:
    """Several figures a ``FigureSet`` cannot compile (register counts as of a day, sums, averages over
    groups) in one statement: ``SELECT (SELECT COUNT(*) FROM (…)), (SELECT AVG(c1.score) FROM (…)), …`` —
    one round trip, whatever their number. A source is a queryset (its row count, an int) or
    ``(fn, queryset, column)`` with fn SUM/AVG/MIN/MAX: that aggregate of the column over the queryset's
    rows (a ``values()``/``annotate()`` queryset is taken as it is, so an average of per-group totals is
    one source), None over no rows."""
    parts, params = [], []
    for source in sources.values():
        alias = f"c{len(parts)}"
        if isinstance(source, tuple):
            fn, qs, column = source
            if fn not in {"SUM", "AVG", "MIN", "MAX"}:
                raise ValueError(fn)
            qs = qs.order_by() if qs._fields else qs.order_by().values(column)
            sql, p = qs.query.sql_with_params()
            parts.append(
                f"(SELECT {fn}({alias}.{connection.ops.quote_name(column)}) FROM ({sql}) AS {alias})"
            )
        else:
            sql, p = source.order_by().values("pk").query.sql_with_params()
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {alias})")
        params.extend(p)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {
        k: (v if isinstance(src, tuple) else int(v)) for (k, src), v in zip(sources.items(), row, strict=True)
    }


def compute_all(sets: list[FigureSet], query: FigureQuery) -> list[Figure]:
    """The figures of several sets of one module, their counts in one statement (``counts_of``)."""
    values = counts_of(sets, query)
    return [f for s in sets for f in s.compute(query, values)]


def _alias(key: str) -> str:
    return key.replace(".", "__")


def date_range(
    field_name: str, prefix: str | None = None
) -> tuple[Callable[[Period], Q], Callable[[Period], Params]]:
    """``<field>`` within the period, and the list page's ``<prefix>_from``/``<prefix>_to`` for it."""
    name = prefix or field_name.removesuffix("_on")

    def where(p: Period) -> Q:
        return Q(**{f"{field_name}__gte": p.start, f"{field_name}__lte": p.end})

    def params(p: Period) -> Params:
        return [(f"{name}_from", p.start.isoformat()), (f"{name}_to", p.end.isoformat())]

    return where, params


# What a module contributes to the annual report and the bulletins: declared in figure_parts.
from fazhi.core.figure_parts import (  # noqa: E402, F401 (re-exported)
    BulletinPart,
    BulletinSection,
    BulletinTable,
    BulletinTableRow,
    Clause,
    FigureParagraph,
)
