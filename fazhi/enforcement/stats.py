"""Figures of 行政执法 (FIGURES.md ``enforcement.*``): the decisions' counts and rates in one SQL aggregate
(``FigureSet``), and the register figures (bodies, teams, recorders, 持证率, major-decision reviews) each
counted in SQL and drilled down to the list that shows exactly what it counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse

from fazhi.core.figures import (
    CountFigure,
    Figure,
    FigureQuery,
    FigureSet,
    Period,
    RateFigure,
    date_range,
    rate,
    scalars,
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
    return reverse(name) + "?" + urlencode([*params, *scope])


def _extra(query: FigureQuery) -> list[Figure]:
    """The register figures, as of the period's last day (bodies, teams, recorders, 持证率) or within it
    (major-decision reviews filed on the one review desk)."""
    from fazhi.decisions.models import LegalityReview, SubjectKind

    p: Period = query.period
    end = p.end
    where = scope_q(query.org)
    in_post = Officer.objects.filter(where, in_post=True)
    reviewed = CaseReview.objects.filter(where, reviewed_on__gte=p.start, reviewed_on__lte=end)
    complaints = Complaint.objects.filter(where, received_on__gte=p.start, received_on__lte=end)
    notices = SupervisionNotice.objects.filter(where, issued_on__gte=p.start, issued_on__lte=end)
    n = scalars(
        bodies=EnforcementBody.objects.filter(where, published_on__lte=end),
        teams=OrgUnit.objects.filter(_unit_q(query.org), is_enforcement_team=True, is_active=True),
        recorders=Recorder.objects.filter(where).filter(in_service_q(end)),
        officers=in_post,
        certified=in_post.filter(certified_q(end)),
        no_penalty=NoPenaltyItem.objects.filter(where).filter(in_force_q(end)),
        reviews=LegalityReview.objects.filter(
            where, subject_kind=SubjectKind.ENFORCEMENT, received_on__gte=p.start, received_on__lte=end
        ),
        case_reviews=reviewed,
        case_review_score=("AVG", reviewed, "score"),
        complaints=complaints,
        complaints_on_time=complaints.filter(handled_on__lte=F("due_on")),
        notices=notices,
        notices_on_time=notices.filter(replied_on__lte=F("reply_due")),
    )
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
    """执法监督 in the period, from the module's one statement (``core.figures.scalars``): evaluations concluded (count,
    average score), complaints received (handled on time) and notices issued (replied on time), each
    drilling down to its list."""
    p: Period = query.period
    reviews = {"n": n["case_reviews"], "avg": n["case_review_score"]}
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
    figures=_definitions,
    dimensions={"org": "所在单位", "action_type": "执法类别"},
    parties="parties",
    parties_in=_decided,
    # every count is of decisions decided in the period: read only those (the (org, decided_on) index),
    # not every year of the scope — 10 000 rows instead of 1 000 for a county-year at 1 M decisions
    prefilter=_decided,
    extra=_extra,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown
