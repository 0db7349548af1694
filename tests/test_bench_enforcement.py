"""The province generator's enforcement decisions (bench/province_enforcement.py, issue 13 item 12) are rows
the product accepts, and the benchmark's hand-written SQL computes the product's figures on them.

At a tiny scale, on whichever database the suite runs (SQLite: ``bulk_create``; PostgreSQL: COPY): the
models' validation on every row, the counts per county, the problems (RULES §6: 执法证 国办发〔2018〕118号,
two officers 行政处罚法 Art 42, review Art 58, 公示 7/20 working days, Art 60's 90 days, Art 61's service)
equal to what ``problems.refresh`` finds, and ``bench.figures.hand_sql`` equal to the product's figures
(FIGURES.md ``enforcement.*`` and the case modules) for a county and the province in several years.
"""

from __future__ import annotations

import pytest

from bench.figures import MODULES, hand_sql
from bench.province import PROVINCE, Scale, generate
from bench.province_enforcement import FIRST_YEAR, LAST_YEAR
from fazhi.core.figures import FigureQuery, collect
from fazhi.core.pii import validate_credit_code, validate_id_card
from fazhi.enforcement import problems
from fazhi.enforcement.models import (
    ActionOfficer,
    ActionParty,
    ActionProblem,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    Officer,
)
from fazhi.orgs.models import OrgUnit
from fazhi.testing.clients import pinned_clock  # noqa: F401  (fixture)

SCALE = Scale.named("tiny", enforcement=600)

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(pinned_clock: None) -> Scale:  # noqa: F811
    generate(SCALE)
    return SCALE


def test_counts_and_shape(province: Scale) -> None:
    assert EnforcementAction.objects.count() == province.enforcement
    for gov in OrgUnit.objects.filter(parent__code=PROVINCE, kind=OrgUnit.Kind.GOVERNMENT):
        in_county = EnforcementAction.objects.filter(org__path__startswith=gov.path)
        assert in_county.count() == province.enforcement // province.counties
        bodies = EnforcementBody.objects.filter(org__path__startswith=gov.path).count()
        assert bodies == province.departments + province.townships
    years = {d.year for d in EnforcementAction.objects.values_list("decided_on", flat=True)}
    assert years == set(range(FIRST_YEAR, LAST_YEAR + 1))  # ten years
    assert ActionParty.objects.count() == province.enforcement
    assert ActionOfficer.objects.count() >= province.enforcement  # two officers, a few lone ones


def test_every_row_passes_the_models_validation(province: Scale) -> None:
    for model in (EnforcementBody, Officer, Certificate, ActionParty):
        for row in model.objects.all():
            row.full_clean()
    for action in EnforcementAction.objects.select_related("body"):
        action.full_clean()
        assert action.org_id == action.body.org_id
    for party in ActionParty.objects.all():
        (validate_id_card if party.kind == "person" else validate_credit_code)(party.id_number)


def test_problems_are_the_ones_the_product_finds(province: Scale) -> None:
    """RULES §6: the generated problem rows and counts equal ``problems.refresh`` over the same rows."""
    generated = set(ActionProblem.objects.values_list("record_id", "code"))
    counts = dict(EnforcementAction.objects.values_list("id", "problem_count"))
    assert {code for _, code in generated} >= {
        "uncertified",
        "one_officer",
        "late_publicity",
        "late_decision",
        "late_service",
    }
    problems.refresh(list(EnforcementAction.objects.all()))
    assert set(ActionProblem.objects.values_list("record_id", "code")) == generated
    assert dict(EnforcementAction.objects.values_list("id", "problem_count")) == counts


@pytest.mark.parametrize("year", [FIRST_YEAR, 2020, LAST_YEAR - 1])
def test_bench_sql_equals_the_product_figures(province: Scale, year: int) -> None:
    """FIGURES.md: the hand-written SQL of ``make bench`` gives the product's numbers, county and province."""
    for code in ("c001", PROVINCE):
        org = OrgUnit.objects.get(code=code)
        product = collect(FigureQuery.for_year(year, org))
        sql = hand_sql(org.path, year, MODULES)
        assert sql["enforcement.decisions"] > 0
        assert {k: product[k].value for k in sql} == sql


def test_server_side_generator_rebuilds_what_it_dropped(pinned_clock: None) -> None:  # noqa: F811
    """The SQL generator with ``rebuild`` (as at 10 M rows): every index and constraint of the four tables
    is back afterwards, ``publicity_due`` is what ``problems.set_deadlines`` caches (RULES §6: 7 or 20
    working days, 《政府信息公开条例》), the problems are ``problems.refresh``'s and the numbers unique."""
    from django.db import connection

    from bench import province_enforcement_sql
    from bench.province import _existing_counties

    if connection.vendor != "postgresql":
        # The server-side SQL is PostgreSQL's: elsewhere the sql method is refused before anything is written.
        from bench.province_enforcement import generate as generate_decisions

        generate(Scale.named("tiny", enforcement=0))
        with pytest.raises(ValueError, match="PostgreSQL"):
            generate_decisions(_existing_counties(), 500, 7, method="sql")
        assert EnforcementAction.objects.count() == 0
        return

    def schema() -> set[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indrelid = ANY(%s::regclass[])"
                " UNION SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = ANY(%s::regclass[])",
                [list(province_enforcement_sql.TABLES)] * 2,
            )
            return set(cursor.fetchall())

    generate(Scale.named("tiny", enforcement=0))
    before = schema()
    written = province_enforcement_sql.generate(_existing_counties(), 500, 7, rebuild=True)
    assert written == EnforcementAction.objects.count() == ActionParty.objects.count() == 500
    assert schema() == before
    actions = list(EnforcementAction.objects.order_by("id"))
    assert len({(a.body_id, a.case_number) for a in actions}) == 500
    for a in actions[::7]:
        cached = a.publicity_due
        problems.set_deadlines(a)
        assert a.publicity_due == cached
        a.full_clean()
    generated = set(ActionProblem.objects.values_list("record_id", "code"))
    counts = dict(EnforcementAction.objects.values_list("id", "problem_count"))
    assert generated and any(counts.values())
    problems.refresh(list(EnforcementAction.objects.all()))
    assert set(ActionProblem.objects.values_list("record_id", "code")) == generated
    assert dict(EnforcementAction.objects.values_list("id", "problem_count")) == counts


def test_bench_sql_computes_every_enforcement_figure_with_supervision(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """Every ``enforcement.*`` key the product publishes has its hand-written SQL, equal to the product's
    value — also 执法监督 (evaluations and their average score, complaints and notices on time), which the
    generator does not write: over the records of ``factories.supervision_2019``."""
    from fazhi.enforcement.tests import factories as f

    f.year_2019(bureau, units)
    f.supervision_2019(bureau, units)
    product = {
        k: x.value for k, x in collect(FigureQuery.for_year(2019)).items() if k.startswith("enforcement.")
    }
    sql = hand_sql("", 2019, ("enforcement",))
    assert sql["enforcement.complaints"] == 3 and sql["enforcement.case_review_average_score"] == 80.0
    assert sql == product
