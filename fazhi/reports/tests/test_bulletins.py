"""月度信息快报 and 季度通报 from real litigation and reconsideration records (issue 5 item 7)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from fazhi.reports import bulletins
from fazhi.reports.figures import rate

from .conftest import LOSSES

pytestmark = pytest.mark.django_db


def month_of(d, year, month) -> bool:  # type: ignore[no-untyped-def]
    return d is not None and (d.year, d.month) == (year, month)


def test_monthly_bulletin_counts_the_month(cases, recon_cases, gov) -> None:  # type: ignore[no-untyped-def]
    b = bulletins.monthly(2019, 6, gov)
    lit_table, recon_table = b.tables
    made = cases.made
    received = [m for m in made if month_of(m["served"], 2019, 6)]
    concluded = [m for m in made if month_of(m["judged"], 2019, 6)]
    lost = [m for m in concluded if m["outcome"] in LOSSES]
    assert lit_table.total[1:4] == [len(received), len(concluded), len(lost)]
    assert sum(r.cells[2] for r in lit_table.rows) == len(concluded)
    r_received = [m for m in recon_cases.made if month_of(m["received"], 2019, 6)]
    r_concluded = [m for m in recon_cases.made if month_of(m["concluded"], 2019, 6)]
    assert recon_table.total[1:3] == [len(r_received), len(r_concluded)]
    assert sum(r.cells[2] for r in recon_table.rows) == len(r_concluded)
    text = "".join(r.text for p in b.paragraphs for r in p)
    assert f"审结{len(concluded)}件" in text


def test_quarterly_circular_ranks_and_highlights(cases, gov) -> None:  # type: ignore[no-untyped-def]
    """RULES §3: 出庭应诉率 per case heard; units below the threshold are highlighted."""
    q2 = [
        m
        for m in cases.made
        if m["session"] and (m["session"].month - 1) // 3 == 1 and m["session"].year == 2019
    ]
    by_unit: dict[str, list] = {}
    for m in q2:
        by_unit.setdefault(cases.units[m["unit"]].name, []).append(m)
    b = bulletins.quarterly(2019, 2, gov, threshold=0.8)
    (table,) = b.tables
    got = {r.cells[1]: (r.cells[2], r.cells[3], r.highlight) for r in table.rows}
    for name, ms in by_unit.items():
        heard, head = len(ms), sum(1 for m in ms if m["head"])
        assert got[name] == (heard, head, rate(head, heard) < 0.8)
    rates = [float(r.cells[5].rstrip("%")) for r in table.rows]
    assert rates == sorted(rates, reverse=True)
    assert [r.cells[0] for r in table.rows][0] == 1


def test_docx_and_xlsx(cases, recon_cases, gov, units) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    b = bulletins.quarterly(2019, 2, gov, threshold=0.8)
    doc = Document(io.BytesIO(bulletins.to_docx(b, bulletins.issuer_for(gov), date(2019, 7, 5))))
    assert doc.paragraphs[0].text.replace("\n", "") == b.title  # a long title breaks (GB/T 9704 §7.2)
    assert [p.text for p in doc.paragraphs[-2:]] == [units["sfj"].name, "2019年7月5日"]
    assert doc.tables[0].rows[0].cells[1].text == "被告单位"
    wb = load_workbook(io.BytesIO(bulletins.to_xlsx(bulletins.monthly(2019, 6, gov))))
    assert wb.sheetnames == ["行政诉讼案件（按被告单位）", "行政复议案件（按被申请人）"]
    assert wb.worksheets[0]["A2"].value == "被告单位"


def test_pages(client, cases, gov, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    resp = client.get("/reports/bulletin/", {"year": 2019, "month": 6})
    assert resp.status_code == 200 and "月度信息快报" in resp.content.decode()
    resp = client.get("/reports/circular/", {"year": 2019, "quarter": 2, "threshold": "80"})
    assert resp.status_code == 200 and 'data-highlight="1"' in resp.content.decode()
    assert (
        client.get("/reports/circular/", {"year": 2019, "quarter": 2, "format": "docx"}).content[:2] == b"PK"
    )
    assert client.get("/reports/bulletin/", {"year": 2019, "month": 6, "format": "xlsx"}).content[:2] == b"PK"
    client.force_login(clerk)
    assert client.get("/reports/bulletin/").status_code == 403
