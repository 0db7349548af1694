"""The named problems of enforcement decisions (RULES §6), found for a batch of decisions with one query
per source (certificates, reviews) and stored as ``ActionProblem`` rows plus ``problem_count``: the
service, the actions and the import call the same ``refresh`` so every path flags the same breaches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from fazhi.workdays.calendar import CalendarMissing
from fazhi.workdays.rules import DeadlineRule

from . import rules
from .models import (
    SHORT_PUBLICITY,
    ActionOfficer,
    ActionProblem,
    ActionType,
    Certificate,
    EnforcementAction,
    Problem,
)


def publicity_rule(action_type: str) -> DeadlineRule:
    return rules.PUBLICITY_SHORT if action_type in SHORT_PUBLICITY else rules.PUBLICITY_LONG


def _due(rule: DeadlineRule, start: date | None) -> date | None:
    if start is None:
        return None
    try:
        return rule.due(start)
    except CalendarMissing:
        return None  # 日历缺失: not guessed, not flagged


def set_deadlines(a: EnforcementAction) -> None:
    a.publicity_due = _due(publicity_rule(a.action_type).for_record(a), a.decided_on)


def _late(done: date | None, due: date | None) -> bool:
    return done is not None and due is not None and done > due


def codes_of(
    a: EnforcementAction, officer_ids: Sequence[int], certs: dict[int, list[Certificate]], passed: set[int]
) -> list[str]:
    """The problem codes of one decision; ``certs`` by officer, ``passed`` the ids of decisions whose
    legality review passed before the decision."""
    out: list[str] = []
    penalty = a.action_type == ActionType.PENALTY
    if any(not any(c.valid_on(a.decided_on) for c in certs.get(o, ())) for o in officer_ids):
        out.append(Problem.UNCERTIFIED)
    if penalty and len(set(officer_ids)) < 2:
        out.append(Problem.ONE_OFFICER)
    if a.is_major and a.pk not in passed:
        out.append(Problem.UNREVIEWED)
    if _late(a.publicized_on, a.publicity_due):
        out.append(Problem.LATE_PUBLICITY)
    if penalty and _late(a.decided_on, _due(rules.DECISION, a.filed_on)):
        out.append(Problem.LATE_DECISION)
    if penalty and _late(a.served_on, _due(rules.SERVICE, a.decided_on)):
        out.append(Problem.LATE_SERVICE)
    if _late(a.withdrawn_on, _due(rules.WITHDRAWAL, a.revoked_on)):
        out.append(Problem.LATE_WITHDRAWAL)
    return out


def certificates_of(officer_ids: Iterable[int]) -> dict[int, list[Certificate]]:
    by_officer: dict[int, list[Certificate]] = defaultdict(list)
    for c in Certificate.objects.filter(officer_id__in=set(officer_ids)):
        by_officer[c.officer_id].append(c)
    return by_officer


def reviewed(actions: Sequence[EnforcementAction]) -> set[int]:
    """Ids of the major decisions with a review in the one queue that passed on or before the decision
    (行政处罚法 Art 58: no major decision without a passed review)."""
    from fazhi.decisions.models import LegalityReview, ReviewStatus, SubjectKind

    majors = {a.pk: a for a in actions if a.is_major and a.pk is not None}
    if not majors:
        return set()
    out: set[int] = set()
    for r in LegalityReview.objects.filter(
        subject_kind=SubjectKind.ENFORCEMENT, subject_id__in=list(majors), status=ReviewStatus.CONCLUDED
    ):
        a = majors[r.subject_id]
        if r.passes_gate and r.concluded_on <= a.decided_on:
            out.add(a.pk)
    return out


def refresh(actions: Sequence[EnforcementAction], officers: dict[int, list[int]] | None = None) -> None:
    """Recompute and store the problems of saved decisions (their rows and ``problem_count``).
    ``officers``: the officer ids by decision, when the caller has them (an import); else read."""
    if not actions:
        return
    ids = [a.pk for a in actions]
    if officers is None:
        officers = defaultdict(list)
        for action_id, officer_id in ActionOfficer.objects.filter(record_id__in=ids).values_list(
            "record_id", "officer_id"
        ):
            officers[action_id].append(officer_id)
    certs = certificates_of(o for v in officers.values() for o in v)
    passed = reviewed(actions)
    rows: list[ActionProblem] = []
    for a in actions:
        codes = codes_of(a, officers.get(a.pk, []), certs, passed)
        rows += [ActionProblem(record_id=a.pk, code=c) for c in codes]
        a.problem_count = len(codes)
    ActionProblem.objects.filter(record_id__in=ids).delete()
    ActionProblem.objects.bulk_create(rows, batch_size=1000)
    EnforcementAction.objects.bulk_update(actions, ["problem_count"], batch_size=1000)


def refresh_publicity_due(government: Any = None) -> int:
    """Listener: a government changed its publicity periods (issue 16 item 2) — recompute the 公示期限 of its
    decisions not yet publicized (a publicized one keeps the period it was judged by). Without a government
    (a holiday-calendar change) nothing is done here, as before."""
    from fazhi.workdays.rules import memoised, own_units_q

    if government is None:
        return 0  # the stored periods follow the holiday calendar through the decision's next save
    actions = EnforcementAction.objects.filter(publicized_on__isnull=True, withdrawn_on__isnull=True)
    actions = actions.filter(own_units_q(government))
    changed: list[EnforcementAction] = []
    count = 0
    with memoised():
        for a in (
            actions.select_related("org")
            .only("id", "action_type", "decided_on", "publicity_due", "org__path", "org__kind", "org__code")
            .iterator(chunk_size=1000)
        ):
            before = a.publicity_due
            set_deadlines(a)
            if a.publicity_due != before:
                changed.append(a)
            if len(changed) >= 1000:
                count += EnforcementAction.objects.bulk_update(changed, ["publicity_due"])
                changed = []
    count += EnforcementAction.objects.bulk_update(changed, ["publicity_due"]) if changed else 0
    return count
