"""The rules of 行政规范性文件 (RULES §5; 国办发〔2018〕37号, 国办发〔2018〕115号), each length a setting.

``FAZHI_NORMATIVE = {"filing_days": 30, "reminder_months": 6, "number_pattern": "…"}`` changes a value where
the provincial rule differs; the defaults are the national ones.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from fazhi.workdays.rules import DeadlineRule

#: RULES §5 有效期: at most 5 years, at most 2 for 暂行/试行 documents.
MAX_YEARS = 5
MAX_YEARS_PROVISIONAL = 2
BASIS_VALIDITY = "国办发〔2018〕37号：有效期最长不超过5年，暂行、试行的不超过2年"
BASIS_GATE = "国办发〔2018〕115号：未经合法性审核或者经审核不合法的，不得提交集体审议"
BASIS_FILING = "国办发〔2018〕37号：公布之日起30日内报送备案"
PROVISIONAL_WORDS = ("暂行", "试行")
NUMBER_KIND = "normative"

_DEFAULTS: dict[str, Any] = {
    "filing_days": 30,  # 备案: within 30 days of publication
    "reminder_months": 6,  # evaluation reminder before expiry
    "number_pattern": "{abbr}规〔{year}〕{seq}号",  # 统一编号, per issuer and year
}


def setting(name: str) -> Any:
    return {**_DEFAULTS, **getattr(settings, "FAZHI_NORMATIVE", {})}[name]


# 文号: 机关代字 + 发/函… + 〔年份〕 + 序号 + 号, e.g. 示政发〔2019〕3号 (GB/T 9704-2012 发文字号).
DOC_NUMBER_RE = re.compile(
    r"^(?P<abbr>[\u4e00-\u9fff]{1,12}?)(?P<kind>办发|办函|发|函|令|规|字)〔(?P<year>(19|20)\d\d)〕(?P<seq>[1-9]\d{0,3})号$"
)
DOC_NUMBER_HELP = "文号格式应如「示政发〔2019〕3号」：机关代字＋发/函等＋〔年份〕＋序号＋号"
_BRACKETS = str.maketrans(
    {"[": "〔", "]": "〕", "【": "〔", "】": "〕", "（": "〔", "）": "〕", "(": "〔", ")": "〕"}
)


def normalize_doc_number(text: str) -> str:
    """A 文号 as typed, with the usual bracket look-alikes turned into 六角括号 〔〕 (GB/T 9704)."""
    return re.sub(r"\s+", "", (text or "").translate(_BRACKETS))


def validate_doc_number(text: str) -> str:
    """The normalised 文号, or a Chinese ValidationError naming the expected shape."""
    value = normalize_doc_number(text)
    if not DOC_NUMBER_RE.match(value):
        raise ValidationError(f"文号「{text}」格式不正确。{DOC_NUMBER_HELP}", code="doc_number")
    return value


def is_provisional(title: str) -> bool:
    return any(w in (title or "") for w in PROVISIONAL_WORDS)


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def valid_until(valid_from: date, years: int) -> date:
    """The last day of a term of ``years`` years starting on ``valid_from``."""
    return add_years(valid_from, years) - timedelta(days=1)


def max_years(provisional: bool) -> int:
    return MAX_YEARS_PROVISIONAL if provisional else MAX_YEARS


#: 备案 within 30 days of publication; a government may set a shorter period (a provincial rule), never a
#: longer one (issue 16 item 2). Counted as plain days from publication, as the 30-day rule is applied.
FILING = DeadlineRule(
    "normative.filing", "规范性文件报送备案", "公布之日", 30, "calendar", BASIS_FILING, local=True, maximum=30
)
DEADLINES = [FILING]


def filing_days(government_id: int | None = None) -> int:
    """The government's own filing period, else ``FAZHI_NORMATIVE["filing_days"]`` (default 30)."""
    local = FILING.for_government(government_id).local_days
    return local if local is not None else int(setting("filing_days"))


def filing_due(published_on: date, government_id: int | None = None) -> date:
    return published_on + timedelta(days=filing_days(government_id))


def issuer_government(doc: Any) -> int | None:
    """The government whose filing period applies: the issuing organ's government."""
    gov = doc.issuer.government if doc.issuer_id else None
    return gov.pk if gov is not None else None


def refresh_filing_due(government: Any = None) -> int:
    """Listener: a government changed its filing period — recompute the 备案期限 of its published documents
    not yet filed (a filed document keeps the period it was filed under). Called with no government after a
    holiday-calendar change (the filing period ignores the calendar: nothing to do then)."""
    if government is None:
        return 0
    from fazhi.workdays.rules import own_units_q

    from .models import NormativeDocument, Status

    due = filing_days(government.pk)
    docs = list(
        NormativeDocument.objects.filter(own_units_q(government, "issuer"))
        .filter(status=Status.PUBLISHED, filed_on__isnull=True, published_on__isnull=False)
        .only("id", "published_on", "filing_due")
    )
    changed = []
    for d in docs:
        new = d.published_on + timedelta(days=due)  # type: ignore[operator]
        if d.filing_due != new:
            d.filing_due = new
            changed.append(d)
    NormativeDocument.objects.bulk_update(changed, ["filing_due"], batch_size=500)
    return len(changed)
