"""Steps of issue 15 on a reconsideration case, declared in ``actions.WORKFLOW``: 简易程序转为普通程序
(Art 55) and 撤回审结 (a conclusion entered by mistake; ``core.casework.reopen_transition``). Both need the
head's approval (``casefiles.approvals``), as 延期 (Art 62), 中止 and the decision itself do."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.dates import cn_date
from fazhi.core.dates import today as local_today

from .models import Procedure, ReconsiderationCase

#: The laws that reserve a step to the head of the reconsideration office (RULES §2).
APPROVAL_EXTEND = "《行政复议法》第六十二条：经行政复议机构的负责人批准，可以适当延长"
APPROVAL_CONVERT = "《行政复议法》第五十五条：经行政复议机构的负责人批准，可以转为普通程序审理"
APPROVAL_SUSPEND = "《行政复议法》第三十九条（中止）：报行政复议机构负责人批准"
APPROVAL_DECISION = (
    "《行政复议法》第六十一条：复议决定经行政复议机关的负责人同意；终止行政复议（第四十一条、第七十四条）同"
)
APPROVAL_REOPEN = "撤回已登记的审结（录入错误），经行政复议机构负责人批准；已作出的复议决定不因此改变"


def convertible(case: ReconsiderationCase) -> str:
    return "" if case.procedure == Procedure.SIMPLIFIED else "本案适用普通程序，无需转换"


def convert_procedure(case: ReconsiderationCase, data: dict[str, Any], ctx: Any) -> None:
    """简易程序 → 普通程序 (Art 55): from then on the decision is due 60 days from acceptance (Art 62),
    and an extension may be approved; the suspended days still do not count."""
    on = data.get("date")
    if on is None:
        raise ValidationError({"date": "请填写转换日期"})
    if on > local_today():
        raise ValidationError({"date": "转换日期不能晚于今天"})
    if case.accepted_on and on < case.accepted_on:
        raise ValidationError({"date": f"转换日期不能早于受理日期（{cn_date(case.accepted_on)}）"})
    reason = (data.get("reason") or "").strip() or (ctx.extra.get("approval") or {}).get("reason", "")
    if not reason:
        raise ValidationError({"reason": "请填写不宜适用简易程序的理由（《行政复议法》第五十五条）"})
    case.procedure, case.converted_on = Procedure.ORDINARY, on
    ctx.note = f"简易程序转为普通程序：{reason}"


def clear_conclusion(case: ReconsiderationCase) -> None:
    case.concluded_on, case.outcome, case.decision_summary = None, "", ""
