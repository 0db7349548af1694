"""The cases of a generated county: names, ID numbers and the reconsideration and litigation rows of one
county, each satisfying the models' invariants. Shared by the benchmark province (``bench/province.py``)
and the province demo (``fazhi.core.province_demo``, ``fazhi demo --province``): ``first``/``last`` bound
the years, ``skew`` scales the adverse outcomes (纠错, 败诉) so that counties rank apart."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.province import County  # or any object with the same attributes (the province demo's)

#: The years the generated cases are received in.
FIRST_YEAR = 2019
LAST_YEAR = 2025


DEPARTMENT_FIELDS = {  # name → reconsideration field, for the departments that have one
    "公安局": "public_security",
    "自然资源和规划局": "natural_resources",
    "市场监督管理局": "market",
    "人力资源和社会保障局": "hr_social",
    "住房和城乡建设局": "housing",
    "生态环境分局": "environment",
    "交通运输局": "transport",
    "卫生健康局": "health",
    "综合行政执法局": "urban",
    "农业农村局": "agriculture",
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文斌宇浩凯鹏飞晨阳欣怡子轩梓涵"
ACTS = {
    "penalty": ["行政处罚决定", "治安管理处罚决定", "责令停产停业决定"],
    "coercion": ["查封扣押决定", "强制拆除决定"],
    "licensing": ["不予行政许可决定", "撤销行政许可决定"],
    "confirmation": ["工伤认定决定", "不动产登记行为"],
    "expropriation": ["房屋征收决定", "征收补偿决定"],
    "inaction": ["未履行法定职责", "未答复举报"],
    "info_disclosure": ["政府信息公开答复"],
    "agreement": ["行政协议履行行为"],
    "other": ["其他行政行为"],
}


def _zipf(n: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights for ``random.choices(cum_weights=...)``."""
    return list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _person(rng: random.Random) -> tuple[str, str, str]:
    from fazhi.core.pii import make_id_card

    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
    id_number = make_id_card(f"33{rng.randrange(10, 99)}{rng.randrange(10, 99)}", birth, rng.randrange(1000))
    return name, id_number, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


def _company(rng: random.Random) -> tuple[str, str]:
    from fazhi.core.pii import make_credit_code

    name = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(('贸易', '建设', '科技', '餐饮', '物流'))}有限公司"
    return name, make_credit_code(f"9133{rng.randrange(10**13):013d}")


# ------------------------------------------------------------------------------------------ the rows


def _reconsideration_rows(
    rng: random.Random,
    county: County,
    n: int,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    skew: float = 1.0,
) -> Iterator[tuple[Any, list[Any]]]:
    """``n`` reconsideration cases of ``county`` with their parties (case, parties), numbered in
    received order per year as the product numbers them. Invariants: received ≤ accepted ≤ concluded,
    outcome exactly when concluded, declined/transferred dates only on those statuses."""
    from fazhi.reconsideration import deadlines, rules
    from fazhi.reconsideration.models import Outcome, Party, ReconsiderationCase, Status

    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    open_since = last - timedelta(days=150)
    received = sorted(_day(rng, first, last) for _ in range(n))
    weights = _zipf(len(county.respondents))
    field_of = {u.pk: DEPARTMENT_FIELDS.get(u.name.split("县", 1)[-1], "other") for u in county.respondents}
    outcomes = [
        (Outcome.UPHELD, 45), (Outcome.REJECTED_CLAIM, 12), (Outcome.REJECTED_APPLICATION, 6),
        (Outcome.REVOKED, 5 * skew), (Outcome.ALTERED, 1 * skew), (Outcome.CONFIRMED_ILLEGAL, 3 * skew),
        (Outcome.CONFIRMED_VOID, 0.5 * skew), (Outcome.ORDERED_TO_PERFORM, 1.5 * skew), (Outcome.MEDIATED, 6),
        (Outcome.WITHDRAWN, 11), (Outcome.TERMINATED, 3),
    ]  # fmt: skip
    open_statuses = [
        (Status.RECEIVED, 10), (Status.CORRECTION, 5), (Status.ACCEPTED, 25),
        (Status.UNDER_REVIEW, 50), (Status.SUSPENDED, 5), (Status.CONCLUDED, 5),
    ]  # fmt: skip
    seq_by_year: dict[int, int] = {}
    abbr = county.government.short_name
    dues = deadlines.Memo(last)  # the product's working-day deadlines, memoised per start day
    for on in received:
        seq = seq_by_year[on.year] = seq_by_year.get(on.year, 0) + 1
        org = rng.choices(county.respondents, cum_weights=weights)[0]
        category = _pick(rng, [("penalty", 40), ("coercion", 8), ("licensing", 6), ("confirmation", 12),
                               ("expropriation", 6), ("inaction", 10), ("info_disclosure", 12), ("agreement", 2),
                               ("other", 4)])  # fmt: skip
        case = ReconsiderationCase(
            org=org,
            numbering_government=county.government,
            number=f"{abbr}政复〔{on.year}〕{seq}号",
            year=on.year,
            seq=seq,
            received_on=on,
            contested_act=rng.choice(ACTS[category]),
            act_category=category,
            field=field_of[org.pk],
            act_date=on - timedelta(days=rng.randrange(5, 55)),
            channel=_pick(rng, [("window", 60), ("post", 15), ("online", 25)]),
            procedure="simplified" if rng.random() < 0.15 else "ordinary",
        )
        case.acceptance_due = dues.due(rules.ACCEPTANCE, on)
        if on >= open_since:
            status = _pick(rng, open_statuses)
        else:
            status = _pick(rng, [(Status.CONCLUDED, 90), (Status.DECLINED, 7), (Status.TRANSFERRED, 3)])
        if status == Status.DECLINED:
            case.declined_on = on + timedelta(days=rng.randrange(1, 6))
            case.decline_reason = "不符合受理条件"
        elif status == Status.TRANSFERRED:
            case.transferred_on = on + timedelta(days=rng.randrange(1, 6))
            case.transfer_to = "有关行政复议机关"
        elif status not in (Status.RECEIVED, Status.CORRECTION):
            case.accepted_on = on + timedelta(days=rng.randrange(0, 6))
            case.decision_due = dues.due(deadlines.decision_rule(case), case.accepted_on)
            if status == Status.CONCLUDED:
                concluded = case.accepted_on + timedelta(days=rng.randrange(15, 80))
                if concluded > last:
                    status = Status.UNDER_REVIEW
                else:
                    case.concluded_on = concluded
                    case.outcome = _pick(rng, outcomes)
            if status == Status.SUSPENDED:
                case.status_before_suspension = Status.UNDER_REVIEW
        case.status = status
        parties = [_reconsideration_party(rng, Party)]
        if rng.random() < 0.2:
            name, id_number, phone = _person(rng)
            parties.append(
                Party(role=Party.Role.AGENT, kind=Party.Kind.PERSON, name=name, id_number=id_number)
            )
        yield case, parties


def _reconsideration_party(rng: random.Random, Party: Any) -> Any:
    if rng.random() < 0.85:
        name, id_number, phone = _person(rng)
        return Party(
            role=Party.Role.APPLICANT, kind=Party.Kind.PERSON, name=name, id_number=id_number, phone=phone
        )
    name, code = _company(rng)
    return Party(role=Party.Role.APPLICANT, kind=Party.Kind.ORGANIZATION, name=name, id_number=code)


def _litigation_rows(
    rng: random.Random,
    county: County,
    n: int,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    skew: float = 1.0,
    court_prefix: str = "浙",
) -> Iterator[tuple[Any, list[Any]]]:
    """``n`` litigation cases of ``county`` (defendant = one of its units) with one plaintiff each.
    Invariants: served ≤ answered ≤ concluded ≤ judgment served; outcome and 判决/裁定 exactly when
    judged; court case numbers unique per court, year and instance."""
    from fazhi.litigation.models import (
        Instance,
        LitigationCase,
        Outcome,
        PartyKind,
        Plaintiff,
        Status,
        judgment_kind_for,
    )

    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    served = sorted(_day(rng, first, last) for _ in range(n))
    weights = _zipf(len(county.respondents))
    outcomes = [
        (Outcome.CLAIM_REJECTED, 40), (Outcome.SUIT_DISMISSED, 18), (Outcome.WITHDRAWN, 16),
        (Outcome.MEDIATED, 3), (Outcome.REVOKED, 4.5 * skew), (Outcome.ALTERED, 0.5 * skew),
        (Outcome.CONFIRMED_ILLEGAL, 3 * skew), (Outcome.CONFIRMED_VOID, 0.5 * skew),
        (Outcome.ORDERED_TO_PERFORM, 1.5 * skew), (Outcome.COMPENSATION, 1 * skew),
        (Outcome.AGREEMENT_PERFORMANCE, 0.5 * skew), (Outcome.OTHER, 4.5),
    ]  # fmt: skip
    basic = f"{court_prefix}{1000 + county.index:04d}"
    upper = f"{court_prefix}{int(county.upper_court.code.rsplit('-', 1)[1]):02d}"
    seq: dict[tuple[str, int], int] = {}
    for on in served:
        second = rng.random() < 0.08
        court, code, kind = (county.upper_court, upper, "行终") if second else (county.court, basic, "行初")
        # the intermediate court's numbers are shared by its ten counties: the county index keeps them apart
        key = (code, on.year)
        seq[key] = seq.get(key, 0) + 1
        number = seq[key] * 100 + county.index % 10 if second else seq[key]
        category = _pick(rng, [("penalty", 35), ("coercion", 10), ("licensing", 6), ("expropriation", 12),
                               ("registration", 10), ("info_disclosure", 12), ("agreement", 3),
                               ("inaction", 8), ("other", 4)])  # fmt: skip
        case = LitigationCase(
            org=rng.choices(county.respondents, cum_weights=weights)[0],
            court=court,
            court_case_number=f"({on.year}){code}{kind}{number}号",
            instance=Instance.SECOND if second else Instance.FIRST,
            cause=f"不服{rng.choice(ACTS.get(category, ACTS['other']))}",
            act_category=category,
            served_on=on,
            status=Status.SERVED,
        )
        if rng.random() < 0.95:
            case.answer_filed_on = on + timedelta(days=rng.randrange(5, 15))
            case.agents = "机关工作人员"
            case.status = Status.ANSWERED
        concluded = on + timedelta(days=rng.randrange(45, 300))
        if case.answer_filed_on and concluded <= last and rng.random() < 0.97:
            case.outcome = _pick(rng, outcomes)
            case.judgment_kind = judgment_kind_for(case.outcome) or ""
            case.concluded_on = concluded
            delivered = concluded + timedelta(days=rng.randrange(1, 10))
            if delivered <= last:
                case.judgment_served_on = delivered
                case.status = _pick(rng, [(Status.FINAL, 70), (Status.APPEALED, 15), (Status.JUDGED, 15)])
                if case.status != Status.JUDGED:
                    case.appeal_filed = case.status == Status.APPEALED
                    case.appeal_decided_on = delivered + timedelta(days=rng.randrange(0, 10))
                    if case.appeal_decided_on > last:
                        case.appeal_decided_on = delivered
            else:
                case.status = Status.JUDGED
        elif case.answer_filed_on and rng.random() < 0.5:
            case.status = Status.IN_TRIAL
        # the cached due dates, as the product's services store them (the list and API read them)
        for name, due in case.compute_deadlines().items():
            setattr(case, name, due)
        if rng.random() < 0.8:
            name, id_number, phone = _person(rng)
            plaintiff = Plaintiff(kind=PartyKind.PERSON, name=name, id_number=id_number, phone=phone)
        else:
            name, credit = _company(rng)
            plaintiff = Plaintiff(kind=PartyKind.ORGANIZATION, name=name, id_number=credit)
        yield case, [plaintiff]
