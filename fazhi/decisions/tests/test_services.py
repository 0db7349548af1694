"""Services of 重大行政决策 and 合法性审查: the hard gate (RULES §4, 国务院令第713号 Art 26), the consultation
period (Art 14), the minimum review time (Art 27) and the review's working-day due dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.decisions import rules, services
from fazhi.decisions.models import DecisionStatus, DecisionStep, MajorDecision, ReviewStatus, Step
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

from .helpers import MEETING, conclude, decision, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _state(d: MajorDecision) -> tuple:
    d.refresh_from_db()
    return d.status, d.version, DecisionStep.objects.filter(decision=d).count(), AuditEvent.objects.count()


def _refused(bureau, d, text: str) -> None:  # type: ignore[no-untyped-def]
    before = _state(d)
    with pytest.raises(ValidationError) as e:
        services.record_step(actor=bureau, decision=d, data=MEETING, version=d.version)
    assert text in str(e.value) and "第二十六条" in str(e.value), e.value
    assert _state(d) == before


def test_gate_refuses_discussion_without_review(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """国务院令第713号 Art 26: no legality review → no collective discussion, nothing written."""
    _refused(bureau, decision(bureau, units["d01"]), "未经合法性审查")


def test_gate_refuses_while_review_is_open_or_unlawful(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    r = review(bureau, units["d01"], date(2019, 4, 10), subject=d)
    _refused(bureau, d, "尚未出具意见")
    conclude(bureau, r, date(2019, 4, 20), "unlawful")
    _refused(bureau, d, "不合法")


def test_gate_needs_the_sponsors_confirmation_after_lawful_if_amended(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """Art 26 with 修改后合法: only once the sponsor confirmed the amendment."""
    d = decision(bureau, units["d01"])
    r = conclude(
        bureau,
        review(bureau, units["d01"], date(2019, 4, 10), subject=d),
        date(2019, 4, 22),
        "lawful_if_amended",
    )
    _refused(bureau, d, "承办单位确认修改前")
    r = services.act(
        "confirm_amendment", actor=clerk1, review=r, data={"date": date(2019, 5, 6)}, version=r.version
    )
    assert r.amendment_confirmed_on == date(2019, 5, 6)
    d.refresh_from_db()
    d = services.record_step(actor=bureau, decision=d, data=MEETING, version=d.version)
    assert d.status == DecisionStatus.DECIDED and d.decided_on == MEETING["date"]
    assert AuditEvent.objects.filter(action="decisions.record_step", object_id=str(d.pk)).exists()


def test_lawful_review_opens_the_gate_and_steps_follow_in_order(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"], steps=False)
    conclude(bureau, review(bureau, units["d01"], date(2019, 4, 10), subject=d), date(2019, 4, 20))
    with pytest.raises(ValidationError, match="集体讨论前须完成或注明不适用"):
        services.record_step(actor=bureau, decision=d, data=MEETING)
    with pytest.raises(ValidationError, match="集体讨论决定同意后方可公布"):
        services.record_step(
            actor=bureau,
            decision=d,
            data={"step": Step.PUBLICATION, "date": date(2019, 6, 1), "channel": "门户网站"},
        )
    d = decision(bureau, units["d01"], title="村(社区)规模优化调整")
    conclude(bureau, review(bureau, units["d01"], date(2019, 4, 10), subject=d), date(2019, 4, 20))
    d = services.record_step(actor=bureau, decision=d, data=MEETING)
    d = services.record_step(
        actor=bureau,
        decision=d,
        data={"step": Step.PUBLICATION, "date": date(2019, 6, 1), "channel": "门户网站"},
    )
    assert d.status == DecisionStatus.PUBLISHED and d.published_on == date(2019, 6, 1)
    assert [s.step for s in d.steps.all()][-2:] == [Step.COLLECTIVE_DECISION, Step.PUBLICATION]


def test_short_consultation_needs_a_reason(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """国务院令第713号 Art 14: at least 30 days; a shorter one states why."""
    d = decision(bureau, units["d01"], steps=False)
    short = {"step": Step.PUBLIC_PARTICIPATION, "date": date(2019, 3, 21), "started_on": date(2019, 3, 1),
             "ended_on": date(2019, 3, 1 + rules.CONSULTATION.days - 1)}  # fmt: skip
    with pytest.raises(ValidationError, match="须说明理由"):
        services.record_step(actor=bureau, decision=d, data=short)
    assert not d.steps.exists()
    d = services.record_step(actor=bureau, decision=d, data={**short, "reason": "情况紧急"})
    assert d.steps.get().reason == "情况紧急"


def test_mandatory_step_cannot_be_not_applicable(bureau, units) -> None:  # type: ignore[no-untyped-def]
    d = decision(bureau, units["d01"])
    with pytest.raises(ValidationError, match="法定必经程序"):
        services.record_step(
            actor=bureau, decision=d, data={**MEETING, "not_applicable": True, "reason": "x"}
        )
    with pytest.raises(ValidationError, match="不适用的，须说明理由"):
        services.record_step(
            actor=bureau,
            decision=d,
            data={"step": Step.EXPERT_REVIEW, "date": date(2019, 4, 1), "not_applicable": True},
        )


def test_review_due_across_national_day_with_a_material_wait(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §1/§5: 15 working days from 2019-09-27 skip 国庆 (10-01..07) and count the 调休 Sundays/Saturdays
    09-29 and 10-12: due 10-23. A material wait 09-30 → 10-09 takes 2 working days (10-08, 10-09) out."""
    r = review(bureau, units["d01"], date(2019, 9, 27))
    assert r.due_on == date(2019, 10, 23)
    r = services.act(
        "request_material", actor=bureau, review=r, data={"date": date(2019, 9, 30)}, version=r.version
    )
    assert r.status == ReviewStatus.WAITING and r.due_on is None  # the period stands still
    r = services.act(
        "material_received", actor=bureau, review=r, data={"date": date(2019, 10, 9)}, version=r.version
    )
    assert (r.status, r.waited_days, r.due_on) == (ReviewStatus.REVIEWING, 2, date(2019, 10, 25))


def test_review_due_across_spring_festival_with_a_material_wait(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """春节 2020 (01-24..02-02, 调休 01-19): 15 working days from 2020-01-17 end 02-14; a wait 01-21 → 02-04
    excludes 01-22, 01-23, 02-03, 02-04 (4 working days): due 02-20."""
    r = review(bureau, units["d01"], date(2020, 1, 17), kind="normative")
    assert r.due_on == date(2020, 2, 14)
    r = services.act("request_material", actor=bureau, review=r, data={"date": date(2020, 1, 21)})
    r = services.act("material_received", actor=bureau, review=r, data={"date": date(2020, 2, 4)})
    assert (r.waited_days, r.due_on) == (4, date(2020, 2, 20))


def test_review_length_is_a_setting_per_kind(bureau, units, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_DEADLINE_OVERRIDES = {"decisions.review.contract": 5}
    r = review(bureau, units["d01"], date(2019, 9, 27), kind="contract")
    assert r.due_on == date(2019, 10, 10)  # 09-29 (调休), 09-30, 10-08, 10-09, 10-10
    assert review(bureau, units["d01"], date(2019, 9, 27), kind="other").due_on == date(2019, 10, 23)


def test_calendar_listener_refreshes_open_reviews(bureau, units) -> None:  # type: ignore[no-untyped-def]
    r = review(bureau, units["d01"], date(2019, 9, 27))
    type(r).objects.filter(pk=r.pk).update(due_on=date(2019, 1, 1))
    assert services.refresh_review_deadlines() == 1
    r.refresh_from_db()
    assert r.due_on == date(2019, 10, 23)


def test_only_the_review_desk_concludes(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    r = review(clerk1, units["d01"], date(2019, 9, 27))
    with pytest.raises(PermissionDenied, match="司法局"):
        conclude(clerk1, r, date(2019, 10, 8))
    r.refresh_from_db()
    assert r.status == ReviewStatus.REVIEWING and r.version == 1


def test_review_time_warning(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """国务院令第713号 Art 27: a meeting less than 7 working days after the review was sent is flagged."""
    d = decision(bureau, units["d01"], planned_meeting_on=date(2019, 10, 10))
    r = review(bureau, units["d01"], date(2019, 9, 27), subject=d)
    warning = services.review_time_warning(d, r)
    assert "仅5个工作日" in warning and "第二十七条" in warning  # 09-29 (调休), 09-30, 10-08, 10-09, 10-10
    d.planned_meeting_on = date(2019, 10, 12)  # + 10-11 and the 调休 Saturday 10-12 = 7
    assert services.review_time_warning(d, r) == ""
