"""Services and transitions of 行政规范性文件 (RULES §5; 国办发〔2018〕37号, 国办发〔2018〕115号)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.normative import rules, services
from fazhi.normative.models import CleanupCampaign, NormativeDocument, Status
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)

from .helpers import draft, published, review, step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _state(doc: NormativeDocument) -> tuple:
    doc.refresh_from_db()
    return doc.status, doc.version, doc.registration_number, doc.published_on, AuditEvent.objects.count()


@pytest.mark.parametrize(
    "number", ["示政发〔2019〕3号", "示政办发〔2019〕12号", "示自然资规函〔2018〕101号", "示政发[2019]3号"]
)
def test_doc_number_accepts_the_official_shape(number: str) -> None:
    """GB/T 9704-2012 发文字号: 机关代字 + 年份（六角括号）+ 序号; look-alike brackets are normalised."""
    assert rules.validate_doc_number(number).endswith("号")
    assert "〔" in rules.validate_doc_number(number)


@pytest.mark.parametrize(
    "number",
    ["", "示政发2019年3号", "示政发〔19〕3号", "示政发〔2019〕03号", "〔2019〕3号", "示政发〔2019〕3"],
)
def test_doc_number_refuses_other_shapes_in_chinese(number: str) -> None:
    with pytest.raises(ValidationError) as e:
        rules.validate_doc_number(number)
    assert "示政发〔2019〕3号" in str(e.value)


def test_create_refuses_a_bad_doc_number_and_writes_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    before = NormativeDocument.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as e:
        draft(bureau, units["d01"], "示政发2019-3")
    assert "文号" in str(e.value)
    assert (NormativeDocument.objects.count(), AuditEvent.objects.count()) == before


def test_provisional_is_detected_from_the_title(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5: 暂行/试行 documents run at most 2 years; the title says so."""
    assert draft(bureau, units["d01"], title="示例市城市道路占用管理暂行办法").provisional
    assert not draft(bureau, units["d01"], "示政发〔2019〕4号").provisional


def test_registration_numbers_are_gap_free_per_issuer_and_year(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """三统一 (RULES §5): 统一编号 per issuer and year, no gap when a registration is refused."""
    gov, d01 = units["gov"], units["d01"]
    a = step(bureau, draft(bureau, d01, "示政发〔2019〕1号"), "register", date=date(2019, 3, 1))
    with pytest.raises(ValidationError):  # refused by the runner (date in the future): no number consumed
        step(bureau, draft(bureau, d01, "示政发〔2019〕2号"), "register", date=date(2031, 1, 1))
    b = step(
        bureau,
        NormativeDocument.objects.get(doc_number="示政发〔2019〕2号"),
        "register",
        date=date(2019, 4, 1),
    )
    c = step(bureau, draft(bureau, d01, "示政发〔2020〕1号"), "register", date=date(2020, 1, 2))
    other = step(
        bureau, draft(bureau, d01, "示公发〔2019〕1号", issuer=d01), "register", date=date(2019, 5, 1)
    )
    assert [a.registration_number, b.registration_number] == ["示规〔2019〕1号", "示规〔2019〕2号"]
    assert c.registration_number == "示规〔2020〕1号"
    assert other.registration_number.endswith("〔2019〕1号") and other.issuer_id != gov.pk


def test_publish_is_refused_without_a_lawful_review(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 hard gate (国办发〔2018〕115号): no review, an open one or 不合法 → no deliberation, no publication."""
    doc = step(bureau, draft(bureau, units["d01"]), "register", date=date(2019, 3, 1))
    before = _state(doc)
    for text in ("未经合法性审核",):
        with pytest.raises(ValidationError) as e:
            step(bureau, doc, "publish", date=date(2019, 4, 1), valid_years=5)
        assert text in str(e.value) and "115号" in str(e.value)
    assert _state(doc) == before
    review(bureau, doc, date(2019, 3, 10), opinion="unlawful")
    before = _state(doc)
    with pytest.raises(ValidationError) as e:
        step(bureau, doc, "decide", date=date(2019, 3, 20))
    assert "不合法" in str(e.value)
    assert _state(doc) == before


def test_publish_needs_the_collective_decision_after_a_lawful_review(bureau, units) -> None:  # type: ignore[no-untyped-def]
    doc = step(bureau, draft(bureau, units["d01"]), "register", date=date(2019, 3, 1))
    review(bureau, doc, date(2019, 3, 10))
    with pytest.raises(ValidationError) as e:
        step(bureau, doc, "publish", date=date(2019, 4, 1), valid_years=5)
    assert "集体审议" in str(e.value)
    doc = step(bureau, doc, "decide", date=date(2019, 3, 20), meeting="市政府常务会议")
    doc = step(bureau, doc, "publish", date=date(2019, 4, 1), valid_years=5)
    assert doc.status == Status.PUBLISHED and doc.valid_from == date(2019, 4, 1)
    assert AuditEvent.objects.filter(action="normative.publish").count() == 1


def test_validity_is_at_most_five_years_and_two_for_provisional(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 有效期 (国办发〔2018〕37号): ≤ 5 years, ≤ 2 for 暂行/试行; a longer term is refused in Chinese."""
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕5号")
    assert doc.valid_until == date(2024, 3, 31)
    tmp = published(
        bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕6号", years=2, title="示例市试行办法"
    )
    assert tmp.valid_until == date(2021, 3, 31)
    for number, title, years, text in [
        ("示政发〔2019〕7号", "关于养老服务补贴的办法", 6, "最长5年"),
        ("示政发〔2019〕8号", "养老服务补贴暂行办法", 3, "最长2年"),
    ]:
        with pytest.raises(ValidationError) as e:
            published(bureau, units["d01"], date(2019, 4, 1), number, years=years, title=title)
        assert text in str(e.value) and "37号" in str(e.value)
        assert NormativeDocument.objects.get(doc_number=number).status == Status.REGISTERED


def test_model_clean_refuses_a_term_over_the_limit(bureau, units) -> None:  # type: ignore[no-untyped-def]
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕9号")
    doc.valid_until = date(2024, 4, 1)
    with pytest.raises(ValidationError) as e:
        doc.full_clean()
    assert "有效期超过5年" in str(e.value)


def test_filing_deadline_is_thirty_days_and_on_time_is_computed(bureau, units, settings) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 备案: due 30 days after publication (a setting)."""
    on_time = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕10号", filed=date(2019, 5, 1))
    assert on_time.filing_due == date(2019, 5, 1) and on_time.filed_on_time is True
    late = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕11号", filed=date(2019, 5, 2))
    assert late.filed_on_time is False
    with pytest.raises(ValidationError) as e:
        step(bureau, late, "file_for_record", date=date(2019, 5, 3))
    assert "已于" in str(e.value)
    settings.FAZHI_NORMATIVE = {"filing_days": 15}
    short = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕12号")
    assert short.filing_due == date(2019, 4, 16)


def test_expired_documents_lapse_through_the_runner(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5: an expired document lapses automatically (the daily job), audited as 系统."""
    doc = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕13号", years=2, title="试行办法")
    assert doc.in_force_on(date(2021, 3, 31)) and not doc.in_force_on(date(2021, 4, 1))
    assert services.lapse_expired(date(2021, 3, 31)) == 0
    assert services.lapse_expired(date(2021, 4, 2)) == 1
    doc.refresh_from_db()
    assert doc.status == Status.LAPSED and doc.ended_on == date(2021, 4, 1)
    assert AuditEvent.objects.filter(action="normative.lapse").count() == 1


def test_amend_links_the_new_version_and_repeal_ends(bureau, units) -> None:  # type: ignore[no-untyped-def]
    old = published(bureau, units["d01"], date(2019, 4, 1), "示政发〔2019〕14号")
    new = published(bureau, units["d01"], date(2020, 4, 1), "示政发〔2020〕15号")
    old = step(bureau, old, "amend", date=date(2020, 4, 1), new_version=new.pk)
    assert (
        old.status == Status.AMENDED
        and old.new_version_id == new.pk
        and not old.in_force_on(date(2020, 4, 2))
    )
    new = step(bureau, new, "repeal", date=date(2021, 1, 1))
    assert new.status == Status.REPEALED and new.ended_on == date(2021, 1, 1)


def test_cleanup_is_all_or_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """RULES §5 清理 (继续有效/修改/废止/宣布失效): one decision per document in force, applied in one
    transaction; a bad document is named and nothing changes."""
    gov = units["gov"]
    a = published(bureau, units["d01"], date(2018, 4, 1), "示政发〔2018〕1号")
    b = published(bureau, units["d02"], date(2018, 5, 1), "示政发〔2018〕2号")
    draft_doc = draft(bureau, units["d01"], "示政发〔2019〕3号")
    before = [_state(a), _state(b), CleanupCampaign.objects.count()]
    bad = [{"document": a.pk, "decision": "repeal"}, {"document": draft_doc.pk, "decision": "repeal"}]
    with pytest.raises(ValidationError) as e:
        services.apply_cleanup(actor=bureau, government=gov, year=2019, on=date(2019, 6, 1), decisions=bad)
    text = str(e.value)
    assert "示政发〔2019〕3号" in text and "不是" in text and "示政发〔2018〕2号" in text  # b has no decision
    assert [_state(a), _state(b), CleanupCampaign.objects.count()] == before
    good = [{"document": a.pk, "decision": "repeal"}, {"document": b.pk, "decision": "declare_invalid"}]
    c = services.apply_cleanup(actor=bureau, government=gov, year=2019, on=date(2019, 6, 1), decisions=good)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.REPEALED, Status.LAPSED)
    assert a.cleanup_id == b.cleanup_id == c.pk and c.decisions.count() == 2
    assert AuditEvent.objects.filter(action="normative.cleanup").count() == 1


def test_a_department_writes_only_its_own_drafts(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        draft(clerk1, units["d02"])
    assert draft(clerk1, units["d01"]).org_id == units["d01"].pk
