"""Each transition of the table in models.WORKFLOW, legal and illegal (RULES.md §2; DESIGN.md §3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.dates import today
from fazhi.core.models import NumberPattern
from fazhi.core.services import ConflictError
from fazhi.reconsideration import services
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, Status, StatusChange
from fazhi.testing.factories import applicant


def test_receive_numbers_gap_free_per_year(receive, gov):  # type: ignore[no-untyped-def]
    first = receive(date(2019, 3, 1))
    second = receive(date(2019, 3, 2))
    other_year = receive(date(2020, 1, 6))
    assert first.number == f"{gov.short_name}政复〔2019〕1号"
    assert second.number == f"{gov.short_name}政复〔2019〕2号"
    assert other_year.number == f"{gov.short_name}政复〔2020〕1号"
    assert first.status == Status.RECEIVED and first.org.code == "d05"


def test_number_pattern_is_configurable(receive, gov):  # type: ignore[no-untyped-def]
    NumberPattern.objects.create(org=gov, kind="reconsideration", pattern="示复字〔{year}〕第{seq:03d}号")
    assert receive(date(2019, 3, 1)).number == "示复字〔2019〕第001号"


def test_receive_validates_parties(receive):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="校验位"):
        receive(parties=[applicant(id_number="330381198005171230")])
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        receive(parties=[applicant(kind="organization", id_number="91330381MA0000000X")])
    with pytest.raises(ValidationError, match="电话"):
        receive(parties=[applicant(phone="12345")])
    with pytest.raises(ValidationError, match="申请人"):
        receive(parties=[applicant(role="third_party")])
    assert not ReconsiderationCase.objects.exists()


def test_receive_refuses_future_date_and_non_office(receive, clerk):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="不能晚于今天"):
        receive(today() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        receive(actor=clerk)


def test_accept_writes_history_and_audit(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 4)}, version=case.version)
    assert case.status == Status.ACCEPTED and case.accepted_on == date(2024, 3, 4)
    assert StatusChange.objects.filter(case=case, action="accept", to_status=Status.ACCEPTED).exists()
    event = AuditEvent.objects.get(action="reconsideration.accept", object_id=str(case.pk))
    assert event.diff["status"] == [Status.RECEIVED, Status.ACCEPTED]


def test_accept_date_rules(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="不能早于"):
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 2, 29)}, version=TRUSTED)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        run(
            WORKFLOW,
            "accept",
            case,
            actor=bureau,
            data={"date": today() + timedelta(days=1)},
            version=TRUSTED,
        )
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_late_acceptance_is_the_deemed_acceptance(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 30: nothing decided within 5 working days → accepted on the day the period ends."""
    case = receive(date(2024, 3, 1))
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 4, 1)}, version=TRUSTED)
    assert case.accepted_on == case.acceptance_due and case.deemed_accepted


def test_deem_accepted_cases_records_art30(receive):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    assert services.deem_accepted_cases() == 1
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.accepted_on == case.acceptance_due and case.deemed_accepted
    assert AuditEvent.objects.filter(action="reconsideration.accept", object_id=str(case.pk)).exists()


def test_decline_only_within_review_period(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="视为受理"):
        run(
            WORKFLOW,
            "decline",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 20), "reason": "超过申请期限"},
            version=TRUSTED,
        )
    case = run(
        WORKFLOW,
        "decline",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 5), "reason": "超过申请期限"},
        version=TRUSTED,
    )
    assert case.status == Status.DECLINED and case.declined_on == date(2024, 3, 5)
    with pytest.raises(ValidationError, match="不能执行「受理」"):
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 6)}, version=TRUSTED)


def test_transfer(receive, bureau):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "transfer",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4), "transfer_to": "上级机关"},
        version=TRUSTED,
    )
    assert case.status == Status.TRANSFERRED


def test_correction_cycle(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 31: notify within 5 working days of receipt."""
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="五个工作日内"):
        run(
            WORKFLOW,
            "request_correction",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 20), "items": "补充材料"},
            version=TRUSTED,
        )
    case = run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "items": "补充材料"},
        version=TRUSTED,
    )
    assert case.status == Status.CORRECTION
    with pytest.raises(ValidationError):
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 5)}, version=TRUSTED)
    case = run(
        WORKFLOW, "record_correction", case, actor=bureau, data={"date": date(2024, 3, 8)}, version=TRUSTED
    )
    assert case.status == Status.RECEIVED
    assert (
        run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 3, 11)}, version=TRUSTED).status
        == Status.ACCEPTED
    )


def test_no_decision_before_acceptance(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(ValidationError, match="不能执行「审结」"):
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 5), "outcome": Outcome.UPHELD},
            version=TRUSTED,
        )


def test_conclude(concluded):  # type: ignore[no-untyped-def]
    case = concluded(date(2024, 3, 1), date(2024, 3, 4), date(2024, 4, 20), Outcome.REVOKED)
    assert case.status == Status.CONCLUDED and case.outcome == Outcome.REVOKED
    with pytest.raises(ValidationError, match="不能执行"):
        run(
            WORKFLOW,
            "suspend",
            case,
            actor=case.created_by,
            data={"date": date(2024, 4, 21), "reason": "x"},
            version=TRUSTED,
        )


def test_conclude_needs_outcome_and_date_after_acceptance(receive, bureau):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="审结结果"):
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2024, 4, 1), "outcome": ""},
            version=TRUSTED,
        )
    with pytest.raises(ValidationError, match="不能早于受理日期"):
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 2), "outcome": Outcome.UPHELD},
            version=TRUSTED,
        )


def test_suspension_periods_do_not_overlap(receive, bureau):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    case = run(
        WORKFLOW,
        "suspend",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 10), "reason": "等待另案"},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="不能执行「中止审理」"):
        run(
            WORKFLOW,
            "suspend",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 11), "reason": "再次"},
            version=TRUSTED,
        )
    with pytest.raises(ValidationError, match="不能早于中止日期"):
        run(WORKFLOW, "resume", case, actor=bureau, data={"date": date(2024, 3, 9)}, version=TRUSTED)
    case = run(WORKFLOW, "resume", case, actor=bureau, data={"date": date(2024, 3, 20)}, version=TRUSTED)
    assert case.status == Status.ACCEPTED
    with pytest.raises(ValidationError, match="上次恢复审理日期"):
        run(
            WORKFLOW,
            "suspend",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 15), "reason": "重叠"},
            version=TRUSTED,
        )


def test_extension_once_and_at_most_30_days(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 62."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="1至30日"):
        run(
            WORKFLOW,
            "extend",
            case,
            actor=bureau,
            data={"date": date(2024, 4, 1), "days": 31, "reason": "复杂"},
            version=TRUSTED,
        )
    case = run(
        WORKFLOW,
        "extend",
        case,
        actor=bureau,
        data={"date": date(2024, 4, 1), "days": 20, "reason": "复杂"},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="只能延长一次"):
        run(
            WORKFLOW,
            "extend",
            case,
            actor=bureau,
            data={"date": date(2024, 4, 2), "days": 5, "reason": "再延"},
            version=TRUSTED,
        )


def test_extension_after_deadline_refused(receive, bureau):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="届满"):
        run(
            WORKFLOW,
            "extend",
            case,
            actor=bureau,
            data={"date": case.decision_due + timedelta(days=1), "days": 10, "reason": "复杂"},
            version=TRUSTED,
        )


def test_respondent_clerk_records_answer_but_cannot_decide(receive, bureau, clerk, other_clerk):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    case = run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": date(2024, 3, 5)}, version=TRUSTED)
    with pytest.raises(PermissionDenied):
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=clerk,
            data={"date": date(2024, 3, 20), "outcome": Outcome.UPHELD},
            version=TRUSTED,
        )
    with pytest.raises(PermissionDenied):
        run(
            WORKFLOW,
            "record_answer",
            case,
            actor=other_clerk,
            data={"date": date(2024, 3, 12)},
            version=TRUSTED,
        )
    case = run(
        WORKFLOW, "record_answer", case, actor=clerk, data={"date": date(2024, 3, 12)}, version=TRUSTED
    )
    assert case.status == Status.UNDER_REVIEW and case.answered_on == date(2024, 3, 12)


def test_leader_cannot_write(receive, leader):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "accept", case, actor=leader, data={"date": date(2024, 3, 4)}, version=TRUSTED)


def test_stale_version_is_a_conflict(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    stale = case.version
    run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "items": "补充"},
        version=stale,
    )
    with pytest.raises(ConflictError):
        run(
            WORKFLOW,
            "decline",
            case,
            actor=bureau,
            data={"date": date(2024, 3, 5), "reason": "x"},
            version=stale,
        )


def test_workflow_table_covers_every_status():  # type: ignore[no-untyped-def]
    reachable = {t.target for t in WORKFLOW.transitions.values() if t.target}
    assert reachable | {Status.RECEIVED} >= {s.value for s in Status}


def test_major_case_needs_a_hearing_before_decision(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 50: hearing is mandatory for major, difficult or complex cases."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1), is_major=True),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="第五十条"):
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2024, 4, 1), "outcome": Outcome.UPHELD},
            version=TRUSTED,
        )
    run(
        WORKFLOW,
        "add_hearing",
        case,
        actor=bureau,
        data={"notified_on": date(2024, 3, 11), "held_on": date(2024, 3, 20)},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError, match="第五十一条"):
        run(
            WORKFLOW,
            "add_hearing",
            case,
            actor=bureau,
            data={"notified_on": date(2024, 3, 18), "held_on": date(2024, 3, 20)},
            version=TRUSTED,
        )
    assert (
        run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2024, 4, 1), "outcome": Outcome.UPHELD},
            version=TRUSTED,
        ).status
        == Status.CONCLUDED
    )


def test_daily_command_records_deemed_acceptance_and_refreshes(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 30 via ``manage.py reconsideration_daily``; ``--refresh`` recomputes the cache."""
    from io import StringIO

    from django.core.management import call_command

    waiting = receive(date(2024, 3, 1))
    open_case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    due = open_case.decision_due
    ReconsiderationCase.objects.filter(pk=open_case.pk).update(decision_due=None)
    out = StringIO()
    call_command("reconsideration_daily", "--refresh", stdout=out)
    waiting.refresh_from_db()
    open_case.refresh_from_db()
    assert waiting.deemed_accepted and waiting.accepted_on == waiting.acceptance_due
    assert open_case.decision_due == due
    assert "视为受理：1 件" in out.getvalue()
