"""The decisions list's template import (issue 12 item 6): catalogue items registered all or nothing as
``services.create_decision`` would (numbering, history, one audit event per batch), Chinese row errors,
the sponsor's scope, and the round trip through the export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.imports import run
from fazhi.decisions import imports, services
from fazhi.decisions.models import DecisionStatusChange, MajorDecision
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from . import helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
SPEC = imports.Decisions.SPEC


def workbook(actor, rows):  # type: ignore[no-untyped-def]
    return helpers.workbook(SPEC.columns(actor), rows)


def row(units, unit="d01", **kw):  # type: ignore[no-untyped-def]
    return {
        "title": "村(社区)规模优化调整",
        "org": units[unit].name,
        "year": 2019,
        "in_catalog": "是",
        "planned_meeting_on": "2019-06-10",
        **kw,
    }


@pytest.fixture
def catalog_2019(bureau, units):  # type: ignore[no-untyped-def]
    """The 2019 catalogue, made as the page makes it: by its first item (重大行政决策程序暂行条例 Art 9)."""
    return services.create_decision(
        actor=bureau, data=services.DecisionData("管道燃气特许经营", units["d01"], 2019, True)
    ).catalog


def test_template_import_and_round_trip_through_the_export(bureau, units, catalog_2019) -> None:  # type: ignore[no-untyped-def]
    c = page(bureau)
    template = load_workbook(io.BytesIO(c.get("/decisions/import/template/").content))
    assert "说明" in template.sheetnames
    assert "/decisions/import/template/" in c.get("/decisions/import/").content.decode()
    assert "/decisions/import/" in c.get("/decisions/").content.decode()  # the list's 导入 button
    rows = [row(units), row(units, "d02", title="城市供水价格调整", in_catalog="否", planned_meeting_on=None)]
    result = run(SPEC, workbook(bureau, rows), bureau)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    item = MajorDecision.objects.get(title="村(社区)规模优化调整")
    # numbered from the government's sequence after the decision already registered (DECISION_PATTERN)
    assert item.number.endswith("决〔2019〕2号") and item.catalog == catalog_2019
    assert item.status == "drafting" and item.created_by == bureau
    assert list(DecisionStatusChange.objects.filter(decision=item).values_list("action", flat=True)) == [
        "create"
    ]
    assert MajorDecision.objects.get(title="城市供水价格调整").catalog is None
    assert AuditEvent.objects.filter(action="decisions.import").count() == 1
    sheet = load_workbook(io.BytesIO(c.get("/decisions/export/").content)).active
    exported = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported["村(社区)规模优化调整"][:7] == (
        item.number,
        "村(社区)规模优化调整",
        2019,
        units["d01"].name,
        "是",
        "起草论证中",
        "2019年6月10日",
    )
    assert exported["城市供水价格调整"][4] == "否"


def test_a_bad_row_imports_nothing_and_every_error_is_named_in_chinese(bureau, units, catalog_2019) -> None:  # type: ignore[no-untyped-def]
    before = MajorDecision.objects.count()
    rows = [
        row(units),
        row(units, title=None, year="明年"),
        row(units, title="乙", year=1999, in_catalog="否"),  # year_range: 2000–2100
        row(units, title="丙", year=2020),  # no 2020 catalogue yet: the import does not make one
        row(units),  # the same item twice in the file
    ]
    result = run(SPEC, workbook(bureau, rows), bureau)
    text = [str(e) for e in result.errors]
    assert result.created == 0 and MajorDecision.objects.count() == before
    assert any(t.startswith("第3行「决策事项」") for t in text)
    assert any(t.startswith("第3行「年度」") for t in text)
    assert any(t.startswith("第4行") and "年度应在2000年至2100年之间" in t for t in text)
    assert any(t.startswith("第5行「列入目录」") and "2020年度" in t for t in text)
    assert any(t.startswith("第6行") and "与第2行是同一决策事项" in t for t in text)
    assert not AuditEvent.objects.filter(action="decisions.import").exists()


def test_a_repeat_of_a_stored_decision_is_refused(bureau, units, catalog_2019) -> None:  # type: ignore[no-untyped-def]
    again = run(SPEC, workbook(bureau, [row(units, title="管道燃气特许经营")]), bureau)
    assert again.created == 0 and "疑似重复导入" in str(again.errors[0])
    assert MajorDecision.objects.count() == 1


def test_a_department_imports_only_for_its_own_unit(clerk1, units, catalog_2019) -> None:  # type: ignore[no-untyped-def]
    """Scope (RULES §4): a department registers its own decisions; another unit's row is refused."""
    before = MajorDecision.objects.count()
    other = run(SPEC, workbook(clerk1, [row(units), row(units, "d02", title="乙")]), clerk1)
    assert other.created == 0 and any(e.row == 3 for e in other.errors)
    assert MajorDecision.objects.count() == before
    own = run(SPEC, workbook(clerk1, [row(units)]), clerk1)
    assert own.ok and own.created == 1
    assert MajorDecision.objects.get(title="村(社区)规模优化调整").org == units["d01"]
