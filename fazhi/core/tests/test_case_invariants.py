"""Invariants held by the database (issue 10 item 7): a bulk write that bypasses the services cannot store an
impossible record, and a record's number is unique per numbering government, not platform-wide."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from fazhi.disputes.models import Dispute
from fazhi.litigation.models import CourtSession, LitigationCase, LossAccountability
from fazhi.orgs.models import OrgUnit
from fazhi.reconsideration import rules
from fazhi.reconsideration.models import CorrectionRequest, Hearing, ReconsiderationCase, Suspension
from fazhi.testing.factories import OrgUnitFactory, court, department, government

pytestmark = pytest.mark.django_db

D = date


def _dispute(**kw: Any) -> Dispute:
    gov = government()
    return Dispute(
        org=department(),
        number="示争〔2019〕1号",
        numbering_government=gov,
        source="pre_litigation",
        channel="court",
        summary="征收补偿争议",
        opened_on=D(2019, 3, 1),
        **kw,
    )


def _litigation(**kw: Any) -> LitigationCase:
    return LitigationCase(
        org=department(),
        court=court(),
        court_case_number="(2019)浙0381行初1号",
        cause="不服行政处罚决定",
        act_category="penalty",
        served_on=D(2019, 3, 1),
        **kw,
    )


def _reconsideration(**kw: Any) -> ReconsiderationCase:
    return ReconsiderationCase(
        org=department(),
        number="示政复〔2019〕1号",
        numbering_government=government(),
        year=2019,
        seq=1,
        contested_act="行政处罚决定",
        act_category="penalty",
        field="public_security",
        received_on=D(2019, 3, 1),
        **kw,
    )


def _accepted(**kw: Any) -> ReconsiderationCase:
    return _reconsideration(status="accepted", accepted_on=D(2019, 3, 5), **kw)


# (what, build a valid record, the impossible values written over it, the constraint that refuses them)
CASES: list[tuple[str, Callable[[], models.Model], dict[str, Any], str]] = [
    ("争议办结早于受理", _dispute, {"status": "closed", "closed_on": D(2019, 2, 1), "resolved": True}, "dispute_closed_on_gte_opened_on"),
    ("争议已办结而无办结日期", _dispute, {"status": "closed", "resolved": True}, "dispute_closed_iff_closed_on"),
    ("争议办结未注明是否化解", _dispute, {"status": "closed", "closed_on": D(2019, 4, 1)}, "dispute_resolved_iff_closed"),
    ("争议化解中却注明化解结果", _dispute, {"resolved": True}, "dispute_resolved_iff_closed"),
    ("答辩早于收到起诉状", _litigation, {"answer_filed_on": D(2019, 2, 1)}, "litigationcase_answer_filed_on_gte_served_on"),
    ("审结早于收到起诉状", _litigation, {"status": "judged", "outcome": "claim_rejected", "concluded_on": D(2019, 2, 1)}, "litigationcase_concluded_on_gte_served_on"),
    ("文书送达早于裁判", _litigation, {"status": "judged", "outcome": "claim_rejected", "concluded_on": D(2019, 5, 1), "judgment_served_on": D(2019, 4, 1)}, "litigationcase_judgment_served_on_gte_concluded_on"),
    ("上诉决定早于裁判", _litigation, {"status": "final", "outcome": "claim_rejected", "concluded_on": D(2019, 5, 1), "appeal_filed": False, "appeal_decided_on": D(2019, 4, 1)}, "litigationcase_appeal_decided_on_gte_concluded_on"),
    ("诉讼有结果而未审结", _litigation, {"outcome": "claim_rejected"}, "litigationcase_outcome_iff_concluded"),
    ("诉讼已判决而无审结日期", _litigation, {"status": "judged"}, "litigationcase_judged_iff_concluded"),
    ("诉讼审结而状态未判决", _litigation, {"outcome": "claim_rejected", "concluded_on": D(2019, 5, 1)}, "litigationcase_judged_iff_concluded"),
    ("是否上诉无决定日期", _litigation, {"status": "judged", "outcome": "claim_rejected", "concluded_on": D(2019, 5, 1), "appeal_filed": True}, "litigationcase_appeal_iff_decided"),
    ("受理早于收到申请", _reconsideration, {"status": "accepted", "accepted_on": D(2019, 2, 1)}, "reconsiderationcase_accepted_on_gte_received_on"),
    ("不予受理早于收到申请", _reconsideration, {"status": "declined", "declined_on": D(2019, 2, 1)}, "reconsiderationcase_declined_on_gte_received_on"),
    ("行政行为晚于申请", _reconsideration, {"act_date": D(2019, 4, 1)}, "reconsiderationcase_received_on_gte_act_date"),
    ("复议审结早于受理", _accepted, {"status": "concluded", "outcome": "upheld", "concluded_on": D(2019, 3, 4)}, "reconsiderationcase_concluded_on_gte_accepted_on"),
    ("副本送达早于发送", _accepted, {"copy_sent_on": D(2019, 3, 8), "copy_served_on": D(2019, 3, 7)}, "reconsiderationcase_copy_served_on_gte_copy_sent_on"),
    ("复议有结果而未审结", _accepted, {"outcome": "upheld"}, "reconsiderationcase_outcome_iff_concluded"),
    ("复议已审结而无审结日期", _accepted, {"status": "concluded"}, "reconsiderationcase_status_iff_concluded"),
    ("不予受理而无日期", _reconsideration, {"status": "declined"}, "reconsiderationcase_status_iff_declined"),
    ("延长超过三十日", _accepted, {"extension_days": rules.MAX_EXTENSION_DAYS + 1, "extended_on": D(2019, 4, 1)}, "reconsiderationcase_extension_range"),
    ("批准延期而未延长", _accepted, {"extended_on": D(2019, 4, 1)}, "reconsiderationcase_extended_on_has_days"),
]  # fmt: skip


def _violation(exc: IntegrityError) -> str:
    return str(exc).lower()


@pytest.mark.parametrize(("what", "build", "bad", "constraint"), CASES, ids=[c[0] for c in CASES])
def test_bulk_update_cannot_store_an_impossible_case(
    what: str, build: Callable[[], models.Model], bad: dict[str, Any], constraint: str
) -> None:
    record = build()
    record.save()
    model = type(record)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        model.objects.filter(pk=record.pk).update(**bad)
    # SQLite names the failed CHECK; PostgreSQL names it in "violates check constraint"
    assert constraint in _violation(exc.value)


@pytest.mark.parametrize(("what", "build", "bad", "constraint"), CASES, ids=[c[0] for c in CASES])
def test_bulk_create_cannot_store_an_impossible_case(
    what: str, build: Callable[[], models.Model], bad: dict[str, Any], constraint: str
) -> None:
    record = build()
    for name, value in bad.items():
        setattr(record, name, value)
    model = type(record)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.bulk_create([record])
    assert not model.objects.exists()


def test_the_valid_records_are_accepted() -> None:
    """The baseline of the tables above is itself possible (else every refusal would prove nothing)."""
    for build in (_dispute, _litigation, _reconsideration):
        record = build()
        record.full_clean()
        type(record).objects.bulk_create([record])
    assert (
        Dispute.objects.count() == LitigationCase.objects.count() == ReconsiderationCase.objects.count() == 1
    )


def test_parts_of_a_case_keep_their_date_order() -> None:
    lit = _litigation()
    lit.save()
    rec = _accepted()
    rec.save()
    impossible: list[tuple[models.Model, str]] = [
        (CourtSession(case=lit, held_on=D(2019, 5, 1), notice_received_on=D(2019, 5, 2), absence_reason="公务"), "courtsession_held_on_gte_notice_received_on"),
        (LossAccountability(case=lit, org=lit.org, opened_on=D(2019, 6, 1), closed_on=D(2019, 5, 1)), "lossaccountability_closed_on_gte_opened_on"),
        (CorrectionRequest(case=rec, requested_on=D(2019, 3, 4), items="身份证明", corrected_on=D(2019, 3, 3)), "correctionrequest_corrected_on_gte_requested_on"),
        (CorrectionRequest(case=rec, requested_on=D(2019, 3, 4), items="身份证明", served_on=D(2019, 3, 3)), "correctionrequest_served_on_gte_requested_on"),
        (Suspension(case=rec, suspended_on=D(2019, 4, 1), resumed_on=D(2019, 3, 30), reason="等待鉴定"), "suspension_resumed_on_gte_suspended_on"),
        (Hearing(case=rec, held_on=D(2019, 4, 1), notified_on=D(2019, 4, 2)), "hearing_held_on_gte_notified_on"),
    ]  # fmt: skip
    for record, constraint in impossible:
        with pytest.raises(IntegrityError) as exc, transaction.atomic():
            type(record).objects.bulk_create([record])
        assert constraint in _violation(exc.value), constraint


def test_full_clean_names_the_broken_invariant_in_chinese() -> None:
    case = _accepted(extension_days=rules.MAX_EXTENSION_DAYS + 1, extended_on=D(2019, 4, 1))
    with pytest.raises(ValidationError) as exc:
        case.full_clean()
    assert f"延长天数应为0至{rules.MAX_EXTENSION_DAYS}日（《行政复议法》第六十二条）" in exc.value.messages


def test_numbers_are_unique_per_numbering_government_not_platform_wide() -> None:
    """Two governments with the same short name both have a 示政复〔2019〕1号; one government cannot have two."""
    first = _reconsideration()
    first.save()
    other_gov = OrgUnitFactory(
        code="gov2", name="另一市人民政府", kind=OrgUnit.Kind.GOVERNMENT, short_name="示"
    )
    other_unit = OrgUnitFactory(
        code="o01", name="另一市公安局", kind=OrgUnit.Kind.DEPARTMENT, parent=other_gov
    )
    second = _reconsideration()
    second.org = other_unit
    second.numbering_government = None  # type: ignore[assignment]
    second.save()  # the unit's government is filled in, as next_number would have numbered it
    assert second.numbering_government == other_gov
    assert first.number == second.number
    with pytest.raises(IntegrityError), transaction.atomic():
        ReconsiderationCase.objects.bulk_create([_reconsideration()])
    d = _dispute()
    d.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.bulk_create([_dispute()])
    elsewhere = _dispute()
    elsewhere.org, elsewhere.numbering_government = other_unit, other_gov
    Dispute.objects.bulk_create([elsewhere])
    assert Dispute.objects.filter(number=d.number).count() == 2
