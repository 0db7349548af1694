"""Model invariants: case number format, 败诉 derived from the outcome, who counts as the head."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fazhi.litigation.models import (
    LOSS_OUTCOMES,
    QUALIFYING_POSTS,
    CourtSession,
    HeadPost,
    Outcome,
    is_loss_outcome,
    normalize_case_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2019)浙0381行初12号", "(2019)浙0381行初12号"),
        ("（2019）浙0381行初12号", "(2019)浙0381行初12号"),
        (" (2020)浙03行终7号 ", "(2020)浙03行终7号"),
        ("(2021)浙0381行审复1号", "(2021)浙0381行审复1号"),
    ],
)
def test_case_number_accepts_half_and_full_width_brackets(raw: str, expected: str) -> None:
    assert normalize_case_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "2019浙0381行初12号",
        "(2019)浙0381民初12号",
        "(19)浙0381行初12号",
        "(2019)浙0381行初号",
        "(2019)浙0381行初12",
        "",
    ],
)
def test_case_number_rejects_other_formats_with_chinese_message(raw: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalize_case_number(raw)
    assert "应形如 (2019)浙0381行初12号" in exc.value.messages[0]


def test_loss_is_exactly_the_rules_list() -> None:
    """RULES §3: 败诉 = 撤销/部分撤销, 变更, 确认违法, 确认无效, 责令履行/给付, 赔偿, and in 行政协议 cases
    continued performance, remedial measures or damages (行政诉讼法 Art 78); not the others."""
    lost = {
        Outcome.REVOKED,
        Outcome.ALTERED,
        Outcome.CONFIRMED_ILLEGAL,
        Outcome.CONFIRMED_VOID,
        Outcome.ORDERED_TO_PERFORM,
        Outcome.COMPENSATION,
        Outcome.AGREEMENT_PERFORMANCE,
        Outcome.AGREEMENT_REMEDY,
        Outcome.AGREEMENT_DAMAGES,
    }
    assert set(LOSS_OUTCOMES) == lost
    for outcome in Outcome:
        assert is_loss_outcome(outcome) == (outcome in lost)
    assert not is_loss_outcome("")


@pytest.mark.parametrize(
    ("post", "counts"),
    [
        (HeadPost.PRINCIPAL, True),
        (HeadPost.DEPUTY, True),
        (HeadPost.IN_CHARGE, True),
        (HeadPost.OTHER, False),
    ],
)
def test_only_principal_deputy_or_leader_in_charge_count(post: str, counts: bool) -> None:
    """RULES §3 (法释〔2020〕3号): a head of an entrusted or lower body does not count."""
    assert CourtSession(head_appeared=True, head_post=post).head_counts is counts
    assert (post in QUALIFYING_POSTS) is counts
    assert CourtSession(head_appeared=False, head_post=post).head_counts is False
