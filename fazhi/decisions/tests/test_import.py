"""The review queue's Excel (issue 12 item 6): template, all-or-nothing import with Chinese row errors, the
desk's opinions only from the desk, scope, and the export of the filtered queue."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.core.imports import run
from fazhi.decisions import imports, services
from fazhi.decisions.models import LegalityReview, ReviewStatusChange
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

from . import helpers
from .helpers import decision, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def workbook(actor, rows):  # type: ignore[no-untyped-def]
    return helpers.workbook(imports.columns(actor), rows)


def row(units, unit="d01", **kw):  # type: ignore[no-untyped-def]
    return {
        "org": units[unit].name,
        "subject_kind": "行政规范性文件",
        "title": "城市道路管理办法",
        "received_on": "2019-05-06",
        "concluded_on": "2019-05-20",
        "opinion": "修改后合法",
        "reasons": "第五条缺乏上位法依据",
        "legal_basis": "《立法法》第八十条",
        **kw,
    }


def test_template_and_round_trip_through_the_export(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = page(bureau)
    template = load_workbook(io.BytesIO(c.get("/decisions/reviews/import/template/").content))
    assert template.sheetnames == ["数据", "示例", "代码", "说明"]
    rows = [
        row(units),
        row(units, "d02", title="燃气特许经营协议", concluded_on=None, opinion=None, reasons=None),
    ]
    result = run(imports.SPEC, workbook(bureau, rows), bureau)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    done = LegalityReview.objects.get(title="城市道路管理办法")
    # 国办发〔2018〕115号: a normative document's review is due within 15 working days of receipt
    assert done.status == "concluded" and done.opinion == "lawful_if_amended" and done.due_on is not None
    assert done.number.endswith("号") and done.created_by == bureau
    assert list(ReviewStatusChange.objects.filter(review=done).values_list("action", flat=True)) == [
        "create",
        "conclude",
    ]
    assert AuditEvent.objects.filter(action__startswith="legality_reviews.import").exists()
    sheet = load_workbook(io.BytesIO(c.get("/decisions/reviews/export/").content)).active
    exported = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported["城市道路管理办法"][:5] == (
        done.number,
        "行政规范性文件",
        "城市道路管理办法",
        units["d01"].name,
        "2019年5月6日",
    )
    assert exported["城市道路管理办法"][10:] == ("修改后合法", "第五条缺乏上位法依据", "《立法法》第八十条")
    assert exported["燃气特许经营协议"][6] == "审查中"


def test_a_bad_row_imports_nothing_and_every_error_is_named_in_chinese(bureau, units) -> None:  # type: ignore[no-untyped-def]
    before = LegalityReview.objects.count()
    rows = [
        row(units),
        row(units, title="甲", subject_kind="不知道", received_on="5月"),
        row(units, title="乙", opinion="不合法", reasons=None),  # a negative opinion states its reasons
        row(units, title="丙", concluded_on=None),  # an opinion needs its date (concluded_iff_date)
    ]
    result = run(imports.SPEC, workbook(bureau, rows), bureau)
    text = [str(e) for e in result.errors]
    assert result.created == 0 and LegalityReview.objects.count() == before
    assert any(t.startswith("第3行「审查事项类别」") for t in text)
    assert any(t.startswith("第3行「收到送审材料日期」") for t in text)
    assert any(t.startswith("第4行") and "须写明理由" in t for t in text)
    assert any(t.startswith("第5行") and "出具意见日期" in t for t in text)


def test_a_repeat_of_a_stored_review_is_refused(bureau, units) -> None:  # type: ignore[no-untyped-def]
    run(imports.SPEC, workbook(bureau, [row(units)]), bureau)
    again = run(imports.SPEC, workbook(bureau, [row(units)]), bureau)
    assert again.created == 0 and "疑似重复导入" in str(again.errors[0])
    assert LegalityReview.objects.count() == 1


def test_a_department_imports_only_its_own_unit_and_no_opinions(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    """Scope (RULES §4): a department submits its own matters; only the review desk issues opinions."""
    other = run(
        imports.SPEC,
        workbook(clerk1, [row(units, "d02", concluded_on=None, opinion=None, reasons=None)]),
        clerk1,
    )
    assert other.created == 0 and other.errors
    opinion = run(imports.SPEC, workbook(clerk1, [row(units)]), clerk1)
    assert opinion.created == 0 and any("只有司法局合法性审查人员" in str(e) for e in opinion.errors)
    own = run(
        imports.SPEC, workbook(clerk1, [row(units, concluded_on=None, opinion=None, reasons=None)]), clerk1
    )
    assert own.ok and own.created == 1 and LegalityReview.objects.get().org == units["d01"]


def test_export_keeps_the_users_scope_and_the_lists_filters(
    bureau, clerk1, clerk2, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    mine = review(clerk1, units["d01"], date(2019, 9, 27))
    theirs = review(clerk2, units["d02"], date(2019, 9, 27), kind="contract")
    c = page(clerk1)
    with django_assert_max_num_queries(12):
        content = c.get("/decisions/reviews/export/").content
    titles = [r[0] for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)]
    assert titles == [mine.number]
    filtered = page(bureau).get("/decisions/reviews/export/", {"subject_kind": "contract"}).content
    rows = list(load_workbook(io.BytesIO(filtered)).active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [theirs.number]


def test_decisions_export_keeps_scope_and_filters_and_is_audited(
    bureau, clerk1, clerk2, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    mine = services.record_step(
        actor=clerk1,
        decision=decision(clerk1, units["d01"], steps=False),
        data={"step": "expert_review", "date": date(2019, 4, 8), "not_applicable": True, "reason": "不涉及"},
    )
    services.create_decision(
        actor=clerk2, data=services.DecisionData("村(社区)规模优化调整", units["d02"], 2019)
    )
    c = page(clerk1)
    with django_assert_max_num_queries(12):
        content = c.get("/decisions/export/").content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))
    assert rows == [
        (
            mine.number,
            "管道燃气特许经营",
            2019,
            units["d01"].name,
            "是",
            "起草论证中",
            None,
            None,
            None,
            "专家论证（不适用）",
        )
    ]
    assert AuditEvent.objects.filter(action="decisions.export", actor_username=clerk1.username).exists()
    filtered = page(bureau).get("/decisions/export/", {"in_catalog": "0"}).content
    titles = [r[1] for r in load_workbook(io.BytesIO(filtered)).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["村(社区)规模优化调整"]
