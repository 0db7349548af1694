"""The action runner itself (issue 10 item 3; issue 9 item 3; DESIGN.md §7), run on the dispute workflow
(one transition, 办结): lock, role and scope, required version, table, body, history, audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, AuditedRefusal, audit_label, available_actions, run
from fazhi.core.services import ConflictError
from fazhi.core.workflow import Transition, Workflow
from fazhi.disputes import services
from fazhi.disputes.actions import WORKFLOW
from fazhi.disputes.models import Channel, Dispute, Source, Status, StatusChange
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import bureau_unit, department, government, make_user

pytestmark = pytest.mark.usefixtures("pinned_clock")
CLOSE = {"date": date(2019, 5, 1), "resolved": True, "how_resolved": "协商和解"}


@pytest.fixture
def units(db: Any) -> dict[str, OrgUnit]:
    return {
        "gov": government(),
        "sfj": bureau_unit(),
        "d01": department("d01", "示例市公安局"),
        "d02": department("d02", "示例市自然资源和规划局"),
    }


@pytest.fixture
def bureau(units: dict[str, OrgUnit]) -> Any:
    return make_user(Role.BUREAU, units["sfj"], username="bureau")


@pytest.fixture
def dispute(units: dict[str, OrgUnit], bureau: Any) -> Dispute:
    data = dict(
        org=units["d01"],
        source=Source.PRE_LITIGATION,
        channel=Channel.RESPONSIBLE_AGENCY,
        opened_on=date(2019, 3, 1),
        summary="征收补偿标准争议",
    )
    return services.create_dispute(actor=bureau, data=data)


def _unchanged(d: Dispute) -> None:
    fresh = Dispute.objects.get(pk=d.pk)
    assert (fresh.status, fresh.version, fresh.closed_on) == (Status.OPEN, 1, None)
    assert list(StatusChange.objects.filter(dispute=d).values_list("action", flat=True)) == ["create"]
    assert not AuditEvent.objects.filter(action="disputes.close").exists()


def test_a_transition_locks_saves_bumps_and_writes_history_and_audit(dispute, bureau) -> None:
    with CaptureQueriesContext(connection) as ctx:
        d = run(WORKFLOW, "close", dispute, actor=bureau, data=CLOSE, version=1)
    locked = any("FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
    assert locked == connection.features.has_select_for_update  # SQLite serialises writes instead
    assert (d.status, d.version, d.updated_by, d.closed_on) == (Status.CLOSED, 2, bureau, date(2019, 5, 1))
    row = StatusChange.objects.filter(dispute=d).last()
    assert (row.from_status, row.to_status, row.action, row.on, row.actor) == (
        Status.OPEN,
        Status.CLOSED,
        "close",
        date(2019, 5, 1),
        bureau,
    )
    event = AuditEvent.objects.get(action="disputes.close", object_id=str(d.pk))
    assert event.diff["status"] == [Status.OPEN, Status.CLOSED] and event.diff["version"] == [1, 2]
    assert audit_label(event.action) == "办结"


def test_missing_version_is_refused_in_chinese_and_nothing_is_saved(dispute, bureau) -> None:
    """9.3: a write without the version it read would be last-write-wins."""
    with pytest.raises(ValidationError, match="缺少版本号") as e:
        run(WORKFLOW, "close", dispute, actor=bureau, data=CLOSE, version=None)
    assert e.value.code == "version_required"
    _unchanged(dispute)
    r = api(bureau).post(f"/api/v1/disputes/{dispute.pk}/close/", {"date": "2019-05-01", "resolved": True})
    assert r.status_code == 400 and "缺少版本号" in str(r.json())
    r = page(bureau).post(
        reverse("disputes:dispute_close", args=[dispute.pk]), {"date": "2019-05-01", "resolved": "1"}
    )
    assert r.status_code == 400 and "缺少版本号" in r.content.decode()
    _unchanged(dispute)


def test_stale_version_is_a_conflict_naming_the_change_and_nothing_is_saved(dispute, bureau, units) -> None:
    other = make_user(Role.BUREAU, units["sfj"], username="other", first_name="李", last_name="四")
    Dispute.objects.filter(pk=dispute.pk).update(version=2, updated_by=other)
    with pytest.raises(ConflictError) as e:
        run(WORKFLOW, "close", dispute, actor=bureau, data=CLOSE, version=1)
    assert str(other) in e.value.messages[0] and "两人同时编辑" in e.value.messages[0]
    r = api(bureau).post(
        f"/api/v1/disputes/{dispute.pk}/close/", {"date": "2019-05-01", "resolved": True, "version": 1}
    )
    assert r.status_code == 409 and str(other) in r.json()["detail"]
    assert Dispute.objects.get(pk=dispute.pk).status == Status.OPEN
    assert not AuditEvent.objects.filter(action="disputes.close").exists()


def test_illegal_transition_is_400_in_chinese_and_changes_nothing(dispute, bureau) -> None:
    closed = run(WORKFLOW, "close", dispute, actor=bureau, data=CLOSE, version=1)
    with pytest.raises(ValidationError, match="当前状态为「已办结」，不能执行「办结」"):
        run(WORKFLOW, "close", closed, actor=bureau, data=CLOSE, version=2)
    r = api(bureau).post(
        f"/api/v1/disputes/{dispute.pk}/close/", {"date": "2019-05-02", "resolved": False, "version": 2}
    )
    assert r.status_code == 400 and "不能执行" in r.json()["detail"]
    fresh = Dispute.objects.get(pk=dispute.pk)
    assert (fresh.version, fresh.closed_on, fresh.resolved) == (2, date(2019, 5, 1), True)
    assert AuditEvent.objects.filter(action="disputes.close").count() == 1
    with pytest.raises(ValidationError, match="未知的操作"):
        run(WORKFLOW, "reopen", closed, actor=bureau, data={}, version=2)


def test_a_refusing_body_rolls_everything_back(dispute, bureau) -> None:
    with pytest.raises(ValidationError, match="办结日期不能早于受理日期"):
        run(WORKFLOW, "close", dispute, actor=bureau, data={**CLOSE, "date": date(2019, 2, 1)}, version=1)
    _unchanged(dispute)


def test_an_audited_refusal_rolls_the_step_back_and_stays_on_the_trail(dispute, bureau) -> None:
    """A refusal a module must keep on the audit trail (the reports' four-eyes 保密审查 is one): the step
    changes nothing, the refusal is recorded under the workflow's prefix, the caller sees the message."""

    def refuse(d: Any, data: dict[str, Any], ctx: Any) -> None:
        d.closed_on = date(2019, 5, 1)  # rolled back with the step
        raise AuditedRefusal("本人提交的事项不能本人办结", event="close_refused", changes={"by": "bureau"})

    wf = Workflow(
        dict(Status.choices),
        [Transition("try_close", "试办结", frozenset({Status.OPEN}), Status.CLOSED, body=refuse)],
        model=Dispute,
        prefix="disputes",
    )
    with pytest.raises(ValidationError, match="不能本人办结"):
        run(wf, "try_close", dispute, actor=bureau, data={}, version=1)
    _unchanged(dispute)
    event = AuditEvent.objects.get(action="disputes.close_refused")
    assert (event.object_id, event.actor_username, event.diff) == (
        str(dispute.pk),
        "bureau",
        {"by": "bureau"},
    )


def test_roles_and_scope_are_checked_before_anything_else(dispute, units) -> None:
    leader = make_user(Role.LEADER, units["gov"], username="leader")
    outsider = make_user(Role.CLERK, units["d02"], username="clerk_d02")
    for user in (leader, outsider):
        with pytest.raises(PermissionDenied):
            run(WORKFLOW, "close", dispute, actor=user, data=CLOSE, version=1)
        assert available_actions(WORKFLOW, dispute, user) == []
    assert (
        api(leader)
        .post(f"/api/v1/disputes/{dispute.pk}/close/", {"date": "2019-05-01", "resolved": True, "version": 1})
        .status_code
        == 403
    )
    _unchanged(dispute)


def test_the_system_acts_only_as_trusted_in_process_code(dispute) -> None:
    """``fazhi import`` without ``--user`` runs as the system; a request never does."""
    with pytest.raises(PermissionDenied):
        run(WORKFLOW, "close", dispute, actor=None, data=CLOSE, version=1)
    d = run(WORKFLOW, "close", dispute, actor=None, data=CLOSE, version=TRUSTED)
    assert (
        d.status == Status.CLOSED
        and StatusChange.objects.filter(dispute=d, actor=None, action="close").exists()
    )


def test_what_the_user_may_do_now_drives_page_and_api(dispute, bureau) -> None:
    assert [t.name for t in available_actions(WORKFLOW, dispute, bureau)] == ["close"]
    detail = api(bureau).get(f"/api/v1/disputes/{dispute.pk}/").json()
    assert detail["actions"] == [{"name": "close", "label": "办结", "path": "close"}]
    assert api(bureau).get("/api/v1/disputes/").json()["results"][0]["actions"] == []  # not per list row
    html = page(bureau).get(reverse("disputes:dispute_detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="form-close"' in html and 'name="version" value="1"' in html
    r = page(bureau).post(
        reverse("disputes:dispute_action", args=[dispute.pk, "close"]),
        {"date": "2019-05-01", "resolved": "1", "version": 1},
    )
    assert r.status_code == 302
    assert available_actions(WORKFLOW, Dispute.objects.get(pk=dispute.pk), bureau) == []
