"""Figures vs hand-counted records (FIGURES.md), through the registry, the API and the CLI.

The records are created through the litigation module's own services; expected values are counted
from what the fixture made, never typed in.
"""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.http import QueryDict

from fazhi.litigation import selectors as lit_selectors
from fazhi.orgs.models import Role
from fazhi.reports.compose import figure_paragraphs, keys_in
from fazhi.reports.figures import (
    FigureQuery,
    as_json,
    collect,
    installed_modules,
    providers,
    rate,
    register_provider,
    register_sum_rule,
    sum_rules,
    unregister_provider,
)
from fazhi.testing.factories import make_user

from .conftest import LOSSES, in_year

pytestmark = pytest.mark.django_db


def expected_litigation(made, year):  # type: ignore[no-untyped-def]
    concluded = in_year(made, "judged", year)
    lost = [m for m in concluded if m["outcome"] in LOSSES]
    heard = in_year(made, "session", year)
    head = [m for m in heard if m["head"]]
    return {
        "litigation.received": len(in_year(made, "served", year)),
        "litigation.concluded": len(concluded),
        "litigation.lost": len(lost),
        "litigation.loss_rate": rate(len(lost), len(concluded)),
        "litigation.heard": len(heard),
        "litigation.head_appeared": len(head),
        "litigation.head_appearance_rate": rate(len(head), len(heard)),
    }


def test_litigation_figures_match_hand_counted_records(cases, gov) -> None:  # type: ignore[no-untyped-def]
    figures = collect(FigureQuery.for_year(2019, gov))
    for key, value in expected_litigation(cases.made, 2019).items():
        assert figures[key].value == value, key
    assert (
        figures["litigation.loss_rate"].display()
        == f"{expected_litigation(cases.made, 2019)['litigation.loss_rate'] * 100:.2f}%"
    )


def test_empty_year_has_zero_counts_and_null_rates_shown_as_dash(cases, gov) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: a rate over 0 is null and shown "—", never 0% and never an error."""
    figures = collect(FigureQuery.for_year(2015, gov))
    assert figures["litigation.concluded"].value == 0
    assert figures["litigation.loss_rate"].value is None
    assert figures["litigation.loss_rate"].display() == "—"
    assert figures["litigation.head_appearance_rate"].display() == "—"


@pytest.fixture
def without_litigation():  # type: ignore[no-untyped-def]
    """The litigation provider unregistered for one test, as if the module were not installed."""
    saved = next(p for p in providers() if p.module == "litigation")
    rules = sum_rules()
    unregister_provider("litigation")
    yield
    register_provider(saved)
    for rule in rules:
        register_sum_rule(rule)


def test_absent_module_keys_are_absent_not_zero(cases, gov, without_litigation) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: a module that is not installed contributes no key (never 0), and nothing else breaks."""
    query = FigureQuery.for_year(2019, gov)
    figures = collect(query)
    assert not [k for k in figures if k.startswith("litigation.")]
    # sued_after belongs to litigation (it owns the link): gone with it, the rest of 复议 stays.
    assert "reconsideration.sued_after" not in figures
    assert {"reconsideration.concluded", "disputes.handled"} <= set(figures)
    assert "litigation" not in installed_modules()
    assert not [k for p in figure_paragraphs(figures) for k in keys_in(p) if k.startswith("litigation.")]
    assert as_json(query, gov.name)["figures"].keys() == figures.keys()


def test_the_installed_module_contributes_its_keys(cases, gov) -> None:  # type: ignore[no-untyped-def]
    figures = collect(FigureQuery.for_year(2019, gov))
    assert "litigation" in installed_modules()
    assert (
        figures["litigation.concluded"].value == expected_litigation(cases.made, 2019)["litigation.concluded"]
    )


def test_generated_paragraphs_only_mention_present_figures(cases, gov) -> None:  # type: ignore[no-untyped-def]
    figures = collect(FigureQuery.for_year(2019, gov))
    paras = figure_paragraphs(figures)
    assert any("litigation.concluded" in p for p in paras)
    assert all(k in figures for p in paras for k in keys_in(p))
    without = {k: f for k, f in figures.items() if not k.startswith("litigation.")}
    assert not [k for p in figure_paragraphs(without) for k in keys_in(p) if k.startswith("litigation.")]


def test_drilldown_lists_exactly_the_counted_records(cases, gov, bureau) -> None:  # type: ignore[no-untyped-def]
    figures = collect(FigureQuery.for_year(2019, gov))
    concluded = {m["case"].pk for m in in_year(cases.made, "judged", 2019)}
    expected = {
        "litigation.concluded": concluded,
        "litigation.lost": {
            m["case"].pk for m in in_year(cases.made, "judged", 2019) if m["outcome"] in LOSSES
        },
        "litigation.received": {m["case"].pk for m in in_year(cases.made, "served", 2019)},
        "litigation.heard": {m["case"].pk for m in in_year(cases.made, "session", 2019)},
    }
    for key, ids in expected.items():
        url = urlparse(figures[key].drilldown)
        params = QueryDict(url.query)
        got = set(lit_selectors.case_list(bureau, params).values_list("pk", flat=True))
        assert got == ids, key
        assert len(got) == figures[key].value


def test_api_figures_shape_and_scope(client, cases, gov, bureau, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    resp = client.get("/api/v1/figures/", {"year": 2019})
    assert resp.status_code == 200
    data = resp.json()
    assert data["year"] == 2019 and data["scope"] == gov.name
    expected = {k: f.value for k, f in collect(FigureQuery.for_year(2019, gov)).items()}
    assert data["figures"] == expected
    # One unit's subtree.
    resp = client.get("/api/v1/figures/", {"year": 2019, "org": units["d01"].pk, "detail": "1"})
    d01 = [m for m in in_year(cases.made, "judged", 2019) if m["unit"] == "d01"]
    assert resp.json()["figures"]["litigation.concluded"] == len(d01)
    assert resp.json()["details"]["litigation.concluded"]["label"]
    assert client.get("/api/v1/figures/").status_code == 400


def test_api_figures_refuses_other_scope_and_administrators(client, cases, units) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user(Role.CLERK, units["d01"], username="clerk_api")
    client.force_login(clerk)
    assert client.get("/api/v1/figures/", {"year": 2019, "org": units["d02"].pk}).status_code == 404
    own = client.get("/api/v1/figures/", {"year": 2019}).json()
    assert own["scope"] == units["d01"].name
    admin = make_user(Role.SYSADMIN, units["sfj"], username="sys_api")
    client.force_login(admin)
    assert client.get("/api/v1/figures/", {"year": 2019}).status_code == 403
    client.logout()
    assert client.get("/api/v1/figures/", {"year": 2019}).status_code in (401, 403)


def test_cli_json_prints_every_registered_figure(cases, gov) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("report", "annual", "--year", "2019", "--format", "json", stdout=out, stderr=StringIO())
    data = json.loads(out.getvalue())
    assert data == {
        "year": 2019,
        "scope": gov.name,
        "figures": {k: f.value for k, f in collect(FigureQuery.for_year(2019, gov)).items()},
    }


def test_drilldown_urls_carry_scope(cases, units) -> None:  # type: ignore[no-untyped-def]
    fig = collect(FigureQuery.for_year(2019, units["d02"]))["litigation.concluded"]
    assert parse_qs(urlparse(fig.drilldown).query)["scope"] == [str(units["d02"].pk)]


CORRECTED = {"revoked", "altered", "confirmed_illegal", "confirmed_void", "ordered_to_perform"}


def test_reconsideration_figures_match_hand_counted_records(recon_cases, gov) -> None:  # type: ignore[no-untyped-def]
    """FIGURES.md: upheld + rejected + corrected + withdrawn + other = concluded; 纠错率 over 审结."""
    figures = collect(FigureQuery.for_year(2019, gov))
    made = recon_cases.made
    concluded = in_year(made, "concluded", 2019)
    corrected = [m for m in concluded if m["outcome"] in CORRECTED]
    substantive = [m for m in concluded if m["outcome"] in CORRECTED | {"mediated", "withdrawn"}]
    assert figures["reconsideration.received"].value == len(in_year(made, "received", 2019))
    assert figures["reconsideration.concluded"].value == len(concluded)
    assert figures["reconsideration.corrected"].value == len(corrected)
    assert figures["reconsideration.correction_rate"].value == rate(len(corrected), len(concluded))
    assert figures["reconsideration.substantive_resolution_rate"].value == rate(
        len(substantive), len(concluded)
    )
    parts = ("upheld", "rejected", "corrected", "withdrawn", "other")
    assert (
        sum(figures[f"reconsideration.{p}"].value for p in parts)
        == figures["reconsideration.concluded"].value
    )
    paras = "".join(figure_paragraphs(figures))
    assert "{{reconsideration.received}}" in paras and "{{reconsideration.correction_rate}}" in paras
