"""Figures against hand-written SQL (issue 11 item 4), on the province of ``bench/province.py``.

    .venv/bin/python bench/figures.py [--scale small|moderate|full] [--year 2024] [--reps 5]

For one county and one year, per module: the product's figures (the module's provider, as
``collect(FigureQuery.for_year(year, county))`` calls it for the annual report and the dashboard) against
hand-written SQL computing **the same numbers** (every count and rate of FIGURES.md the module publishes:
复议 13 counts and 2 rates in one statement; 应诉 5 counts, 3 per-case session counts, 败诉责任调查,
复议后起诉 and 4 rates in one statement with scalar subqueries; 争议化解 every channel in one statement).
Every number must agree. The goal is product ≤ 1.3× the SQL. Then the whole province's figures, wall time,
goal ≤ 2 s. Timings are medians of ``--reps`` runs, interleaved, after one warm-up run each; "cold" is
the product's first call for a period shape and scope (the aggregates compiled, ``fazhi.core.figure_sql``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import PROVINCE, generate, scale_from_args, setup_django
from fazhi.core.province_rows import LAST_YEAR

GOAL_COUNTY = 1.3
GOAL_PROVINCE_S = 2.0
MODULES = ("reconsideration", "litigation", "disputes", "enforcement")


def _in(values: Any) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))


def recon_sql(cursor: Any, params: dict[str, Any]) -> dict[str, Any]:
    """复议: the 13 counts of FIGURES.md and their two rates, one conditional aggregate."""
    from fazhi.core.figures import rate
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import OUTCOME_GROUPS, Outcome, ReconsiderationCase, Status

    groups = {name: _in(codes) for name, (_, codes) in OUTCOME_GROUPS.items()}
    substantive = _in([*OUTCOME_GROUPS["corrected"][1], Outcome.MEDIATED, Outcome.WITHDRAWN])
    concluded = "c.concluded_on BETWEEN %(s)s AND %(e)s"
    cursor.execute(
        f"""
        SELECT COUNT(*) FILTER (WHERE c.received_on BETWEEN %(s)s AND %(e)s),
               COUNT(*) FILTER (WHERE c.accepted_on BETWEEN %(s)s AND %(e)s),
               COUNT(*) FILTER (WHERE c.declined_on BETWEEN %(s)s AND %(e)s),
               COUNT(*) FILTER (WHERE c.accepted_on < %(s)s
                                  AND (c.concluded_on IS NULL OR c.concluded_on >= %(s)s)),
               COUNT(*) FILTER (WHERE {concluded}),
               {", ".join(f"COUNT(*) FILTER (WHERE {concluded} AND c.outcome IN ({g}))" for g in groups.values())},
               COUNT(*) FILTER (WHERE {concluded} AND c.outcome = '{Outcome.MEDIATED}'),
               COUNT(*) FILTER (WHERE {concluded} AND c.outcome IN ({substantive})),
               COUNT(*) FILTER (WHERE (c.accepted_on <= %(e)s
                                       AND (c.concluded_on IS NULL OR c.concluded_on > %(e)s)
                                       AND c.decision_due < %(e)s AND c.status <> '{Status.SUSPENDED}')
                                   OR ({concluded} AND c.concluded_on > c.decision_due))
        FROM {ReconsiderationCase._meta.db_table} c JOIN {OrgUnit._meta.db_table} u ON u.id = c.org_id
        WHERE u.path LIKE %(p)s
          AND (c.received_on BETWEEN %(s)s AND %(e)s OR c.accepted_on BETWEEN %(s)s AND %(e)s
               OR c.declined_on BETWEEN %(s)s AND %(e)s OR {concluded}
               OR (c.accepted_on <= %(e)s AND (c.concluded_on IS NULL OR c.concluded_on >= %(s)s)))""",
        params,
    )
    row = [int(v or 0) for v in cursor.fetchone()]
    due, on_time = _performance(cursor, params, ReconsiderationCase)
    names = ["received", "accepted", "declined", "carried_over", "concluded", *groups, "mediated"]
    out = {f"reconsideration.{n}": v for n, v in zip([*names, "substantive", "overdue"], row, strict=True)}
    n = out["reconsideration.concluded"]
    out["reconsideration.correction_rate"] = rate(out["reconsideration.corrected"], n)
    out["reconsideration.substantive_resolution_rate"] = rate(out.pop("reconsideration.substantive"), n)
    out |= {
        "reconsideration.performance_due": due,
        "reconsideration.performed_on_time": on_time,
        "reconsideration.performance_rate": rate(on_time, due),
    }
    return out


def _performance(cursor: Any, params: dict[str, Any], model: Any) -> tuple[int, int]:
    """按期履行 (issue 15, ``casefiles.performance``): the supervised decisions of the module's live cases
    in scope whose 履行期限 falls in the period, and those performed by it."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.casefiles.performance import Performance
    from fazhi.core.casework import VOIDED
    from fazhi.orgs.models import OrgUnit

    cursor.execute(
        f"""
        SELECT COUNT(*), COUNT(*) FILTER (WHERE f.performed_on <= f.due_on)
        FROM {Performance._meta.db_table} f
        JOIN {ContentType._meta.db_table} t ON t.id = f.content_type_id
        JOIN {model._meta.db_table} c ON c.id = f.object_id
        JOIN {OrgUnit._meta.db_table} u ON u.id = c.org_id
        WHERE t.app_label = %(app)s AND t.model = %(model)s AND c.status <> %(voided)s
          AND u.path LIKE %(p)s AND f.due_on BETWEEN %(s)s AND %(e)s""",
        {**params, "app": model._meta.app_label, "model": model._meta.model_name, "voided": VOIDED},
    )
    due, on_time = (int(v or 0) for v in cursor.fetchone())
    return due, on_time


def litigation_sql(cursor: Any, params: dict[str, Any]) -> dict[str, Any]:
    """应诉: its counts, the per-case session counts, 败诉责任调查 and 复议后起诉 (which it owns), rates."""
    from fazhi.core.figures import rate
    from fazhi.litigation.models import (
        LOSS_OUTCOMES,
        QUALIFYING_POSTS,
        CourtSession,
        HeadPost,
        JudgmentKind,
        LitigationCase,
        LossAccountability,
        Outcome,
    )
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import ReconsiderationCase

    units = OrgUnit._meta.db_table
    cases = LitigationCase._meta.db_table
    concluded = "c.concluded_on BETWEEN %(s)s AND %(e)s"
    not_settled = (
        f"NOT (c.outcome IN ({_in([Outcome.WITHDRAWN, Outcome.MEDIATED])}) AND c.outcome IS NOT NULL)"
    )
    sessions = f"""FROM {CourtSession._meta.db_table} s JOIN {cases} sc ON sc.id = s.case_id
                   JOIN {units} su ON su.id = sc.org_id
                   WHERE s.held_on BETWEEN %(s)s AND %(e)s AND su.path LIKE %(p)s"""
    head = f"s.head_appeared AND s.head_post IN ({_in(QUALIFYING_POSTS)})"
    principal = f"s.head_appeared AND s.head_post = '{HeadPost.PRINCIPAL}'"
    cursor.execute(
        f"""
        SELECT COUNT(*) FILTER (WHERE c.served_on BETWEEN %(s)s AND %(e)s),
               COUNT(*) FILTER (WHERE {concluded}),
               COUNT(*) FILTER (WHERE {concluded} AND c.outcome IN ({_in(LOSS_OUTCOMES)})),
               COUNT(*) FILTER (WHERE {concluded} AND c.judgment_kind = '{JudgmentKind.JUDGMENT}'
                                  AND {not_settled}),
               COUNT(*) FILTER (WHERE {concluded} AND c.outcome = '{Outcome.WITHDRAWN}'),
               (SELECT COUNT(DISTINCT s.case_id) {sessions}),
               (SELECT COUNT(DISTINCT s.case_id) FILTER (WHERE {head}) {sessions}),
               (SELECT COUNT(DISTINCT s.case_id) FILTER (WHERE {principal}) {sessions}),
               (SELECT COUNT(*) FROM {LossAccountability._meta.db_table} a JOIN {units} au ON au.id = a.org_id
                 WHERE a.opened_on BETWEEN %(s)s AND %(e)s AND au.path LIKE %(p)s),
               (SELECT COUNT(*) FROM {ReconsiderationCase._meta.db_table} r JOIN {units} ru ON ru.id = r.org_id
                 WHERE r.concluded_on BETWEEN %(s)s AND %(e)s AND ru.path LIKE %(p)s),
               (SELECT COUNT(*) FROM {ReconsiderationCase._meta.db_table} r JOIN {units} ru ON ru.id = r.org_id
                 WHERE r.concluded_on BETWEEN %(s)s AND %(e)s AND ru.path LIKE %(p)s
                   AND r.id IN (SELECT related_reconsideration_id FROM {cases}
                                WHERE related_reconsideration_id IS NOT NULL))
        FROM {cases} c JOIN {units} u ON u.id = c.org_id
        WHERE u.path LIKE %(p)s AND (c.served_on BETWEEN %(s)s AND %(e)s OR {concluded})""",
        params,
    )
    (received, n, lost, judgments, withdrawn, heard, head_n, principal_n, opened, recon_n, sued) = (
        int(v or 0) for v in cursor.fetchone()
    )
    return {
        "litigation.received": received,
        "litigation.concluded": n,
        "litigation.lost": lost,
        "litigation.judgments": judgments,
        "litigation.withdrawn": withdrawn,
        "litigation.heard": heard,
        "litigation.head_appeared": head_n,
        "litigation.principal_head_appeared": principal_n,
        "litigation.accountability_opened": opened,
        "litigation.loss_rate": rate(lost, n),
        "litigation.loss_rate_judgments": rate(lost, judgments),
        "litigation.head_appearance_rate": rate(head_n, heard),
        "reconsideration.sued_after": sued,
        "reconsideration.sued_after_rate": rate(sued, recon_n),
    }


def disputes_sql(cursor: Any, params: dict[str, Any]) -> dict[str, Any]:
    """争议化解: handled, resolved, resolved by each channel, the rate."""
    from fazhi.core.figures import rate
    from fazhi.disputes.models import Channel, Dispute
    from fazhi.orgs.models import OrgUnit

    channels = [code for code, _ in Channel.choices]
    cursor.execute(
        f"""
        SELECT COUNT(*), COUNT(*) FILTER (WHERE d.resolved),
               {", ".join(f"COUNT(*) FILTER (WHERE d.resolved AND d.channel = '{c}')" for c in channels)}
        FROM {Dispute._meta.db_table} d JOIN {OrgUnit._meta.db_table} u ON u.id = d.org_id
        WHERE u.path LIKE %(p)s AND d.closed_on BETWEEN %(s)s AND %(e)s""",
        params,
    )
    handled, resolved, *by_channel = (int(v or 0) for v in cursor.fetchone())
    return {
        "disputes.handled": handled,
        "disputes.resolved": resolved,
        **{f"disputes.resolved_by_channel.{c}": v for c, v in zip(channels, by_channel, strict=True)},
        "disputes.resolution_rate": rate(resolved, handled),
    }


def enforcement_sql(cursor: Any, params: dict[str, Any]) -> dict[str, Any]:
    """行政执法 (issue 13 item 12): the decisions' counts by type, publicity, majors and problems in one
    conditional aggregate, the register figures as of the period's last day (bodies, teams, recorders,
    officers and 持证率, the no-penalty list, reviews filed) and 执法监督 in the period (案卷评查 concluded
    and their average score, complaints received and handled by their due date, supervision notices issued
    and replied to by theirs) as scalar subqueries of one statement."""
    from fazhi.core.figures import rate
    from fazhi.decisions.models import LegalityReview, SubjectKind
    from fazhi.enforcement.models import (
        ActionProblem,
        ActionType,
        Certificate,
        EnforcementAction,
        EnforcementBody,
        NoPenaltyItem,
        Officer,
        Problem,
        Recorder,
    )
    from fazhi.enforcement.supervision import CaseReview, Complaint, SupervisionNotice
    from fazhi.orgs.models import OrgUnit

    units = OrgUnit._meta.db_table
    types = [code for code, _ in ActionType.choices]

    def problem(code: str) -> str:  # only decisions with problems can have one: problem_count > 0 first
        return (
            f"(a.problem_count > 0 AND EXISTS (SELECT 1 FROM {ActionProblem._meta.db_table} p"
            f" WHERE p.record_id = a.id AND p.code = '{code}'))"
        )

    def scoped(table: str, where: str, alias: str = "x") -> str:
        return (
            f"(SELECT COUNT(*) FROM {table} {alias} JOIN {units} xu ON xu.id = {alias}.org_id"
            f" WHERE xu.path LIKE %(p)s AND {where})"
        )

    penalty = f"a.action_type = '{ActionType.PENALTY}'"
    must = f"a.action_type <> '{ActionType.INSPECTION}'"
    on_time = (
        "a.publicized_on IS NOT NULL AND a.publicity_due IS NOT NULL AND a.publicized_on <= a.publicity_due"
    )
    valid = (
        f"EXISTS (SELECT 1 FROM {Certificate._meta.db_table} c WHERE c.officer_id = x.id AND c.issued_on <= %(e)s"
        " AND c.valid_until >= %(e)s AND (c.ended_on IS NULL OR c.ended_on > %(e)s))"
    )

    def supervised(table: str, date: str, done: str, due: str) -> str:
        """Records dated in the period, and those of them done by their due date."""
        in_period = f"x.{date} BETWEEN %(s)s AND %(e)s"
        return f"{scoped(table, in_period)}, {scoped(table, f'{in_period} AND x.{done} <= x.{due}')}"

    reviewed = "x.reviewed_on BETWEEN %(s)s AND %(e)s"
    cursor.execute(
        f"""
        SELECT COUNT(*),
               {", ".join(f"COUNT(*) FILTER (WHERE a.action_type = '{t}')" for t in types)},
               COUNT(*) FILTER (WHERE {must}),
               COUNT(*) FILTER (WHERE {must} AND {on_time}),
               COUNT(*) FILTER (WHERE a.is_major),
               COUNT(*) FILTER (WHERE a.is_major AND {problem(Problem.UNREVIEWED)}),
               COUNT(*) FILTER (WHERE {problem(Problem.UNCERTIFIED)}),
               COUNT(*) FILTER (WHERE {penalty}),
               COUNT(*) FILTER (WHERE {penalty} AND {problem(Problem.LATE_DECISION)}),
               COUNT(*) FILTER (WHERE a.problem_count > 0),
               {scoped(EnforcementBody._meta.db_table, "x.published_on <= %(e)s")},
               (SELECT COUNT(*) FROM {units} t WHERE t.path LIKE %(p)s AND t.is_enforcement_team AND t.is_active),
               {scoped(Recorder._meta.db_table, "x.in_service_from <= %(e)s AND (x.in_service_to IS NULL OR x.in_service_to > %(e)s)")},
               {scoped(Officer._meta.db_table, "x.in_post")},
               {scoped(Officer._meta.db_table, f"x.in_post AND {valid}")},
               {scoped(NoPenaltyItem._meta.db_table, "x.in_force_from <= %(e)s AND (x.in_force_until IS NULL OR x.in_force_until > %(e)s)")},
               {scoped(LegalityReview._meta.db_table, f"x.subject_kind = '{SubjectKind.ENFORCEMENT}' AND x.received_on BETWEEN %(s)s AND %(e)s")},
               {scoped(CaseReview._meta.db_table, reviewed)},
               (SELECT AVG(x.score) FROM {CaseReview._meta.db_table} x JOIN {units} xu ON xu.id = x.org_id
                 WHERE xu.path LIKE %(p)s AND {reviewed}),
               {supervised(Complaint._meta.db_table, "received_on", "handled_on", "due_on")},
               {supervised(SupervisionNotice._meta.db_table, "issued_on", "replied_on", "reply_due")}
        FROM {EnforcementAction._meta.db_table} a JOIN {units} u ON u.id = a.org_id
        WHERE u.path LIKE %(p)s AND a.decided_on BETWEEN %(s)s AND %(e)s""",
        params,
    )
    *counted, case_reviews, avg_score, complaints, complaints_on_time, notices, notices_on_time = (
        cursor.fetchone()
    )
    total, *row = (int(v or 0) for v in counted)
    by_type, row = row[: len(types)], row[len(types) :]
    (must_n, on_time_n, major, unreviewed, uncertified, _penalties, late, with_problems) = row[:8]
    (bodies, teams, recorders, officers, certified, no_penalty, reviews) = row[8:]
    return {
        "enforcement.decisions": total,
        **{f"enforcement.decisions_by_type.{t}": n for t, n in zip(types, by_type, strict=True)},
        # 应公示 and 行政处罚 are bases, not published figures (FIGURES.md): computed, not returned
        "enforcement.publicized_on_time": on_time_n,
        "enforcement.publicized_on_time_rate": rate(on_time_n, must_n),
        "enforcement.major_decisions": major,
        "enforcement.major_unreviewed": unreviewed,
        "enforcement.by_uncertified": uncertified,
        "enforcement.penalties_late": late,
        "enforcement.with_problems": with_problems,
        "enforcement.bodies_published": bodies,
        "enforcement.teams": teams,
        "enforcement.recorders": recorders,
        "enforcement.officers_in_post": officers,
        "enforcement.officers_certified": certified,
        "enforcement.certified_rate": rate(certified, officers),
        "enforcement.no_penalty_items": no_penalty,
        "enforcement.major_reviews_filed": reviews,
        "enforcement.case_reviews": case_reviews,
        "enforcement.case_review_average_score": round(float(avg_score), 1)
        if avg_score is not None
        else None,
        "enforcement.complaints": complaints,
        "enforcement.complaints_on_time": complaints_on_time,
        "enforcement.complaints_on_time_rate": rate(complaints_on_time, complaints),
        "enforcement.notices": notices,
        "enforcement.notices_on_time": notices_on_time,
        "enforcement.notices_on_time_rate": rate(notices_on_time, notices),
    }


HAND_SQL: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "reconsideration": recon_sql,
    "litigation": litigation_sql,
    "disputes": disputes_sql,
    "enforcement": enforcement_sql,
}


def hand_sql(path: str, year: int, modules: tuple[str, ...] = MODULES) -> dict[str, Any]:
    """The modules' figures in one hand-written statement each (conditional aggregates)."""
    from django.db import connection

    params = {"s": date(year, 1, 1), "e": date(year, 12, 31), "p": path + "%"}
    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for module in modules:
            out.update(HAND_SQL[module](cursor, params))
    return out


def timed(fns: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    """Median seconds of each function, interleaved, after one warm-up call each."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(reps):
        for key, fn in fns.items():
            t = time.perf_counter()
            fn()
            samples[key].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=LAST_YEAR - 1)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--modules", default=",".join(MODULES), help="只比较这些模块，如 enforcement")
    args, rest = parser.parse_known_args()
    modules = tuple(m for m in args.modules.split(",") if m in MODULES)
    scale = scale_from_args(rest)
    setup_django()
    print(generate(scale, progress=True), flush=True)
    from django.db import connection

    from fazhi.core import figure_sql
    from fazhi.core.figures import FigureQuery, collect, providers
    from fazhi.orgs.models import OrgUnit

    county = OrgUnit.objects.get(code="c001")
    province = OrgUnit.objects.get(code=PROVINCE)
    query = FigureQuery.for_year(args.year, county)
    by_module = {p.module: p for p in providers() if p.module in modules}
    product = collect(query)
    sql = hand_sql(county.path, args.year, tuple(by_module))
    wrong = [k for k, v in sql.items() if k not in product or product[k].value != v]
    unmatched = sorted(k for k, f in product.items() if k.split(".")[0] in by_module and k not in sql)

    def cold() -> None:
        figure_sql.clear()
        collect(query)

    runs: dict[str, Callable[[], object]] = {}
    for module, provider in by_module.items():
        runs[module] = lambda provider=provider: provider.compute(query)
        runs[f"{module}_sql"] = lambda module=module: hand_sql(county.path, args.year, (module,))
    runs |= {
        "county": lambda: collect(query),
        "sql": lambda: hand_sql(county.path, args.year, tuple(by_module)),
        "province": lambda: collect(FigureQuery.for_year(args.year, province)),
        "province_sql": lambda: hand_sql(province.path, args.year, tuple(by_module)),
    }
    province_query = FigureQuery.for_year(args.year, province)
    for module, provider in by_module.items():  # the province roll-up of one module's figures
        runs[f"province_{module}"] = lambda provider=provider: provider.compute(province_query)
        runs[f"province_{module}_sql"] = lambda module=module: hand_sql(province.path, args.year, (module,))
    t = timed(runs, args.reps)
    # after the others: clearing the compiled aggregates would make every other run a first call too
    t |= timed({"county_cold": cold}, args.reps)

    def row(label: str, mine: float, theirs: float, goal: str) -> str:
        return f"| {label} | {mine * 1000:.1f} ms | {theirs * 1000:.1f} ms | {mine / theirs:.2f} | {goal} |"

    def county_goal(ratio: float) -> str:
        return f"{'✔' if ratio <= GOAL_COUNTY else '✘'} ≤ {GOAL_COUNTY}×"

    print(
        f"\n{connection.vendor}，{args.year} 年，{county.name}（{len(product)} 项数据，{len(sql)} 项与手写 SQL 比对）"
    )
    print("| 项目 | 产品 | 手写 SQL（同样的数据） | 产品÷SQL | 目标 |")
    print("|---|---|---|---|---|")
    for module in by_module:
        n = len(_module_keys(module, sql))
        ratio = t[module] / t[f"{module}_sql"]
        print(row(f"一个县，{module}（{n} 项）", t[module], t[f"{module}_sql"], county_goal(ratio)))
    ratio = t["county"] / t["sql"]
    print(row("一个县的年度数据（全部模块）", t["county"], t["sql"], county_goal(ratio)))
    cold_ratio = t["county_cold"] / t["sql"]
    print(row("一个县，首次（编译聚合查询）", t["county_cold"], t["sql"], f"（{cold_ratio:.2f}×，仅首次）"))
    for module in by_module:
        mine, theirs = t[f"province_{module}"], t[f"province_{module}_sql"]
        ok = "✔" if mine <= GOAL_PROVINCE_S else "✘"
        print(row(f"全省，{module}", mine, theirs, f"{ok} ≤ {GOAL_PROVINCE_S:g} 秒"))
    ok = "✔" if t["province"] <= GOAL_PROVINCE_S else "✘"
    print(row("全省年度数据", t["province"], t["province_sql"], f"{ok} ≤ {GOAL_PROVINCE_S:g} 秒"))
    for key, value in sql.items():
        have = product[key].value if key in product else "（无此项）"
        print(f"  {key}: 产品 {have}，SQL {value}{'' if have == value else '  ✘ 不一致'}")
    if unmatched:
        print(f"  手写 SQL 未计算的产品数据项：{'、'.join(unmatched)}")
    if wrong or unmatched:
        sys.exit(f"产品数据与手写 SQL 不一致：{'、'.join(wrong + unmatched)}")


def _module_keys(module: str, sql: dict[str, Any]) -> list[str]:
    """The keys a module's hand-written statement computes (litigation's include 复议后起诉)."""
    own = {"litigation": ("litigation.", "reconsideration.sued_after")}.get(module, (f"{module}.",))
    return [k for k in sql if k.startswith(own) and not (module == "reconsideration" and "sued_after" in k)]


if __name__ == "__main__":
    main()
