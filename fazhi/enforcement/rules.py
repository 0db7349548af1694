"""The deadline rules of 行政执法 (RULES §6; 国办发〔2018〕118号; 行政处罚法 2021): one table, registered by
the manifest. Every statutory length is a setting (``FAZHI_DEADLINE_OVERRIDES``); the local ones and the
reminder horizon of certificates are ``FAZHI_ENFORCEMENT = {"certificate_reminder_days": 60,
"complaint_days": 30, "notice_reply_days": 20}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from fazhi.workdays.rules import DeadlineRule

#: 行政许可 and 行政处罚 decisions are published within 7 working days, others within 20 (国办发〔2018〕118号).
PUBLICITY_SHORT = DeadlineRule(
    "enforcement.publicity_short",
    "执法决定公示（许可、处罚）",
    "作出执法决定之日",
    7,
    "working",
    "国办发〔2018〕118号：行政许可、行政处罚的执法决定信息在执法决定作出之日起7个工作日内公开",
    local=True,
    maximum=7,
)
PUBLICITY_LONG = DeadlineRule(
    "enforcement.publicity_long",
    "执法决定公示（其他）",
    "作出执法决定之日",
    20,
    "working",
    "国办发〔2018〕118号：其他行政执法决定信息在执法决定作出之日起20个工作日内公开",
    local=True,
    maximum=20,
)
#: 行政处罚法 Art 60: decided within 90 days of filing (立案).
DECISION = DeadlineRule(
    "enforcement.penalty_decision",
    "行政处罚决定期限",
    "立案之日",
    90,
    "calendar",
    "《行政处罚法》第六十条：行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定",
)
#: 行政处罚法 Art 61 (served within 7 days) — its 七日 are working days (Art 85).
SERVICE = DeadlineRule(
    "enforcement.penalty_service",
    "行政处罚决定书送达",
    "作出行政处罚决定之日",
    7,
    "working",
    "《行政处罚法》第六十一条：当事人不在场的，应当在七日内送达（第八十五条：七日指工作日）",
)
#: 行政处罚法 Art 48: a revoked or changed decision's publicity is withdrawn within 3 days (working, Art 85).
WITHDRAWAL = DeadlineRule(
    "enforcement.withdrawal",
    "撤回公示",
    "执法决定被撤销、确认违法或变更之日",
    3,
    "working",
    "《行政处罚法》第四十八条：行政处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回公开信息",
)


@dataclass(frozen=True)
class SettingRule(DeadlineRule):
    """A local period: its length is ``FAZHI_ENFORCEMENT[setting]`` (default ``length``), not a statute's."""

    setting: str = ""

    @property
    def days(self) -> int:
        return int(getattr(settings, "FAZHI_ENFORCEMENT", {}).get(self.setting, self.length))


#: 执法投诉: no national statute fixes the period; it is local (各地行政执法监督办法、投诉举报办法), a
#: setting ``FAZHI_ENFORCEMENT["complaint_days"]`` with the common 30 working days as default.
COMPLAINT = SettingRule(
    "enforcement.complaint",
    "执法投诉办理期限",
    "收到投诉之日",
    30,
    "working",
    "本地规定（各地行政执法监督办法）：行政执法投诉自收到之日起30个工作日内办结（本地设置 complaint_days）",
    setting="complaint_days",
)
#: 监督意见书/建议书: the body answers in writing within a local period, ``FAZHI_ENFORCEMENT["notice_reply_days"]``.
NOTICE_REPLY = SettingRule(
    "enforcement.notice_reply",
    "监督文书书面回复期限",
    "制发监督意见书/建议书之日",
    20,
    "working",
    "本地规定（各地行政执法监督办法）：执法主体自收到监督文书之日起20个工作日内书面回复（本地设置 notice_reply_days）",
    setting="notice_reply_days",
)

ALL = [PUBLICITY_SHORT, PUBLICITY_LONG, DECISION, SERVICE, WITHDRAWAL, COMPLAINT, NOTICE_REPLY]

BASIS_TWO_OFFICERS = "《行政处罚法》第四十二条：执法人员不得少于两人"
BASIS_CERTIFICATE = (
    "国办发〔2018〕118号、《行政处罚法》第四十二条：执法人员应当具有行政执法资格（持有效执法证件）"
)
BASIS_REVIEW = "《行政处罚法》第五十八条：重大执法决定未经法制审核或者审核未通过的，不得作出决定"

_DEFAULTS: dict[str, Any] = {
    "certificate_reminder_days": 60,
    "complaint_days": COMPLAINT.length,
    "notice_reply_days": NOTICE_REPLY.length,
}


def setting(name: str) -> Any:
    return {**_DEFAULTS, **getattr(settings, "FAZHI_ENFORCEMENT", {})}[name]
