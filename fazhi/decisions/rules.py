"""The deadline rules of 重大行政决策 and 合法性审查 (RULES §4–5): one table, registered by the manifest.

Every length is a setting: ``FAZHI_DEADLINE_OVERRIDES = {"decisions.review.decision": 20}`` changes it
where the local rule differs (``DeadlineRule.days``).
"""

from __future__ import annotations

from fazhi.workdays.rules import DeadlineRule

_REVIEW_BASIS = {
    "decision": "《重大行政决策程序暂行条例》（国务院令第713号）第二十五条至第二十八条；审查期限按本地规定，默认15个工作日",
    "normative": "国办发〔2018〕115号：审核时间一般不少于5个工作日、最长不超过15个工作日",
    "contract": "本地行政协议合法性审查规定，默认15个工作日",
    "enforcement": "国办发〔2018〕118号（重大执法决定法制审核），默认15个工作日",
    "other": "本地合法性审查规定，默认15个工作日",
}

#: Bounds the law fixes on a government's own review period: 国务院令第713号 Art 27 gives the reviewer
#: normally at least 7 working days; 国办发〔2018〕115号 at least 5 and at most 15 for normative documents.
_REVIEW_MINIMUM = {"decision": 7, "normative": 5}
_REVIEW_MAXIMUM = {"normative": 15}

#: The review desk's period per subject kind (working days; 补充材料 time is not counted).
REVIEW = {
    kind: DeadlineRule(
        f"decisions.review.{kind}",
        "合法性审查",
        "收到送审材料之日（补充材料期间不计入）",
        15,
        "working",
        basis,
        local=True,
        minimum=_REVIEW_MINIMUM.get(kind),
        maximum=_REVIEW_MAXIMUM.get(kind),
    )
    for kind, basis in _REVIEW_BASIS.items()
}

#: 国务院令第713号 Art 27: the reviewer is normally given at least 7 working days before the meeting.
MINIMUM_REVIEW = DeadlineRule(
    "decisions.review_minimum",
    "合法性审查最短时间",
    "送审之日至拟提交集体讨论之日",
    7,
    "working",
    "《重大行政决策程序暂行条例》（国务院令第713号）第二十七条：送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日",
    local=True,
    minimum=7,
)

#: 国务院令第713号 Art 14: public consultation normally lasts at least 30 days; shorter needs a reason.
CONSULTATION = DeadlineRule(
    "decisions.consultation",
    "公开征求意见",
    "征求意见开始之日",
    30,
    "calendar",
    "《重大行政决策程序暂行条例》（国务院令第713号）第十四条：征求意见期限一般不少于30日；因情况紧急等原因需要缩短期限的，应当予以说明",
    local=True,
    minimum=30,
)

#: 国务院令第713号 Art 26: no collective discussion without a completed, favourable legality review.
GATE_BASIS = "《重大行政决策程序暂行条例》（国务院令第713号）第二十六条"

ALL = [*REVIEW.values(), MINIMUM_REVIEW, CONSULTATION]


def review_rule(kind: str) -> DeadlineRule:
    return REVIEW.get(kind, REVIEW["other"])
