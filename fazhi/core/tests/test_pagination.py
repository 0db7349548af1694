"""Keyset pagination (DESIGN.md §10): deep and filtered pages, stable with ties, capped count."""

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.audit.services import record
from fazhi.core.pagination import capped_count, keyset_page

pytestmark = pytest.mark.django_db


def test_walks_every_row_once_in_order() -> None:
    for i in range(23):
        record(f"test.{i % 3}", object_type="t", object_id=i)
    qs = AuditEvent.objects.filter(object_type="t")
    seen: list[int] = []
    cursor = None
    while True:
        page = keyset_page(qs, "id", cursor=cursor, size=5)
        seen.extend(e.id for e in page.items)
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == sorted(qs.values_list("id", flat=True), reverse=True)


def test_ties_on_sort_key_are_broken_by_id() -> None:
    # action has many equal values; the (key, id) keyset must still visit each row exactly once.
    for i in range(12):
        record(f"tie.{i % 2}", object_type="tie", object_id=i)
    qs = AuditEvent.objects.filter(object_type="tie")
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        page = keyset_page(qs, "action", cursor=cursor, size=4, descending=False)
        seen.extend(e.id for e in page.items)
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(qs.values_list("id", flat=True))
    assert len(seen) == len(set(seen))


def test_bad_cursor_starts_over() -> None:
    record("x", object_type="bad")
    page = keyset_page(AuditEvent.objects.filter(object_type="bad"), "id", cursor="!!not-a-cursor")
    assert len(page.items) == 1


def test_capped_count() -> None:
    for i in range(7):
        record("cap", object_type="cap", object_id=i)
    assert capped_count(AuditEvent.objects.filter(object_type="cap"), cap=5) == (5, True)
    assert capped_count(AuditEvent.objects.filter(object_type="cap"), cap=10) == (7, False)
