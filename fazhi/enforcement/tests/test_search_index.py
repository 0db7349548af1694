"""The decision list's party search is indexed on PostgreSQL (``enf_party_name_trgm``, migration
``0004_enf13_party_trgm``): the planner can serve the very ``EXISTS … UPPER(name) LIKE`` the list's
``party`` filter emits from the trigram index; on SQLite there is no such index and the search scans."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from fazhi.enforcement.filters import ActionFilterSet
from fazhi.enforcement.models import EnforcementAction
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

INDEX = "enf_party_name_trgm"


def test_party_search_uses_the_trigram_index_on_postgresql(units, bureau) -> None:
    b = f.body(bureau, units["d01"])
    wanted = f.action(
        bureau,
        b,
        "罚1",
        date(2019, 4, 1),
        action_type="license",
        parties=[{"kind": "organization", "name": "欧阳明华贸易有限公司"}],
    )
    f.action(bureau, b, "罚2", date(2019, 4, 2), action_type="license")  # 示例公司
    # The list page's own filter (``?party=``), three characters: the shortest with a trigram to look up.
    qs = ActionFilterSet.base_filters["party"].filter(EnforcementAction.objects.all(), "欧阳明")
    assert list(qs.values_list("pk", flat=True)) == [wanted.pk]
    with connection.cursor() as cur:
        if connection.vendor != "postgresql":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            assert INDEX not in {row[0] for row in cur.fetchall()}  # a no-op on SQLite
            return
        cur.execute("SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        [(table, definition)] = cur.fetchall()
        # Two rows are cheaper to scan: forbid the scans (this transaction only) and ask whether the
        # index can serve the search at all; a GIN index is read by a bitmap scan, which stays allowed.
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
        cur.execute("SET LOCAL enable_indexonlyscan = off")
    assert table == "enforcement_actionparty"
    assert "USING gin" in definition and "gin_trgm_ops" in definition and "upper(" in definition
    assert INDEX in qs.explain()
