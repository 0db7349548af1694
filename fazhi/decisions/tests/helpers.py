"""Builders for this module's tests (through the services, as a user would)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook

from fazhi.decisions import services
from fazhi.decisions.models import MajorDecision, Step

BEFORE = [
    {"step": Step.PUBLIC_PARTICIPATION, "date": date(2019, 4, 2), "started_on": date(2019, 3, 1),
     "ended_on": date(2019, 4, 1), "comments_received": 12, "comments_adopted": 3},
    {"step": Step.EXPERT_REVIEW, "date": date(2019, 4, 8), "not_applicable": True, "reason": "不涉及专业性技术性问题"},
    {"step": Step.RISK_ASSESSMENT, "date": date(2019, 4, 9), "risk_level": "low", "conclusion": "风险可控"},
]  # fmt: skip
MEETING = {
    "step": Step.COLLECTIVE_DECISION,
    "date": date(2019, 5, 20),
    "meeting": "市政府常务会议",
    "result": "agree",
}


def decision(actor: Any, unit: Any, *, steps: bool = True, **kw: Any) -> MajorDecision:
    d = services.create_decision(
        actor=actor, data=services.DecisionData(kw.pop("title", "管道燃气特许经营"), unit, 2019, True, **kw)
    )
    for data in BEFORE if steps else []:
        d = services.record_step(actor=actor, decision=d, data=data)
    return d


def review(actor: Any, unit: Any, received: date, *, kind: str = "decision", subject: Any = None) -> Any:
    return services.create_review(
        actor=actor,
        data=services.ReviewData(kind, "决策草案", unit, received, subject_id=getattr(subject, "pk", None)),
    )


def conclude(actor: Any, r: Any, on: date, opinion: str = "lawful") -> Any:
    data = {"date": on, "opinion": opinion, "reasons": "" if opinion == "lawful" else "第三条缺乏依据"}
    return services.act("conclude", actor=actor, review=r, data=data, version=r.version)


def workbook(columns: list[Any], rows: list[dict[str, Any]]) -> io.BytesIO:
    """A filled import sheet: the template's headers (required ones starred) and one line per row."""
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in columns])
    for r in rows:
        ws.append([r.get(c.key) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return io.BytesIO(buf.getvalue())
