"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, PARTY_PHONE, ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.testing.factories import applicant, make_reconsideration_case

    party = applicant(id_number=PARTY_ID, phone=PARTY_PHONE)
    return make_reconsideration_case(world.bureau, world.unit, date(2024, 3, 1), parties=[party])


def _published(world: Any) -> tuple[Any, tuple[str, ...]]:
    """A concluded case whose 行政复议决定书 the office checked and published (issue 15 item 8): the
    applicant 欧阳明华 (a natural person) appears only as 欧某某某; the internal 决定要旨 stays internal."""
    from fazhi.casefiles import publication, services
    from fazhi.casefiles.registry import for_label
    from fazhi.core.actions import TRUSTED, run
    from fazhi.reconsideration.actions import WORKFLOW
    from fazhi.testing.factories import applicant, make_reconsideration_case

    party = applicant(name="欧阳明华", id_number=PARTY_ID, phone=PARTY_PHONE)
    case = make_reconsideration_case(world.bureau, world.unit, date(2024, 3, 1), parties=[party])
    case = run(WORKFLOW, "accept", case, actor=world.bureau, data={"date": date(2024, 3, 4)}, version=TRUSTED)
    case = run(
        WORKFLOW,
        "conclude",
        case,
        actor=world.bureau,
        data={"date": date(2024, 4, 1), "outcome": "upheld", "summary": "内部意见：维持"},
        version=TRUSTED,
    )
    cf = for_label("reconsideration")
    doc = services.generate(
        cf,
        case,
        "decision",
        actor=world.bureau,
        data={"facts": f"欧阳明华（电话{PARTY_PHONE}）于2024年1月5日违法停车。", "reasons": "处罚并无不当。"},
    )
    publication.publish(cf, case, doc, actor=world.bureau)
    return case, ("欧阳明华", "内部意见：维持")


FACTS = ModuleFacts(_make, r'data-case="([^"]+)"', has_parties=True, published=_published)
