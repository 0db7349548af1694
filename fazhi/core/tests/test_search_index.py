"""Substring search is indexed on PostgreSQL (issue 11 item 3): the trigram indexes exist and the
planner uses them for the very SQL the list filters emit; on SQLite there is no such index and the same
search still finds the record by scanning."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import QuerySet

from fazhi.core.lists import PartyFilter
from fazhi.core.pii import make_id_card
from fazhi.core.search import case_search_q
from fazhi.litigation.models import LitigationCase
from fazhi.litigation.services import PlaintiffData
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

# (index name, table, the search as the list filter builds it); the terms have ≥ 3 characters, the
# shortest that yields a trigram to look up.
SEARCHES = {
    "recon_party_name_trgm": (
        "reconsideration_party",
        lambda: PartyFilter(relation="parties").filter(ReconsiderationCase.objects.all(), "欧阳明"),
    ),
    "recon_contested_act_trgm": (
        "reconsideration_reconsiderationcase",
        lambda: ReconsiderationCase.objects.filter(contested_act__icontains="登记决定"),
    ),
    # issue 15 item 5: the ``?q=`` search's case-number and cause arms (fazhi.core.search)
    "recon_number_trgm": (
        "reconsideration_reconsiderationcase",
        lambda: ReconsiderationCase.objects.filter(number__icontains="〔2026〕1号"),
    ),
    "lit_case_number_trgm": (
        "litigation_litigationcase",
        lambda: LitigationCase.objects.filter(court_case_number__icontains="(2026)浙0381行初90001"),
    ),
    "lit_cause_trgm": (
        "litigation_litigationcase",
        lambda: LitigationCase.objects.filter(cause__icontains="不予登记"),
    ),
    "lit_plaintiff_name_trgm": (
        "litigation_plaintiff",
        lambda: PartyFilter(relation="plaintiffs").filter(LitigationCase.objects.all(), "欧阳明"),
    ),
}


@pytest.fixture
def searched(units: dict[str, OrgUnit], bureau: User) -> dict[str, int]:
    police = units["d01"]
    recon = make_reconsideration_case(
        bureau,
        police,
        received_on=date(2026, 3, 2),
        contested_act="不予登记决定",
        parties=[{"name": "欧阳明华", "kind": "person", "id_number": "", "phone": ""}],
    )
    make_reconsideration_case(bureau, police, received_on=date(2026, 3, 3))  # 张三, 治安管理处罚决定
    lit = make_litigation_case(
        bureau,
        police,
        units["court"],
        served_on=date(2026, 3, 2),
        number="(2026)浙0381行初90001号",
        plaintiffs=[PlaintiffData("欧阳明华", "person", "", "")],
    )
    make_litigation_case(bureau, police, units["court"], served_on=date(2026, 3, 3))
    LitigationCase.objects.filter(pk=lit.pk).update(cause="不服不予登记决定")  # the factory's cause is fixed
    return {
        "recon_party_name_trgm": recon.pk,
        "recon_contested_act_trgm": recon.pk,
        "lit_plaintiff_name_trgm": lit.pk,
        "recon_number_trgm": recon.pk,
        "lit_case_number_trgm": lit.pk,
        "lit_cause_trgm": lit.pk,
    }


def _index_names() -> set[str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname FROM pg_indexes")
        else:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in cur.fetchall()}


@pytest.mark.parametrize("index", sorted(SEARCHES))
def test_substring_search_uses_the_trigram_index_on_postgresql(index: str, searched: dict[str, int]) -> None:
    table, search = SEARCHES[index]
    qs: QuerySet = search()
    # Same result on either database: the index changes the plan, never the answer.
    assert list(qs.values_list("pk", flat=True)) == [searched[index]]
    if connection.vendor != "postgresql":
        assert index not in _index_names()  # the migration is a no-op on SQLite; search scans
        return
    with connection.cursor() as cur:
        cur.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s", [index])
        [(on_table, definition)] = cur.fetchall()
        # A tiny table is cheaper to scan, so forbid the scans for this transaction (the test's own,
        # rolled back with it): what is left is whether the index can serve the query at all. Plain
        # index scans too: on a few rows the planner may walk another btree whole (a CI run picked the
        # party table's case_id index), which says nothing about the search; a GIN index is read only
        # by a bitmap scan, which stays allowed.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
        cur.execute("SET LOCAL enable_indexonlyscan = off")
    assert on_table == table
    assert "USING gin" in definition and "gin_trgm_ops" in definition and "upper(" in definition
    assert index in qs.explain()


@pytest.mark.parametrize(
    ("model", "index"),
    [(ReconsiderationCase, "recon_party_id_number_idx"), (LitigationCase, "lit_plaintiff_id_number_idx")],
)
def test_whole_id_number_search_uses_its_btree_index(
    model: type, index: str, units: dict[str, OrgUnit], bureau: User
) -> None:
    """``?q=`` with a whole ID number is an exact match on the party table (core.search): without an index
    on ``id_number`` it scanned every party row of the province (bench/case_search.py, docs/performance.md)."""
    id_number = make_id_card("330381", date(1980, 3, 2), 17)
    party = {"name": "欧阳明华", "kind": "person", "id_number": id_number, "phone": ""}
    if model is ReconsiderationCase:
        case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2), parties=[party])
        make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 3))
        relation = "parties"
    else:
        case = make_litigation_case(
            bureau,
            units["d01"],
            units["court"],
            served_on=date(2026, 3, 2),
            plaintiffs=[PlaintiffData("欧阳明华", "person", id_number, "")],
        )
        make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 3, 3))
        relation = "plaintiffs"
    qs = model.objects.filter(case_search_q(model, id_number, parties=relation))
    assert list(qs.values_list("pk", flat=True)) == [case.pk]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")  # a tiny table is cheaper to scan: forbid it
    assert index in qs.explain()
