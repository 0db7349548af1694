"""Identity numbers and phones: validation by checksum, generation for demo data, masking.

居民身份证号 GB 11643-1999 (ISO 7064 MOD 11-2), 统一社会信用代码 GB 32100-2015 (MOD 31).
Values are stored whole and shown masked to every role that does not need them (RULES.md §9).
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_VALUES = {c: i for i, c in enumerate(_USCC_CHARS)}  # a dict: an import checks a code a row
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
    if len(first17) != 17:
        raise ValueError("统一社会信用代码的前17位")
    total = sum(map(operator.mul, map(_USCC_VALUES.__getitem__, first17), _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    v = (value or "").strip().upper()
    if len(v) != 18 or not _USCC_VALUES.keys() >= set(v):
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


# --- Finding personal data in text to be published (issue 8 item 6; RULES §9: never on the portal) ---
# Text is normalised one character for one character (full-width digits, letters, brackets, plus and
# the many dashes and spaces), so a hit's position in the normalised text is its position in the
# original. Digits may be grouped by spaces, dashes or dots ("3303 8119 9001 0112 34", "138-1234-5678").

_FULL = "０１２３４５６７８９ＸｘＸ＋（）－．　"
_HALF = "0123456789XxX+()-. "
_DASHES = "‐‑‒–—―−﹣－"
_NORMALISE = str.maketrans(
    _FULL + _DASHES + "\u00a0\u2002\u2003\u2009\u202f", _HALF + "-" * len(_DASHES) + " " * 5
)
_SEP = r"[ \-.]?"
_NOT_AFTER = r"(?![0-9A-Za-z])(?![ \-.][0-9])"
_NOT_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][ \-.])"
_ID18 = re.compile(_NOT_BEFORE + r"[1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx]" + _NOT_AFTER)
_ID15 = re.compile(_NOT_BEFORE + r"[1-9](?:" + _SEP + r"[0-9]){14}" + _NOT_AFTER)
_ID18_SHAPE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_ID15_SHAPE = re.compile(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][ \-.])(?:(?:\+|00) ?86[ \-]?|\(\+?86\) ?)?1[3-9](?:"
    + _SEP
    + r"[0-9]){9}"
    + _NOT_AFTER
)
_LANDLINE = re.compile(
    r"(?<![0-9A-Za-z+])(?<![0-9][ \-.])"
    r"(?:(?:\+|00) ?86[ \-]?\(?0?[1-9][0-9]{1,2}\)?|\(0[1-9][0-9]{1,2}\)|0[1-9][0-9]{1,2})"
    r"[ \-]?[2-9][0-9]{2,3}[ \-]?[0-9]{4}" + _NOT_AFTER
)


@dataclass(frozen=True)
class PiiHit:
    """Something in a text that looks like personal data: what, where (set by the caller), masked."""

    kind: str  # 身份证号 / 手机号 / 固定电话 / 当事人姓名
    value: str  # as it stands in the text
    masked: str  # the value masked (mask_id / mask_phone / first character of a name)
    context: str  # a few characters around it, the value masked
    where: str = ""

    @property
    def id(self) -> str:
        """Stable for the same value at the same place: what a reviewer's confirmation refers to."""
        return hashlib.sha256(f"{self.kind}|{self.value}|{self.where}".encode()).hexdigest()[:16]


def normalise(text: str) -> str:
    """Full-width digits and separators to ASCII, one character for one (positions are kept)."""
    return (text or "").translate(_NORMALISE)


def _digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value).upper()


def mask_name(name: str) -> str:
    """``张三丰`` → ``张**``."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def find_personal_data(text: str, names: Iterable[str] = (), where: str = "") -> list[PiiHit]:
    """Every identity number (18 or 15 digits, spaced or full-width), mobile (dashed, +86), landline
    (0577-65812345, (0577)65812345) and every given name of a party found in ``text``."""
    norm = normalise(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str, str]] = []

    def add(start: int, end: int, kind: str, masked: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return  # part of something found already (the mobile inside an ID number)
        taken.append((start, end))
        found.append((start, end, kind, masked))

    for pattern, shape, kind in ((_ID18, _ID18_SHAPE, "身份证号"), (_ID15, _ID15_SHAPE, "身份证号")):
        for m in pattern.finditer(norm):
            if shape.fullmatch(_digits(m.group(0))):
                add(m.start(), m.end(), kind, mask_id(_digits(m.group(0))))
    for m in _MOBILE.finditer(norm):
        add(m.start(), m.end(), "手机号", mask_phone(_digits(m.group(0))[-11:]))
    for m in _LANDLINE.finditer(norm):
        digits = _digits(m.group(0))
        if m.group(0).startswith(("+", "00")):
            digits = "0" + digits.removeprefix("00").removeprefix("86").removeprefix("0")
        add(m.start(), m.end(), "固定电话", mask_phone(digits))
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        loose = r"\s?".join(re.escape(c) for c in normalise(name))
        for m in re.finditer(loose, norm):
            add(m.start(), m.end(), "当事人姓名", mask_name(name))
    hits = []
    for start, end, kind, masked in sorted(found):
        before, after = text[max(0, start - 12) : start], text[end : end + 12]
        hits.append(PiiHit(kind, text[start:end], masked, f"{before}{masked}{after}".strip(), where))
    return hits


def shown(value: str | None, kind: str, user: object) -> str:
    """``value`` (an identity number for ``kind="id"``, a phone for ``"phone"``) as ``user`` may see it:
    whole for roles that need personal data (RULES §9), masked for every other role and for no user.

    The one rule behind the template tag ``pii``, the API field ``PiiField`` and the exports."""
    if getattr(user, "sees_personal_data", False):
        return value or ""
    return mask_id(value) if kind == "id" else mask_phone(value)
