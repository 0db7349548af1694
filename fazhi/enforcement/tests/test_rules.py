"""The deadline rules and named problems of 行政执法 (RULES §6), with the holiday calendar (调休 included)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.enforcement import rules
from fazhi.enforcement.models import Problem
from fazhi.enforcement.tests import factories as f

pytestmark = pytest.mark.django_db
CERT = (date(2018, 1, 1), date(2022, 12, 31))


def codes(a) -> set[str]:  # type: ignore[no-untyped-def]
    a.refresh_from_db()
    return {p.code for p in a.problems.all()}


@pytest.fixture
def world(bureau, units):  # type: ignore[no-untyped-def]
    b = f.body(bureau, units["d01"], published=date(2019, 1, 2))
    crew = [f.officer(bureau, units["d01"], n, cert=CERT) for n in (1, 2)]
    return b, crew


def test_publicity_due_counts_working_days_over_national_day(world, bureau) -> None:
    """RULES §6 (国办发〔2018〕118号): 处罚 within 7 working days. Decided 30 Sep 2019: 1–7 Oct are holidays,
    Sat 12 Oct is a 调休 working day, so the 7th working day is 15 Oct."""
    b, crew = world
    a = f.action(bureau, b, "罚1", date(2019, 9, 30), officers=[o.pk for o in crew])
    assert a.publicity_due == date(2019, 10, 15)
    f.publicize(bureau, a, date(2019, 10, 15))
    a.refresh_from_db()
    assert a.published_on_time is True and codes(a) == set()


def test_late_publicity_is_flagged_not_refused(world, bureau) -> None:
    """RULES §6: published after the 7th working day — kept, flagged 逾期公示."""
    b, crew = world
    a = f.action(bureau, b, "罚2", date(2019, 9, 30), officers=[o.pk for o in crew])
    f.publicize(bureau, a, date(2019, 10, 16))
    a.refresh_from_db()
    assert a.published_on_time is False and codes(a) == {Problem.LATE_PUBLICITY}


def test_other_decisions_have_twenty_working_days(world, bureau) -> None:
    """RULES §6: decisions other than 许可/处罚 are published within 20 working days (2 Dec 2019 → 30 Dec)."""
    b, crew = world
    a = f.action(bureau, b, "检1", date(2019, 12, 2), action_type="inspection", officers=[o.pk for o in crew])
    assert a.publicity_due == date(2019, 12, 30) and rules.PUBLICITY_LONG.days == 20


def test_penalty_decided_within_ninety_days_of_filing(world, bureau) -> None:
    """行政处罚法 Art 60: 90 days from filing. Filed 3 Jul 2019: day 90 is 1 Oct (National Day), so the period
    ends on the next working day, 8 Oct; a decision on 9 Oct is late."""
    b, crew = world
    ids = [o.pk for o in crew]
    on_time = f.action(bureau, b, "罚3", date(2019, 10, 8), filed_on=date(2019, 7, 3), officers=ids)
    late = f.action(bureau, b, "罚4", date(2019, 10, 9), filed_on=date(2019, 7, 3), officers=ids)
    assert codes(on_time) == set() and codes(late) == {Problem.LATE_DECISION}


def test_penalty_served_within_seven_working_days(world, bureau) -> None:
    """行政处罚法 Art 61 with Art 85 (七日 are working days): decided 30 Sep 2019, served by 15 Oct."""
    b, crew = world
    ids = [o.pk for o in crew]
    ok = f.action(bureau, b, "罚5", date(2019, 9, 30), served_on=date(2019, 10, 15), officers=ids)
    late = f.action(bureau, b, "罚6", date(2019, 9, 30), served_on=date(2019, 10, 16), officers=ids)
    assert codes(ok) == set() and codes(late) == {Problem.LATE_SERVICE}


def test_withdrawal_within_three_working_days_of_revocation(world, bureau) -> None:
    """行政处罚法 Art 48 (三日, working days per Art 85): revoked Fri 27 Sep 2019; Sun 29 Sep is a 调休 working
    day and Mon 30 Sep the second, 1–7 Oct are holidays, so the 3rd working day is 8 Oct and 9 Oct is late."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.enforcement.actions import WORKFLOW

    b, crew = world
    a = f.action(bureau, b, "罚7", date(2019, 9, 2), officers=[o.pk for o in crew])
    f.publicize(bureau, a, date(2019, 9, 3))
    a.refresh_from_db()
    run(WORKFLOW, "revoke", a, actor=bureau, data={"date": date(2019, 9, 27)}, version=TRUSTED)
    a.refresh_from_db()
    run(WORKFLOW, "withdraw", a, actor=bureau, data={"date": date(2019, 10, 9)}, version=TRUSTED)
    assert codes(a) == {Problem.LATE_WITHDRAWAL}
    assert rules.WITHDRAWAL.due(date(2019, 9, 27)) == date(2019, 10, 8)


def test_a_penalty_needs_two_officers(world, bureau) -> None:
    """行政处罚法 Art 42: no fewer than two officers — one officer is flagged, the decision kept."""
    b, crew = world
    a = f.action(bureau, b, "罚8", date(2019, 5, 6), officers=[crew[0].pk])
    assert codes(a) == {Problem.ONE_OFFICER}
    lic = f.action(bureau, b, "许1", date(2019, 5, 6), action_type="license", officers=[crew[0].pk])
    assert codes(lic) == set()


def test_an_officer_without_a_valid_certificate_on_the_decision_date_is_flagged(world, bureau, units) -> None:
    """RULES §6: only certificate holders may enforce. A certificate that lapsed, or one issued after the
    decision, does not count."""
    b, crew = world
    lapsed = f.officer(bureau, units["d01"], 3, cert=(date(2015, 1, 1), date(2019, 3, 31)))
    a = f.action(bureau, b, "罚9", date(2019, 4, 1), officers=[crew[0].pk, lapsed.pk])
    assert codes(a) == {Problem.UNCERTIFIED}
    ok = f.action(bureau, b, "罚10", date(2019, 3, 29), officers=[crew[0].pk, lapsed.pk])
    assert codes(ok) == set()


def test_major_decision_without_passed_review_is_flagged(world, bureau, units) -> None:
    """行政处罚法 Art 58: a major decision needs a passed legality review (the one queue, subject kind
    ``enforcement``) before it is made; without one it is flagged, with a 合法 opinion it is not."""
    from fazhi.decisions import services as desk

    b, crew = world
    ids = [o.pk for o in crew]
    bare = f.action(bureau, b, "罚11", date(2019, 6, 3), officers=ids, is_major=True)
    assert codes(bare) == {Problem.UNREVIEWED}
    r = desk.create_review(
        actor=bureau, data=desk.ReviewData("enforcement", "重大处罚", units["d01"], date(2019, 5, 6))
    )
    desk.act(
        "conclude",
        actor=bureau,
        review=r,
        data={"date": date(2019, 5, 20), "opinion": "lawful"},
        version=r.version,
    )
    reviewed = f.action(bureau, b, "罚12", date(2019, 6, 3), officers=ids, is_major=True, review=r.pk)
    assert codes(reviewed) == set()
    r.refresh_from_db()
    assert r.subject_id == reviewed.pk


def test_a_review_concluded_on_the_desk_later_clears_the_flag_only_if_it_passed_before(
    world, bureau, units
) -> None:
    """行政处罚法 Art 58: the review must pass before the decision. A decision registered before its
    review is entered on the desk is re-checked when the review is concluded there (core.links
    ``changed``): a pass dated before the decision clears 未经法制审核, one dated after it does not."""
    from fazhi.decisions import services as desk

    b, crew = world
    ids = [o.pk for o in crew]
    for number, concluded, expected in [
        ("罚13", date(2019, 5, 31), set()),
        ("罚14", date(2019, 6, 4), {Problem.UNREVIEWED}),
    ]:
        a = f.action(bureau, b, number, date(2019, 6, 3), officers=ids, is_major=True)
        assert codes(a) == {Problem.UNREVIEWED}
        data = desk.ReviewData("enforcement", "重大处罚", units["d01"], date(2019, 5, 6), subject_id=a.pk)
        r = desk.create_review(actor=bureau, data=data)
        desk.act(
            "conclude",
            actor=bureau,
            review=r,
            data={"date": concluded, "opinion": "lawful"},
            version=r.version,
        )
        assert codes(a) == expected
