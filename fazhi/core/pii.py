"""Identity numbers and phones: validation by checksum, generation for demo data, masking.

居民身份证号 GB 11643-1999 (ISO 7064 MOD 11-2), 统一社会信用代码 GB 32100-2015 (MOD 31).
Values are stored whole and shown masked to every role that does not need them (RULES.md §9).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def id_card_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_card(value: str) -> str:
    """Return the normalised 18-digit number or raise a Chinese ValidationError."""
    v = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", v):
        raise ValidationError("身份证号应为18位，前17位为数字，末位为数字或X", code="id_format")
    try:
        date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效", code="id_birth") from None
    if id_card_check_char(v[:17]) != v[17]:
        raise ValidationError("身份证号校验位错误，请核对", code="id_checksum")
    return v


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    v = (value or "").strip().upper()
    if len(v) != 18 or any(c not in _USCC_CHARS for c in v):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）", code="uscc_format"
        )
    if credit_code_check_char(v[:17]) != v[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对", code="uscc_checksum")
    return v


def validate_phone(value: str) -> str:
    v = re.sub(r"[\s()（）]", "", value or "")
    if not _PHONE_RE.fullmatch(v):
        raise ValidationError(
            "电话号码格式不正确：手机号为1开头的11位数字，座机如0577-65812345", code="phone"
        )
    return v


def validate_party_ids(kind: str, id_number: str, phone: str) -> tuple[str, str]:
    """A party's identity number (身份证号 for ``person``, 统一社会信用代码 otherwise) and phone,
    normalised; field errors keyed ``id_number``/``phone`` in Chinese."""
    errors: dict[str, list[str]] = {}
    if id_number:
        try:
            id_number = (validate_id_card if kind == "person" else validate_credit_code)(id_number)
        except ValidationError as e:
            errors["id_number"] = e.messages
    if phone:
        try:
            phone = validate_phone(phone)
        except ValidationError as e:
            errors["phone"] = e.messages
    if errors:
        raise ValidationError(errors)
    return id_number, phone


def make_id_card(region: str, birth: date, seq: int) -> str:
    """A checksum-valid ID number (for demo data and tests)."""
    first17 = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_card_check_char(first17)


def make_credit_code(body: str) -> str:
    """A checksum-valid credit code from 17 allowed characters (for demo data and tests)."""
    return body + credit_code_check_char(body)


def mask_id(value: str | None) -> str:
    """``330381199001011234`` → ``3303**********1234``."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and last 4 digits."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
