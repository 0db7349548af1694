"""Lifecycle services: transitions, date order, audit events, scope, accountability (RULES §3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.core.services import ConflictError
from fazhi.litigation import services
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import (
    HeadPost,
    Instance,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    Status,
)
from fazhi.testing.factories import make_litigation_case as new_case

pytestmark = pytest.mark.django_db


def _events(case: LitigationCase) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="litigation.litigationcase", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_full_lifecycle_with_audit_trail(make_case, bureau) -> None:
    case = make_case(served_on=date(2019, 3, 1))
    assert case.status == Status.SERVED and case.plaintiffs.count() == 1
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 3, 12)}, version=TRUSTED)
    s = run(
        WORKFLOW,
        "add_session",
        case,
        actor=bureau,
        data={
            "date": date(2019, 4, 10),
            "head_appeared": True,
            "head_name": "李局长",
            "head_post": HeadPost.PRINCIPAL,
        },
        version=TRUSTED,
    )
    assert s.head_counts
    case = run(
        WORKFLOW,
        "judge",
        case,
        actor=bureau,
        data={
            "date": date(2019, 5, 6),
            "outcome": Outcome.REVOKED,
            "kind": JudgmentKind.JUDGMENT,
            "served_on": date(2019, 5, 8),
        },
        version=TRUSTED,
    )
    assert case.status == Status.JUDGED and case.is_loss and case.concluded_on == date(2019, 5, 6)
    case = run(
        WORKFLOW,
        "appeal",
        case,
        actor=bureau,
        data={"date": date(2019, 5, 20), "filed": False},
        version=TRUSTED,
    )
    assert case.status == Status.FINAL
    run(
        WORKFLOW, "open_accountability", case, actor=bureau, data={"date": date(2019, 5, 25)}, version=TRUSTED
    )
    assert LossAccountability.objects.get(case=case).opened_on == date(2019, 5, 25)
    assert _events(case) == [
        "litigation.create",
        "litigation.record_answer",
        "litigation.add_session",
        "litigation.judge",
        "litigation.appeal",
        "litigation.open_accountability",
    ]
    assert list(case.status_changes.values_list("to_status", flat=True)) == [
        Status.SERVED,
        Status.ANSWERED,
        Status.IN_TRIAL,
        Status.JUDGED,
        Status.FINAL,
    ]


def test_illegal_transition_is_refused_in_chinese_and_changes_nothing(make_case, bureau) -> None:
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        run(WORKFLOW, "appeal", case, actor=bureau, data={"date": date(2019, 5, 1)}, version=TRUSTED)
    assert "不能执行「上诉决定」" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        run(
            WORKFLOW,
            "add_session",
            case,
            actor=bureau,
            data={"date": date(2019, 4, 1), "head_appeared": False, "absence_reason": "出差"},
            version=TRUSTED,
        )
    case.refresh_from_db()
    assert case.status == Status.SERVED and case.version == 1 and not case.sessions.exists()
    assert _events(case) == ["litigation.create"]


def test_date_order_is_validated(make_case, bureau) -> None:
    case = make_case(served_on=date(2019, 3, 1))
    with pytest.raises(ValidationError) as exc:
        run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 2, 28)}, version=TRUSTED)
    assert "不能早于收到起诉状副本日期" in str(exc.value)
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 3, 5)}, version=TRUSTED)
    run(
        WORKFLOW,
        "add_session",
        case,
        actor=bureau,
        data={"date": date(2019, 4, 10), "head_appeared": False, "absence_reason": "出差"},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError) as exc:
        run(
            WORKFLOW,
            "judge",
            case,
            actor=bureau,
            data={"date": date(2019, 4, 1), "outcome": Outcome.CLAIM_REJECTED},
            version=TRUSTED,
        )
    assert "不能早于最后一次开庭日期" in str(exc.value)
    case.refresh_from_db()
    assert case.status == Status.IN_TRIAL and case.outcome == ""


def test_session_requires_head_details_or_absence_reason(make_case, bureau) -> None:
    case = make_case()
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 3, 5)}, version=TRUSTED)
    with pytest.raises(ValidationError) as exc:
        run(
            WORKFLOW,
            "add_session",
            case,
            actor=bureau,
            data={"date": date(2019, 4, 1), "head_appeared": True},
            version=TRUSTED,
        )
    assert "出庭负责人姓名" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        run(
            WORKFLOW,
            "add_session",
            case,
            actor=bureau,
            data={"date": date(2019, 4, 1), "head_appeared": False},
            version=TRUSTED,
        )
    assert "未出庭原因" in str(exc.value)
    assert not case.sessions.exists()


def test_invalid_case_data_is_rejected(units, bureau) -> None:
    with pytest.raises(ValidationError) as exc:
        new_case(bureau, units["d01"], units["court"], date(2019, 1, 1), number="2019浙0381行初1号")
    assert "法院案号" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        new_case(bureau, units["d01"], units["d02"], date(2019, 1, 1))
    assert "受理法院必须是法院类单位" in str(exc.value)
    data = services.CaseData(
        court_case_number="(2019)浙0381行初99号",
        court=units["court"],
        defendant=units["d01"],
        cause="x",
        act_category="penalty",
        served_on=date(2019, 1, 1),
        plaintiffs=[services.PlaintiffData("张三", "person", "330381198005060011")],
    )
    with pytest.raises(ValidationError) as exc:
        services.create_case(actor=bureau, data=data)
    assert "身份证号" in str(exc.value)
    assert not LitigationCase.objects.exists()


def test_duplicate_case_number_is_refused(make_case) -> None:
    make_case(number="(2019)浙0381行初5号")
    with pytest.raises(ValidationError) as exc:
        make_case(number="（2019）浙0381行初5号")
    assert "已存在" in str(exc.value)


def test_second_instance_links_to_first(make_case, bureau) -> None:
    first = make_case(served_on=date(2019, 1, 5))
    run(
        WORKFLOW,
        "judge",
        first,
        actor=bureau,
        data={"date": date(2019, 3, 1), "outcome": Outcome.CLAIM_REJECTED},
        version=TRUSTED,
    )
    run(
        WORKFLOW,
        "appeal",
        first,
        actor=bureau,
        data={"date": date(2019, 3, 10), "filed": True},
        version=TRUSTED,
    )
    second = make_case(
        served_on=date(2019, 4, 1),
        instance=Instance.SECOND,
        previous_instance=first,
        number="(2019)浙03行终3号",
    )
    first.refresh_from_db()
    assert first.status == Status.APPEALED and list(first.later_instances.all()) == [second]
    with pytest.raises(ValidationError):
        make_case(served_on=date(2019, 4, 1), instance=Instance.FIRST, previous_instance=first)


def test_clerk_writes_only_own_unit_and_leader_not_at_all(make_case, clerk1, clerk2, leader) -> None:
    case = make_case(defendant="d01", actor=clerk1)
    assert case.org.code == "d01"
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "record_answer", case, actor=clerk2, data={"date": date(2019, 3, 5)}, version=TRUSTED)
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "record_answer", case, actor=leader, data={"date": date(2019, 3, 5)}, version=TRUSTED)
    with pytest.raises(PermissionDenied):
        make_case(defendant="d02", actor=clerk1)


def test_stale_version_is_a_conflict(make_case, bureau) -> None:
    case = make_case()
    run(WORKFLOW, "record_answer", case, actor=bureau, data={"date": date(2019, 3, 5)}, version=1)
    with pytest.raises(ConflictError):
        run(
            WORKFLOW,
            "judge",
            case,
            actor=bureau,
            data={"date": date(2019, 4, 5), "outcome": Outcome.REVOKED},
            version=1,
        )


def test_accountability_only_for_losses_and_once(make_case, bureau) -> None:
    won = make_case()
    run(
        WORKFLOW,
        "judge",
        won,
        actor=bureau,
        data={"date": date(2019, 4, 5), "outcome": Outcome.CLAIM_REJECTED},
        version=TRUSTED,
    )
    with pytest.raises(ValidationError) as exc:
        run(
            WORKFLOW,
            "open_accountability",
            won,
            actor=bureau,
            data={"date": date(2019, 4, 20)},
            version=TRUSTED,
        )
    assert "不是败诉案件" in exc.value.messages[0]
    lost = make_case()
    run(
        WORKFLOW,
        "judge",
        lost,
        actor=bureau,
        data={"date": date(2019, 4, 5), "outcome": Outcome.COMPENSATION},
        version=TRUSTED,
    )
    acc = run(
        WORKFLOW, "open_accountability", lost, actor=bureau, data={"date": date(2019, 4, 20)}, version=TRUSTED
    )
    with pytest.raises(ValidationError):
        run(
            WORKFLOW,
            "open_accountability",
            lost,
            actor=bureau,
            data={"date": date(2019, 4, 21)},
            version=TRUSTED,
        )
    run(
        WORKFLOW,
        "close_accountability",
        acc.case,
        actor=bureau,
        data={"date": date(2019, 6, 1), "conclusion": "已整改", "responsible_persons": "王某"},
        version=TRUSTED,
    )
    acc.refresh_from_db()
    assert acc.closed_on == date(2019, 6, 1) and acc.conclusion == "已整改"
    assert LossAccountability.objects.count() == 1
