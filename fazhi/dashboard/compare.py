"""Roll-ups and comparisons of governments (issue 16 item 3, the beginning).

A roll-up needs no code of its own: a figure of an upper government is computed by the same SQL over the
government's whole subtree (``core.figures``, scope = the path), so its counts are the sum of the
governments' counts and its rates are recomputed from the summed numerators and bases — never an average of
the lower governments' rates. The comparison table lists the governments one level below for one figure,
with its numerator and base, ranked, each row drilling down a level (province → city → county); at a county
the rows are its units (the figure's breakdown by unit) and each figure links to the records it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fazhi.core.figures import Figure, FigureProvider, FigureQuery, providers
from fazhi.orgs.models import OrgUnit


@dataclass(frozen=True)
class Row:
    rank: int | None
    name: str
    figure: Figure | None
    numerator: Figure | None
    denominator: Figure | None
    government: OrgUnit | None = None  # a lower government: the row drills down to its own table
    link: str | None = None  # a unit: the records the figure counts


@dataclass(frozen=True)
class Comparison:
    government: OrgUnit
    key: str
    total: Figure | None  # the roll-up of the government itself
    rows: list[Row]
    choices: list[tuple[str, str]]  # (key, label) of every figure


def lower_governments(government: OrgUnit) -> list[OrgUnit]:
    """The governments directly below ``government`` (one level down, whatever lies between)."""
    below = list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.GOVERNMENT, path__startswith=government.path)
        .exclude(pk=government.pk)
        .order_by("path")
    )
    paths = [g.path for g in below]
    return [g for g in below if not any(g.path != p and g.path.startswith(p) for p in paths)]


def _ranked(rows: list[Row]) -> list[Row]:
    """Highest value first; equal values share a rank; no value (a rate over 0) ranks last, unranked."""
    valued = sorted(
        (r for r in rows if r.figure is not None and r.figure.value is not None),
        key=lambda r: -float(r.figure.value),  # type: ignore[arg-type, union-attr]
    )
    out: list[Row] = []
    for i, r in enumerate(valued):
        same = out and out[-1].figure.value == r.figure.value  # type: ignore[union-attr]
        rank = out[-1].rank if same else i + 1
        out.append(Row(rank, r.name, r.figure, r.numerator, r.denominator, r.government, r.link))
    return out + [r for r in rows if r not in valued]


def _provider(key: str) -> FigureProvider | None:
    return next((p for p in providers() if key.startswith(p.module + ".")), None)


def _key_figures(
    computed: list[tuple[FigureProvider, list[Figure]]], query: FigureQuery, key: str
) -> dict[str, Figure]:
    """``key`` and, for a rate, its numerator and base for ``query``: only the modules that compute them
    (issue 16 item 6: computing every module for each of a province's 100 counties took most of the
    page's time). ``computed`` is every module's figures for the upper government, which says which module
    owns which key."""
    owner = next((p for p, figs in reversed(computed) if any(f.key == key for f in figs)), None)
    if owner is None:
        return {}
    owners = {f.key: i for i, (_, figs) in enumerate(computed) for f in figs}  # key → its module's index
    figures = {f.key: f for f in owner.compute(query)}
    fig = figures.get(key)
    if fig is not None and fig.is_rate:  # a base computed by another module: that module too
        need = {owners[k] for k in (fig.numerator, fig.denominator) if k not in figures and k in owners}
        for other in need:
            figures.update({f.key: f for f in computed[other][0].compute(query)})
    return figures


def _parts(figures: dict[str, Figure], key: str) -> tuple[Figure | None, Figure | None, Figure | None]:
    """The figure, its numerator and its base (the last two only for a rate)."""
    fig = figures.get(key)
    if fig is None or not fig.is_rate:
        return fig, None, None
    return fig, figures.get(fig.numerator), figures.get(fig.denominator)


def compare(year: int, government: OrgUnit, key: str) -> Comparison:
    return _compare(year, government, key)[0]


def _compare(
    year: int, government: OrgUnit, key: str
) -> tuple[Comparison, list[tuple[FigureProvider, list[Figure]]]]:
    """The figure ``key`` for ``government`` and each government below it. Every figure is computed once,
    for the government (the choices); for the governments below only the module that computes ``key``
    (and, for a rate, the modules of its numerator and base; a base no module publishes, such as
    应公示的执法决定, stays empty, as before)."""
    query = FigureQuery.for_year(year, government)
    computed = [(p, p.compute(query)) for p in providers()]
    total_figures = dict(sorted({f.key: f for _, figs in computed for f in figs}.items()))
    choices = [(k, f"{f.label}（{k.split('.')[0]}）") for k, f in total_figures.items()]
    key = key if key in total_figures else (choices[0][0] if choices else "")
    total = total_figures.get(key)
    rows: list[Row] = []
    lower = lower_governments(government)
    for gov in lower:
        fig, num, den = _parts(_key_figures(computed, FigureQuery.for_year(year, gov), key), key)
        rows.append(Row(None, gov.name, fig, num, den, government=gov))
    provider = _provider(key)
    if not lower and provider is not None and provider.breakdown is not None:
        # a government without lower governments: its units, as the figure's breakdown by unit counts them
        for b in provider.breakdown(FigureQuery.for_year(year, government), key, "org"):
            fig = Figure(key, b.label, b.value, total.unit if total else "", b.drilldown)
            rows.append(Row(None, b.label, fig, None, None, link=b.drilldown))
    return Comparison(government, key, total, _ranked(rows), choices), computed


def _number(fig: Figure | None) -> float | None:
    return None if fig is None or fig.value is None else float(fig.value)


def _node(
    computed: list[tuple[FigureProvider, list[Figure]]], year: int, gov: OrgUnit, key: str, depth: int
) -> dict[str, Any]:
    """A government in the schematic map: its figure for ``key`` and, ``depth`` levels down, its lower
    governments. Treemap size: a rate's base (so a large county shows large), a count itself; never 0."""
    fig, _, den = _parts(_key_figures(computed, FigureQuery.for_year(year, gov), key), key)
    size = _number(den) if den is not None else _number(fig)
    node: dict[str, Any] = {
        "id": gov.pk,
        "name": gov.name,
        "value": [max(size or 0, 1), _number(fig)],
        "display": fig.display() if fig is not None else "—",
    }
    if depth > 0:
        children = [_node(computed, year, g, key, depth - 1) for g in lower_governments(gov)]
        if children:
            node["children"] = children
    return node


def chart_data(year: int, government: OrgUnit, key: str, depth: int = 2) -> dict[str, Any]:
    """The compare page's charts as JSON: the ranking (the table's rows, same values) for the bar chart and
    the government tree ``depth`` levels down (province → cities → counties) for the schematic map."""
    table, computed = _compare(year, government, key)
    total = table.total
    return {
        "government": {"id": government.pk, "name": government.name},
        "year": year,
        "key": table.key,
        "label": total.label if total is not None else "",
        "rate": bool(total is not None and total.is_rate),
        "total": {"value": _number(total), "display": total.display() if total is not None else "—"},
        "rows": [
            {
                "rank": r.rank,
                "name": r.name,
                "value": _number(r.figure),
                "display": r.figure.display() if r.figure is not None else "—",
                "government": r.government.pk if r.government is not None else None,
                "url": r.link or (r.figure.drilldown if r.figure is not None else None),
            }
            for r in table.rows
        ],
        "tree": [_node(computed, year, g, table.key, depth - 1) for g in lower_governments(government)],
    }
