"""The benchmark's province generator (bench/province.py) keeps producing rows the product accepts.

Speed is measured by ``make bench``, never here: this runs the generator at a tiny scale and checks the
rows — model validation on a sample, the date and outcome invariants on every row, counts per county,
valid ID checksums, reuse and the refusal of a populated database.
"""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q

from bench.province import PROVINCE, Scale, generate
from fazhi.core.pii import validate_credit_code, validate_id_card
from fazhi.litigation.models import LitigationCase, Plaintiff
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import Party, ReconsiderationCase, Status
from fazhi.testing.clients import pinned_clock  # noqa: F401  (fixture)

TINY = Scale.named("tiny")

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(pinned_clock: None) -> Scale:  # noqa: F811
    generate(TINY)
    return TINY


def test_counts_per_county(province: Scale) -> None:
    counties = OrgUnit.objects.filter(parent__code=PROVINCE, kind=OrgUnit.Kind.GOVERNMENT)
    assert counties.count() == province.counties
    for gov in counties:
        in_county = {"org__path__startswith": gov.path}
        assert ReconsiderationCase.objects.filter(**in_county).count() == province.cases // province.counties
        assert LitigationCase.objects.filter(**in_county).count() == province.cases // province.counties
        units = OrgUnit.objects.filter(path__startswith=gov.path, kind__in=["department", "township"])
        assert units.count() == province.departments + province.townships
    assert {u.username for u in User.objects.all()} >= {"prov_bureau", "c001_bureau", "c002_clerk"}


def test_rows_pass_model_validation(province: Scale) -> None:
    for case in ReconsiderationCase.objects.order_by("id")[::17]:
        case.full_clean()
    for case in LitigationCase.objects.order_by("id")[::17]:
        case.full_clean()
    for plaintiff in Plaintiff.objects.order_by("id")[::7]:
        plaintiff.full_clean()


def test_invariants_hold_on_every_row(province: Scale) -> None:
    recon = ReconsiderationCase.objects
    assert not recon.filter(accepted_on__lt=F("received_on")).exists()
    assert not recon.filter(concluded_on__lt=F("accepted_on")).exists()
    assert not recon.filter(status=Status.CONCLUDED).filter(Q(outcome="") | Q(concluded_on=None)).exists()
    assert (
        not recon.exclude(status=Status.CONCLUDED).filter(Q(outcome__gt="") | ~Q(concluded_on=None)).exists()
    )
    assert recon.filter(status=Status.CONCLUDED).exists() and recon.exclude(status=Status.CONCLUDED).exists()
    lit = LitigationCase.objects
    assert not lit.filter(answer_filed_on__lt=F("served_on")).exists()
    assert not lit.filter(concluded_on__lt=F("served_on")).exists()
    assert not lit.filter(judgment_served_on__lt=F("concluded_on")).exists()
    assert not lit.filter(outcome="").exclude(concluded_on=None).exists()
    assert not lit.exclude(outcome="").filter(concluded_on=None).exists()
    assert lit.exclude(outcome="").exists() and lit.filter(outcome="").exists()
    # numbers are unique within the county that numbers them (and, today, globally)
    assert not recon.values("number").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_party_ids_have_valid_checksums(province: Scale) -> None:
    parties = list(Party.objects.exclude(id_number="")) + list(Plaintiff.objects.exclude(id_number=""))
    assert parties
    for p in parties:
        if p.kind == "person":
            validate_id_card(p.id_number)
        else:
            validate_credit_code(p.id_number)


def test_reused_at_the_same_scale_refused_at_another(province: Scale) -> None:
    numbers = list(ReconsiderationCase.objects.order_by("id").values_list("number", "org__code", "outcome"))
    assert generate(province).reused  # the same scale again: reused, nothing written
    assert (
        list(ReconsiderationCase.objects.order_by("id").values_list("number", "org__code", "outcome"))
        == numbers
    )
    with pytest.raises(SystemExit, match="另一规模"):
        generate(Scale.named("tiny", cases=100))
