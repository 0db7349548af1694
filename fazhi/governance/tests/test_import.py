"""Excel import/export of the legal-adviser roster through the one staged import path (``core.imports``)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.core import imports as core_imports
from fazhi.governance import imports
from fazhi.governance.models import LegalAdviser
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _file(actor: Any, rows: list[dict[str, Any]]) -> bytes:
    cols = imports.columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        ws.append([row.get(c.key) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_roster_imports_all_or_nothing(bureau: Any, units: Any) -> None:
    good = {
        "org": units["d01"].name,
        "name": "甲律师",
        "kind": "个人",
        "contract_from": "2019-01-01",
        "contract_until": "2020-12-31",
    }
    bad = {**good, "name": "乙律师", "contract_until": "2018-12-31"}
    result = core_imports.run(imports.SPEC, io.BytesIO(_file(bureau, [good, bad])), bureau)
    assert result.errors and LegalAdviser.objects.count() == 0
    assert any("聘期止不能早于聘期起" in e.message for e in result.errors)
    result = core_imports.run(imports.SPEC, io.BytesIO(_file(bureau, [good])), bureau)
    assert not result.errors and result.created == 1
    assert LegalAdviser.objects.get().org == units["d01"]
    export = page(bureau).get("/governance/advisers/export/")
    assert export.status_code == 200
    assert "甲律师" in [c.value for c in load_workbook(io.BytesIO(export.content)).worksheets[0]["B"]]
