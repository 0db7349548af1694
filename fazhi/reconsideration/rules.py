"""The deadline rules of 行政复议法 (2023) as RULES.md §2 states them — one table, registered in hooks.py.

Art 88: the law's 三日、五日、七日、十日 are working days; 30 and 60 days are calendar days.
"""

from __future__ import annotations

from fazhi.workdays.rules import DeadlineRule

ACCEPTANCE = DeadlineRule(
    "reconsideration.acceptance",
    "受理审查",
    "收到申请之日（经补正的，自收到补正材料之日）",
    5,
    "working",
    "《行政复议法》第三十条；期满未作决定的，自期满之日起视为受理",
)
CORRECTION_NOTICE = DeadlineRule(
    "reconsideration.correction_notice",
    "通知补正",
    "收到申请之日",
    5,
    "working",
    "《行政复议法》第三十一条",
)
CORRECTION_PERIOD = DeadlineRule(
    "reconsideration.correction_period",
    "申请人补正",
    "收到补正通知之日",
    10,
    "working",
    "《行政复议法》第三十一条",
)
COPY = DeadlineRule(
    "reconsideration.copy",
    "发送申请书副本",
    "受理之日",
    7,
    "working",
    "《行政复议法》第四十八条",
)
ANSWER = DeadlineRule(
    "reconsideration.answer",
    "被申请人答复",
    "收到申请书副本之日",
    10,
    "working",
    "《行政复议法》第四十八条",
)
COPY_SIMPLIFIED = DeadlineRule(
    "reconsideration.copy_simplified",
    "发送申请书副本（简易程序）",
    "受理之日",
    3,
    "working",
    "《行政复议法》第五十四条",
)
ANSWER_SIMPLIFIED = DeadlineRule(
    "reconsideration.answer_simplified",
    "被申请人答复（简易程序）",
    "收到申请书副本之日",
    5,
    "working",
    "《行政复议法》第五十四条",
)
HEARING_NOTICE = DeadlineRule(
    "reconsideration.hearing_notice",
    "听证通知",
    "听证之日前",
    5,
    "working",
    "《行政复议法》第五十一条：听证“五日前”通知，通知送达日与听证日之间至少间隔五个工作日",
)
#: Art 62: one extension of at most 30 days — the one place the limit is written (models' CHECK, services,
#: forms and the import read it).
MAX_EXTENSION_DAYS = 30

DECISION = DeadlineRule(
    "reconsideration.decision",
    "作出复议决定（普通程序）",
    "受理之日",
    60,
    "calendar",
    f"《行政复议法》第六十二条；延期不超过{MAX_EXTENSION_DAYS}日；中止期间不计入（中止事由见第三十九条，扣除中止期间系通行做法，法律无明文规定）",
)
DECISION_SIMPLIFIED = DeadlineRule(
    "reconsideration.decision_simplified",
    "作出复议决定（简易程序）",
    "受理之日",
    30,
    "calendar",
    "《行政复议法》第六十二条；中止期间不计入（中止事由见第三十九条，扣除中止期间系通行做法，法律无明文规定）",
)
ALL = [
    ACCEPTANCE,
    CORRECTION_NOTICE,
    CORRECTION_PERIOD,
    COPY,
    ANSWER,
    COPY_SIMPLIFIED,
    ANSWER_SIMPLIFIED,
    HEARING_NOTICE,
    DECISION,
    DECISION_SIMPLIFIED,
]
