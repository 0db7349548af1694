"""A hand-made year of records for the figure, report and portal tests: litigation and 复议 cases
walked through their modules' services, each remembered with what it counts as (FIGURES.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.orgs.models import OrgUnit


class Cases:
    """Litigation cases created through the litigation module's services, with what each counts as."""

    def __init__(self, actor: Any, units: dict[str, OrgUnit]) -> None:
        self.actor, self.units, self.n = actor, units, 0
        self.made: list[dict[str, Any]] = []

    def add(
        self,
        unit: str,
        served: date,
        *,
        judged: date | None = None,
        outcome: str = "claim_rejected",
        kind: str = "judgment",
        session: date | None = None,
        head: str = "",
    ) -> Any:
        self.n += 1
        from fazhi.core.actions import TRUSTED, run
        from fazhi.litigation import services as lit
        from fazhi.litigation.actions import WORKFLOW

        case = lit.create_case(
            actor=self.actor,
            data=lit.CaseData(
                court_case_number=f"({served.year})浙0381行初{self.n}号",
                court=self.units["court"],
                defendant=self.units[unit],
                cause="行政处罚",
                act_category="penalty",
                served_on=served,
                plaintiffs=[lit.PlaintiffData("张三测试", "person", "", "13812345678")],
            ),
        )
        if session:
            run(WORKFLOW, "record_answer", case, actor=self.actor, data={"date": served}, version=TRUSTED)
            run(
                WORKFLOW,
                "add_session",
                case,
                actor=self.actor,
                data={
                    "date": session,
                    "head_appeared": bool(head),
                    "head_name": "测试负责人" if head else "",
                    "head_post": head or "",
                    "absence_reason": "" if head else "公务冲突",
                },
                version=TRUSTED,
            )
        if judged:
            case.refresh_from_db()
            run(
                WORKFLOW,
                "judge",
                case,
                actor=self.actor,
                data={"date": judged, "outcome": outcome, "kind": kind},
                version=TRUSTED,
            )
        self.made.append(
            {
                "case": case,
                "unit": unit,
                "served": served,
                "judged": judged,
                "outcome": outcome,
                "session": session,
                "head": head,
            }
        )
        return case

    @classmethod
    def year_2019(cls, actor: Any, units: dict[str, OrgUnit]) -> Cases:
        """6 cases in two units, of which 4 concluded in 2019 (2 lost), 3 heard (2 with a head)."""
        from fazhi.litigation.models import HeadPost, JudgmentKind

        c = cls(actor, units)
        c.add(
            "d01",
            date(2019, 2, 1),
            judged=date(2019, 6, 3),
            outcome="revoked",
            session=date(2019, 5, 6),
            head=HeadPost.PRINCIPAL,
        )
        c.add(
            "d01",
            date(2019, 3, 1),
            judged=date(2019, 7, 1),
            outcome="claim_rejected",
            session=date(2019, 6, 6),
            head="",
        )
        c.add(
            "d02",
            date(2019, 4, 1),
            judged=date(2019, 8, 1),
            outcome="confirmed_illegal",
            session=date(2019, 7, 8),
            head=HeadPost.DEPUTY,
        )
        c.add("d02", date(2019, 5, 1), judged=date(2019, 9, 2), outcome="withdrawn", kind=JudgmentKind.RULING)
        c.add("d02", date(2019, 11, 1))
        c.add("d01", date(2018, 11, 1), judged=date(2018, 12, 20), outcome="revoked")
        return c


class ReconCases:
    """Reconsideration cases walked through the reconsideration module's services."""

    def __init__(self, actor: Any, units: dict[str, OrgUnit]) -> None:
        self.actor, self.units = actor, units
        self.made: list[dict[str, Any]] = []

    def add(
        self,
        unit: str,
        received: date,
        accepted: date | None = None,
        concluded: date | None = None,
        outcome: str = "upheld",
    ) -> Any:
        from fazhi.core.actions import TRUSTED, run
        from fazhi.reconsideration import services as recon
        from fazhi.reconsideration.actions import WORKFLOW

        case = recon.receive(
            actor=self.actor,
            respondent=self.units[unit],
            received_on=received,
            contested_act="治安管理处罚决定",
            act_category="penalty",
            field="public_security",
            parties=[{"name": "李四测试", "kind": "person", "phone": "13912345678"}],
        )
        if accepted:
            case = run(WORKFLOW, "accept", case, actor=self.actor, data={"date": accepted}, version=TRUSTED)
            if concluded:
                case = run(
                    WORKFLOW,
                    "conclude",
                    case,
                    actor=self.actor,
                    data={"date": concluded, "outcome": outcome},
                    version=TRUSTED,
                )
        self.made.append(
            {
                "case": case,
                "unit": unit,
                "received": received,
                "accepted": accepted,
                "concluded": concluded,
                "outcome": outcome if concluded else None,
            }
        )
        return case

    @classmethod
    def year_2019(cls, actor: Any, units: dict[str, OrgUnit]) -> ReconCases:
        """5 applications, 4 concluded (upheld, revoked, withdrawn, mediated), one still open."""
        r = cls(actor, units)
        r.add("d01", date(2019, 3, 4), date(2019, 3, 6), date(2019, 4, 10), "upheld")
        r.add("d01", date(2019, 5, 6), date(2019, 5, 8), date(2019, 6, 12), "revoked")
        r.add("d02", date(2019, 6, 3), date(2019, 6, 5), date(2019, 6, 28), "withdrawn")
        r.add("d02", date(2019, 7, 1), date(2019, 7, 3), date(2019, 8, 9), "mediated")
        r.add("d02", date(2019, 11, 4), date(2019, 11, 6))
        return r


FINISHED = {
    "shortcomings": "一是基层法治力量仍显薄弱。\n二是执法规范化水平有待提高。",
    "leaders": "（一）党委主要负责人认真履行第一责任人职责。\n（二）政府主要负责人认真履行第一责任人职责。",
    "plans": "（一）持续完善依法决策机制。",
}


def finish_draft(report: Any, actor: Any) -> Any:
    """Fill in the "（请填写…）" placeholders of a prefilled draft, as staff would before 提交保密审查."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.reports.actions import EDITS

    for section in report.sections.filter(code__in=FINISHED):
        if "请填写" not in section.text:
            continue  # already written by the test
        run(
            EDITS,
            "section_save",
            section.report,
            actor=actor,
            data={"section": section, "text": FINISHED[section.code]},
            version=TRUSTED,
        )
    report.refresh_from_db()
    return report
