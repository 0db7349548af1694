"""Dispute pages: scope, query counts, masking, close form, create form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.pii import mask_id
from fazhi.disputes.models import Dispute, Status
from fazhi.testing.factories import ID_NUMBER

from .test_stats import LIST, listed_ids

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_clerk_sees_only_own_unit(make_dispute, clerk1) -> None:
    mine, other = make_dispute(unit="d01"), make_dispute(unit="d02")
    c = client_for(clerk1)
    assert listed_ids(c, LIST) == {mine.pk}
    assert c.get(reverse("disputes:dispute_detail", args=[other.pk])).status_code == 404


def test_list_is_keyset_paged_with_constant_queries(
    make_dispute, bureau, django_assert_max_num_queries
) -> None:
    made = [make_dispute(opened_on=date(2019, 1, 1) + timedelta(days=i % 5)) for i in range(110)]
    c = client_for(bureau)
    with django_assert_max_num_queries(13):
        assert c.get(LIST).status_code == 200
    assert listed_ids(c, LIST) == {d.pk for d in made}
    assert listed_ids(c, LIST + "?sort=opened_on&opened_to=2019-01-02") == {
        d.pk for d in made if d.opened_on <= date(2019, 1, 2)
    }


def test_detail_masks_and_close_form(make_dispute, bureau, clerk1) -> None:
    d = make_dispute(unit="d01")
    url = reverse("disputes:dispute_detail", args=[d.pk])
    html = client_for(clerk1).get(url).content.decode()
    assert ID_NUMBER not in html and mask_id(ID_NUMBER) in html
    assert ID_NUMBER in client_for(bureau).get(url).content.decode()
    close = reverse("disputes:dispute_close", args=[d.pk])
    bad = client_for(clerk1).post(close, {"date": "2019-01-01", "resolved": "1", "version": 1})
    assert bad.status_code == 400 and "办结日期不能早于受理日期" in bad.content.decode()
    assert (
        client_for(clerk1).post(close, {"date": "2019-04-01", "resolved": "1", "version": 1}).status_code
        == 302
    )
    d.refresh_from_db()
    assert d.status == Status.CLOSED and d.resolved is True
    assert "办结" in client_for(clerk1).get(url).content.decode()


def test_create_page_and_leader_read_only(units, clerk1, leader) -> None:
    c = client_for(clerk1)
    data = {
        "org": units["d01"].pk,
        "source": "petition",
        "channel": "responsible_agency",
        "opened_on": "2019-06-03",
        "summary": "征收补偿",
        "party_name": "张三",
        "party_kind": "person",
        "party_id_number": ID_NUMBER,
    }
    assert c.post(reverse("disputes:dispute_create"), data).status_code == 302
    d = Dispute.objects.get()
    assert d.parties.get().id_number == ID_NUMBER
    lc = client_for(leader)
    assert lc.get(LIST).status_code == 200
    assert (
        lc.post(
            reverse("disputes:dispute_close", args=[d.pk]), {"date": "2019-07-01", "resolved": "1"}
        ).status_code
        == 403
    )
