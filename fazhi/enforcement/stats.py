"""Figures of 行政执法 (FIGURES.md ``enforcement.*``): the decisions' counts and rates in one SQL aggregate
(``FigureSet``), and the register figures (bodies, teams, recorders, 持证率, major-decision reviews) each
counted in SQL and drilled down to the list that shows exactly what it counts."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum

from fazhi.core.figures import (
    CountFigure,
    Figure,
    FigureQuery,
    FigureSet,
    Period,
    RateFigure,
    Tally,
    date_range,
    list_path,
    rate,
)
from fazhi.core.lists import unit_scope_q as scope_q
from fazhi.orgs.models import OrgUnit

from .filters import certified_q, in_service_q, must_publicize_q, on_time_q
from .models import (
    ActionProblem,
    ActionType,
    EnforcementAction,
    EnforcementBody,
    NoPenaltyItem,
    Officer,
    Problem,
    Recorder,
    in_force_q,
)
from .supervision import CaseReview, Complaint, SupervisionNotice

_decided, _decided_params = date_range("decided_on")


def _problem(code: str) -> Q:
    """Has the named problem. ``problem_count`` mirrors the rows (``problems.refresh``): testing it first
    spares the lookup for the decisions without any problem (most of them; issue 13 item 12)."""
    return Q(problem_count__gt=0) & Q(Exists(ActionProblem.objects.filter(record=OuterRef("pk"), code=code)))


def _count(key: str, label: str, where: Any, params: list[tuple[str, str]], **kw: Any) -> CountFigure:
    return CountFigure(
        key, label, lambda p: _decided(p) & where(), lambda p: [*_decided_params(p), *params], **kw
    )


def _definitions() -> list[CountFigure | RateFigure]:
    defs: list[CountFigure | RateFigure] = [
        CountFigure("enforcement.decisions", "行政执法决定", _decided, _decided_params),
    ]
    for code, label in ActionType.choices:
        defs.append(
            _count(
                f"enforcement.decisions_by_type.{code}",
                f"执法决定（{label}）",
                lambda c=code: Q(action_type=c),
                [("action_type", code)],
            )
        )
    defs += [
        _count(
            "enforcement.must_publicize",
            "应公示的执法决定",
            must_publicize_q,
            [("must_publicize", "1")],
            published=False,
        ),
        _count(
            "enforcement.publicized_on_time",
            "按时公示的执法决定",
            lambda: must_publicize_q() & on_time_q(),
            [("must_publicize", "1"), ("on_time", "1")],
        ),
        RateFigure(
            "enforcement.publicized_on_time_rate",
            "执法决定按时公示率",
            "enforcement.publicized_on_time",
            "enforcement.must_publicize",
            "以应公示的执法决定为基数",
        ),
        _count("enforcement.major_decisions", "重大执法决定", lambda: Q(is_major=True), [("is_major", "1")]),
        _count(
            "enforcement.major_unreviewed",
            "未经法制审核通过的重大执法决定",
            lambda: Q(is_major=True) & _problem(Problem.UNREVIEWED),
            [("is_major", "1"), ("problem", Problem.UNREVIEWED)],
        ),
        _count(
            "enforcement.by_uncertified",
            "无有效执法证人员作出的执法决定",
            lambda: _problem(Problem.UNCERTIFIED),
            [("problem", Problem.UNCERTIFIED)],
        ),
        _count(
            "enforcement.penalties",
            "行政处罚决定",
            lambda: Q(action_type=ActionType.PENALTY),
            [("action_type", ActionType.PENALTY)],
            published=False,
        ),
        _count(
            "enforcement.penalties_late",
            "超过九十日作出的行政处罚决定",
            lambda: Q(action_type=ActionType.PENALTY) & _problem(Problem.LATE_DECISION),
            [("action_type", ActionType.PENALTY), ("problem", Problem.LATE_DECISION)],
        ),
        _count(
            "enforcement.with_problems",
            "存在问题的执法决定",
            lambda: Q(problem_count__gt=0),
            [("has_problems", "1")],
        ),
    ]
    return defs


def _scoped(query: FigureQuery) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.filter(scope_q(query.org))


def _url(name: str, query: FigureQuery, params: list[tuple[str, Any]]) -> str:
    scope = [("scope", query.org.pk)] if query.org is not None else []
    return list_path(name) + "?" + urlencode([*params, *scope])


# The register and supervision counts: each model's counts are one aggregate of the module's statement
# (``figure_sql``: compiled once per scope and period shape, run with the dates of the period), so a
# county-year is one round trip and no ORM compile, as the hand-written SQL of ``bench/figures.py`` is.


def _bodies(query: FigureQuery) -> QuerySet[EnforcementBody]:
    return EnforcementBody.objects.filter(scope_q(query.org))


def _teams(query: FigureQuery) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(_unit_q(query.org))


def _recorders(query: FigureQuery) -> QuerySet[Recorder]:
    return Recorder.objects.filter(scope_q(query.org))


def _officers(query: FigureQuery) -> QuerySet[Officer]:
    return Officer.objects.filter(scope_q(query.org))


def _no_penalty_items(query: FigureQuery) -> QuerySet[NoPenaltyItem]:
    return NoPenaltyItem.objects.filter(scope_q(query.org))


def _legality_reviews(query: FigureQuery) -> QuerySet[Any]:
    from fazhi.decisions.models import LegalityReview

    return LegalityReview.objects.filter(scope_q(query.org))


def _case_reviews(query: FigureQuery) -> QuerySet[CaseReview]:
    return CaseReview.objects.filter(scope_q(query.org))


def _complaints(query: FigureQuery) -> QuerySet[Complaint]:
    return Complaint.objects.filter(scope_q(query.org))


def _notices(query: FigureQuery) -> QuerySet[SupervisionNotice]:
    return SupervisionNotice.objects.filter(scope_q(query.org))


# 案卷评查平均得分 = the scores' sum over the scored evaluations (AVG's own definition: nulls left out)
_SCORES = Tally("case_review_scores", _case_reviews, lambda q: Sum("score", filter=q))


def _register(
    key: str, queryset: Callable[[FigureQuery], QuerySet[Any]], where: Callable[[Period], Q]
) -> CountFigure:
    return CountFigure(key, key, where, lambda p: [], queryset=queryset, published=False, breakdown=False)


def _in(field_name: str) -> Callable[[Period], Q]:
    return lambda p: Q(**{f"{field_name}__gte": p.start, f"{field_name}__lte": p.end})


def _register_definitions() -> list[CountFigure]:
    """The counts behind the register and supervision figures that ``_counted`` publishes: as of the
    period's last day (bodies, teams, recorders, officers and 持证率, the no-penalty list) or within it
    (major-decision reviews filed on the one review desk, evaluations, complaints, notices)."""
    from fazhi.decisions.models import SubjectKind

    reviewed = _in("reviewed_on")
    received, issued = _in("received_on"), _in("issued_on")
    return [
        _register("bodies", _bodies, lambda p: Q(published_on__lte=p.end)),
        _register("teams", _teams, lambda p: Q(is_enforcement_team=True, is_active=True)),
        _register("recorders", _recorders, lambda p: in_service_q(p.end)),
        _register("officers", _officers, lambda p: Q(in_post=True)),
        _register("certified", _officers, lambda p: Q(in_post=True) & certified_q(p.end)),
        _register("no_penalty", _no_penalty_items, lambda p: in_force_q(p.end)),
        _register(
            "reviews",
            _legality_reviews,
            lambda p: Q(subject_kind=SubjectKind.ENFORCEMENT) & received(p),
        ),
        _register("case_reviews", _case_reviews, reviewed),
        _register("case_reviews_scored", _case_reviews, lambda p: reviewed(p) & Q(score__isnull=False)),
        CountFigure(
            "case_review_score_total",
            "case_review_score_total",
            lambda p: reviewed(p) & Q(score__isnull=False),
            lambda p: [],
            published=False,
            tally=_SCORES,
            breakdown=False,
        ),
        _register("complaints", _complaints, received),
        _register("complaints_on_time", _complaints, lambda p: received(p) & Q(handled_on__lte=F("due_on"))),
        _register("notices", _notices, issued),
        _register("notices_on_time", _notices, lambda p: issued(p) & Q(replied_on__lte=F("reply_due"))),
    ]


def _counted(query: FigureQuery, n: dict[str, Any]) -> list[Figure]:
    """The register figures with their drill-downs to the register's own list."""
    from fazhi.decisions.models import SubjectKind

    p: Period = query.period
    end = p.end
    bodies, teams, recorders, no_penalty, reviews = (
        n[k] for k in ("bodies", "teams", "recorders", "no_penalty", "reviews")
    )
    officers = {"all": n["officers"], "certified": n["certified"]}
    officer_url = "enforcement:officer_list"
    return [
        Figure(
            "enforcement.bodies_published",
            "确认公布的行政执法主体",
            bodies,
            "家",
            _url("enforcement:body_list", query, [("published_to", end)]),
        ),
        Figure(
            "enforcement.teams",
            "综合行政执法队伍",
            teams,
            "支",
            _url("enforcement:team_list", query, [("active", "1")]),
        ),
        Figure(
            "enforcement.recorders",
            "在用执法记录仪",
            recorders,
            "台",
            _url("enforcement:recorder_list", query, [("in_service_on", end)]),
        ),
        Figure(
            "enforcement.officers_in_post",
            "执法岗位人员",
            officers["all"],
            "人",
            _url(officer_url, query, [("in_post", "1")]),
        ),
        Figure(
            "enforcement.officers_certified",
            "持有效执法证的执法岗位人员",
            officers["certified"],
            "人",
            _url(officer_url, query, [("in_post", "1"), ("certified_on", end)]),
        ),
        Figure(
            "enforcement.certified_rate",
            "执法人员持证率",
            rate(officers["certified"], officers["all"]),
            "%",
            _url(officer_url, query, [("in_post", "1"), ("certified_on", end)]),
            base="以执法岗位人员为基数",
            numerator="enforcement.officers_certified",
            denominator="enforcement.officers_in_post",
        ),
        Figure(
            "enforcement.no_penalty_items",
            "不予处罚清单事项",
            no_penalty,
            "项",
            _url("enforcement:no_penalty_list", query, [("in_force_on", end)]),
        ),
        Figure(
            "enforcement.major_reviews_filed",
            "重大执法决定法制审核备案",
            reviews,
            "件",
            _url(
                "decisions:review_list",
                query,
                [("subject_kind", SubjectKind.ENFORCEMENT), ("received_from", p.start), ("received_to", end)],
            ),
        ),
        *_supervision(query, n),
    ]


def _supervision(query: FigureQuery, n: dict[str, Any]) -> list[Figure]:
    """执法监督 in the period, from the module's one statement: evaluations concluded (count, average
    score), complaints received (handled on time) and notices issued (replied on time), each drilling
    down to its list."""
    p: Period = query.period
    scored = n["case_reviews_scored"]
    # as AVG computes it in the database: the exact quotient, then to one decimal
    avg = Decimal(n["case_review_score_total"]) / scored if scored else None
    reviews = {"n": n["case_reviews"], "avg": avg}
    complaints = {"n": n["complaints"], "on_time": n["complaints_on_time"]}
    notices = {"n": n["notices"], "on_time": n["notices_on_time"]}
    reviewed = [("reviewed_from", p.start), ("reviewed_to", p.end)]
    received = [("received_from", p.start), ("received_to", p.end)]
    issued = [("issued_from", p.start), ("issued_to", p.end)]
    avg = reviews["avg"]
    c_url, n_url = "enforcement:complaint_list", "enforcement:notice_list"
    return [
        Figure(
            "enforcement.case_reviews",
            "案卷评查",
            reviews["n"],
            "件",
            _url("enforcement:case_review_list", query, reviewed),
        ),
        Figure(
            "enforcement.case_review_average_score",
            "案卷评查平均得分",
            round(float(avg), 1) if avg is not None else None,
            "分",
            _url("enforcement:case_review_list", query, reviewed),
            measured=True,
        ),
        Figure("enforcement.complaints", "执法投诉", complaints["n"], "件", _url(c_url, query, received)),
        Figure(
            "enforcement.complaints_on_time",
            "按期办结的执法投诉",
            complaints["on_time"],
            "件",
            _url(c_url, query, [*received, ("on_time", "1")]),
        ),
        Figure(
            "enforcement.complaints_on_time_rate",
            "执法投诉按期办结率",
            rate(complaints["on_time"], complaints["n"]),
            "%",
            _url(c_url, query, [*received, ("on_time", "1")]),
            base="以期内收到的执法投诉为基数",
            numerator="enforcement.complaints_on_time",
            denominator="enforcement.complaints",
        ),
        Figure("enforcement.notices", "行政执法监督文书", notices["n"], "件", _url(n_url, query, issued)),
        Figure(
            "enforcement.notices_on_time",
            "按期回复的监督文书",
            notices["on_time"],
            "件",
            _url(n_url, query, [*issued, ("on_time", "1")]),
        ),
        Figure(
            "enforcement.notices_on_time_rate",
            "监督文书按期回复率",
            rate(notices["on_time"], notices["n"]),
            "%",
            _url(n_url, query, [*issued, ("on_time", "1")]),
            base="以期内制发的监督文书为基数",
            numerator="enforcement.notices_on_time",
            denominator="enforcement.notices",
        ),
    ]


def _unit_q(org: Any) -> Q:
    return Q(path__startswith=org.path) if org is not None else Q()


FIGURES = FigureSet(
    module="enforcement",
    queryset=_scoped,
    list_url="enforcement:action_list",
    figures=lambda: [*_definitions(), *_register_definitions()],
    dimensions={"org": "所在单位", "action_type": "执法类别"},
    parties="parties",
    parties_in=_decided,
    # every count is of decisions decided in the period: read only those (the (org, decided_on) index),
    # not every year of the scope — 10 000 rows instead of 1 000 for a county-year at 1 M decisions
    prefilter=_decided,
    counted=_counted,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown
