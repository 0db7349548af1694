"""The optional read replica (issue 16 item 7): figures read inside ``replica_reads()`` go to the replica;
writes, reads in a transaction and reads after a write in the same block go to the primary. The test
run's ``replica`` alias mirrors the test database (settings), so both aliases see the same rows and the
queries each connection ran show the routing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.core.db_router import replica_reads
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.factories import department, government, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Counted:
    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])

    def __enter__(self) -> Counted:
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.primary.__exit__(*exc)
        self.replica.__exit__(*exc)


@pytest.fixture
def replica(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.FAZHI_READ_REPLICA = True
    yield


def test_reads_in_the_block_go_to_the_replica(replica) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    with Counted() as q, replica_reads():
        assert OrgUnit.objects.get(pk=gov.pk).name == gov.name
    assert len(q.replica) == 1 and len(q.primary) == 0
    with Counted() as q:  # outside the block: primary
        OrgUnit.objects.get(pk=gov.pk)
    assert len(q.replica) == 0 and len(q.primary) == 1


def test_writes_and_reads_after_a_write_stay_on_the_primary(replica) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    with Counted() as q, replica_reads():
        unit = department("d09", "示例市审计局")
        assert OrgUnit.objects.get(pk=unit.pk).parent_id == gov.pk
    assert len(q.replica) == 0
    assert any(s["sql"].startswith("INSERT") for s in q.primary.captured_queries)


def test_reads_inside_a_transaction_stay_on_the_primary(replica) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    with Counted() as q, replica_reads(), transaction.atomic():
        OrgUnit.objects.select_for_update().get(pk=gov.pk)
        OrgUnit.objects.get(pk=gov.pk)
    assert len(q.replica) == 0 and len(q.primary) >= 2


def test_without_a_replica_everything_reads_the_primary() -> None:
    gov = government()
    with Counted() as q, replica_reads():
        OrgUnit.objects.get(pk=gov.pk)
    assert len(q.replica) == 0 and len(q.primary) == 1


def test_the_dashboard_reads_its_figures_from_the_replica(client, replica) -> None:  # type: ignore[no-untyped-def]
    leader = make_user(Role.LEADER, government())
    client.force_login(leader)
    with Counted() as q:
        assert client.get("/dashboard/?year=2019").status_code == 200
    selects = [s["sql"] for s in q.replica.captured_queries]
    assert selects and all(s.lstrip().upper().startswith(("SELECT", "WITH")) for s in selects)
