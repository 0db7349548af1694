"""Identity numbers: GB 11643 (居民身份证) and GB 32100 (统一社会信用代码) checksums; masking."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core import pii


def test_known_valid_id_card() -> None:
    # GB 11643 worked example: 11010519491231002X
    assert pii.validate_id_card("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位错误"),
        ("11010519491331002X", "出生日期无效"),
        ("1101051949123100", "18位"),
        ("abcdefghijklmnopqr", "18位"),
    ],
)
def test_bad_id_cards_have_chinese_messages(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        pii.validate_id_card(value)
    assert message in exc.value.messages[0]


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)), st.integers(0, 999))
def test_generated_id_cards_validate_and_one_digit_change_fails(birth: date, seq: int) -> None:
    number = pii.make_id_card("330381", birth, seq)
    assert pii.validate_id_card(number) == number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError):
        pii.validate_id_card(wrong)


def test_credit_code_checksum() -> None:
    # A real published code (国家市场监督管理总局 example format) computed by GB 32100 MOD 31.
    code = pii.make_credit_code("91330381MA2H7LYQ1")
    assert pii.validate_credit_code(code.lower()) == code
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位错误"):
        pii.validate_credit_code(bad)
    with pytest.raises(ValidationError, match="18位"):
        pii.validate_credit_code("91330381MA2H7LYQ1I")


def test_phone_validation() -> None:
    assert pii.validate_phone("138 1234 5678") == "13812345678"
    assert pii.validate_phone("0577-65812345") == "0577-65812345"
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        pii.validate_phone("12345")


def test_masking() -> None:
    assert pii.mask_id("330381199001011234") == "3303**********1234"
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_id("") == ""
