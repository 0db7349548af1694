"""Excel of the supervision lists (案卷评查, 执法投诉, 监督文书): the list's filters and the user's scope, read
back with openpyxl; the complainant's ID number whole for the bureau and masked for a department (RULES §9)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from fazhi.core.pii import make_id_card, mask_id
from fazhi.enforcement.supervision_actions import COMPLAINT_WORKFLOW
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import page

pytestmark = pytest.mark.django_db
URL = "/enforcement/{}/export/"


def _sheet(user: Any, noun: str, query: str = "") -> list[list[Any]]:
    return read_sheet(user, URL.format(noun) + (f"?{query}" if query else ""))


def read_sheet(user: Any, url: str) -> list[list[Any]]:
    """The non-empty rows of the first sheet of the export at ``url``, as ``user`` downloads it."""
    resp = page(user).get(url)
    assert resp.status_code == 200, resp.status_code
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    ws = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True) if any(c is not None for c in r)]


@pytest.fixture
def records(bureau, units):  # type: ignore[no-untyped-def]
    b1 = f.body(bureau, units["d01"], "执法主体d01")
    b2 = f.body(bureau, units["d02"], "执法主体d02")
    a1 = f.action(bureau, b1, "罚1", date(2019, 5, 6), action_type="license")
    a2 = f.action(bureau, b2, "罚2", date(2019, 5, 7), action_type="license")
    f.case_review(bureau, b1, [a1])
    f.case_review(bureau, b2, [a2])
    number = make_id_card("330381", date(1985, 3, 4), 7)
    c1 = f.complaint(bureau, b1, date(2019, 9, 27), "投诉人甲", number)
    f.step(COMPLAINT_WORKFLOW, "handle", c1, bureau, date=date(2019, 10, 10), result="已答复")
    f.complaint(bureau, b2, date(2019, 9, 30), "投诉人乙")
    f.notice(bureau, b1, date(2019, 4, 26))
    f.notice(bureau, b2, date(2019, 6, 3), kind="suggestion")
    return {"number": number}


def test_case_review_export_scoped_to_the_department(bureau, clerk1, records) -> None:
    rows = _sheet(bureau, "case-reviews")
    assert rows[0][:5] == ["评查事项", "执法主体", "所在单位", "评查人", "抽查日期"]
    assert sorted(r[1] for r in rows[1:]) == ["执法主体d01", "执法主体d02"]
    assert {r[5] for r in rows[1:]} == {"罚1", "罚2"}  # 抽查案卷
    own = _sheet(clerk1, "case-reviews")
    assert [r[1] for r in own[1:]] == ["执法主体d01"]  # a department exports its own only


def test_complaint_export_filters_and_masks(bureau, clerk1, clerk2, records) -> None:
    rows = _sheet(bureau, "complaints", "status=handled")
    header = rows[0]
    assert header[:4] == ["收到投诉日期", "执法主体", "所在单位", "投诉人"]
    at = header.index("投诉人证件号码")
    assert [(r[1], r[3], r[at], r[header.index("按期办结")]) for r in rows[1:]] == [
        ("执法主体d01", "投诉人甲", records["number"], "是")  # the bureau sees the whole number
    ]
    assert len(_sheet(bureau, "complaints")) == 3  # header + both, without the filter
    own = _sheet(clerk1, "complaints")
    assert [(r[3], r[at]) for r in own[1:]] == [("投诉人甲", mask_id(records["number"]))]
    assert records["number"] not in str(own)
    assert [r[3] for r in _sheet(clerk2, "complaints")[1:]] == ["投诉人乙"]


def test_notice_export_filters_by_kind(bureau, clerk2, records) -> None:
    rows = _sheet(bureau, "notices", "kind=suggestion")
    assert rows[0][:3] == ["文号", "文书类别", "执法主体"]
    assert [(r[1], r[2]) for r in rows[1:]] == [("行政执法监督建议书", "执法主体d02")]
    assert [r[2] for r in _sheet(clerk2, "notices")[1:]] == ["执法主体d02"]
    assert _sheet(clerk2, "notices", "kind=opinion")[1:] == []  # another unit's notice: not exported
