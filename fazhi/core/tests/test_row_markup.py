"""The list pages' result rows are written in Python (issue 11: Django's template engine was ≈ 45 % of a list
page's CPU) and must stay byte-identical to what the row templates rendered: each list's ``<tbody>`` is
compared with a rendering stored from the template path (``rows/*.html``, written at ``453e9f8`` before the
templates were replaced), for rows in several states, with a party name and texts that need escaping."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from fazhi.enforcement.tests import factories as enf
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.factories import applicant, make_dispute, make_litigation_case, make_reconsideration_case

STORED = Path(__file__).resolve().parent / "rows"
#: A name a browser would run and an ampersand: both must arrive escaped.
HOSTILE = "<script>alert('x')</script>&甲公司"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;甲公司"
CLOCK = "2024-04-20 10:00 +0800"


def _tbody(html: str) -> str:
    """The page's result rows, record ids replaced by ``#`` (ids differ between databases and runs)."""
    body = html[html.index("<tbody>") : html.index("</tbody>") + len("</tbody>")]
    body = re.sub(r'(data-[a-z-]+="(?:action-)?)\d+"', r'\1#"', body)
    return re.sub(r"/\d+/", "/#/", body)


def _reconsideration(bureau: User, units: dict[str, Any]) -> None:
    respondent = units["d01"]
    make_reconsideration_case(
        bureau,
        respondent,
        date(2024, 3, 1),
        contested_act="罚款<b>500</b>&没收",
        parties=[applicant(name=HOSTILE), applicant(name="李四")],
    )  # still 已收到申请 after the acceptance period: 视为受理
    accepted = make_reconsideration_case(bureau, respondent, date(2024, 3, 4))
    ReconsiderationCase.objects.filter(pk=accepted.pk).update(
        status="accepted", accepted_on=date(2024, 3, 6), decision_due=date(2024, 5, 6)
    )
    soon = make_reconsideration_case(bureau, respondent, date(2024, 2, 1))
    ReconsiderationCase.objects.filter(pk=soon.pk).update(
        status="under_review", accepted_on=date(2024, 2, 2), decision_due=date(2024, 4, 22)
    )
    missing = make_reconsideration_case(bureau, respondent, date(2024, 2, 2))
    ReconsiderationCase.objects.filter(pk=missing.pk).update(
        status="accepted", accepted_on=date(2024, 2, 3), decision_due=None
    )
    suspended = make_reconsideration_case(bureau, respondent, date(2024, 1, 5))
    ReconsiderationCase.objects.filter(pk=suspended.pk).update(
        status="suspended", accepted_on=date(2024, 1, 8), decision_due=date(2024, 3, 8)
    )
    concluded = make_reconsideration_case(bureau, respondent, date(2023, 11, 1), field="natural_resources")
    ReconsiderationCase.objects.filter(pk=concluded.pk).update(
        status="concluded",
        accepted_on=date(2023, 11, 2),
        concluded_on=date(2024, 1, 10),
        outcome="revoked",
        decision_due=date(2024, 1, 30),
    )


def _litigation(bureau: User, units: dict[str, Any]) -> None:
    make_litigation_case(
        bureau,
        units["d01"],
        served_on=date(2024, 4, 10),
        number="(2024)浙0381行初1号",
        cause="不服<处罚>&决定",
        plaintiffs=_plaintiffs(HOSTILE, "王五"),
    )  # answer due soon
    make_litigation_case(bureau, units["d01"], served_on=date(2024, 3, 1), number="(2024)浙0381行初2号")
    answered = make_litigation_case(
        bureau, units["d02"], served_on=date(2024, 2, 1), number="(2024)浙0381行初3号"
    )
    LitigationCase.objects.filter(pk=answered.pk).update(answer_filed_on=date(2024, 2, 10))
    lost = make_litigation_case(
        bureau, units["d02"], served_on=date(2023, 9, 1), number="(2023)浙0381行初9号"
    )
    LitigationCase.objects.filter(pk=lost.pk).update(
        answer_filed_on=date(2023, 9, 25),
        status="judged",
        judgment_kind="judgment",
        outcome="revoked",
        concluded_on=date(2024, 3, 1),
        judgment_served_on=date(2024, 4, 12),
        appeal_due=date(2024, 4, 27),
    )


def _plaintiffs(*names: str) -> list[Any]:
    from fazhi.litigation import services
    from fazhi.testing.factories import ID_NUMBER, PHONE

    return [services.PlaintiffData(name, "person", ID_NUMBER, PHONE) for name in names]


def _disputes(bureau: User, units: dict[str, Any]) -> None:
    from fazhi.disputes import services

    make_dispute(
        bureau,
        units["d01"],
        date(2024, 3, 1),
        summary="征收补偿<标准>&面积争议，双方各执一词，已多次协调仍未达成一致",
        parties=[services.PartyData(HOSTILE, "person", "", ""), services.PartyData("赵六", "person", "", "")],
    )
    make_dispute(bureau, units["d02"], date(2024, 3, 5), source="petition")


def _enforcement(bureau: User, units: dict[str, Any]) -> None:
    body = enf.body(bureau, units["d01"], "执法主体<甲>&乙")
    enf.action(
        bureau,
        body,
        "罚<1>&号",
        date(2024, 4, 1),
        parties=[{"kind": "organization", "name": HOSTILE}, {"kind": "organization", "name": "乙公司"}],
    )
    publicized = enf.action(bureau, body, "罚2号", date(2024, 3, 1))
    enf.publicize(bureau, publicized, date(2024, 3, 4))
    enf.action(bureau, body, "许1号", date(2024, 2, 1), action_type="license", is_major=True)


LISTS: dict[str, tuple[Callable[[User, dict[str, Any]], None], str]] = {
    "reconsideration": (_reconsideration, "/reconsideration/"),
    "litigation": (_litigation, "/litigation/"),
    "disputes": (_disputes, "/disputes/"),
    "enforcement": (_enforcement, "/enforcement/"),
    "enforcement_problems": (_enforcement, "/enforcement/problems/"),
}


@pytest.mark.parametrize("name", LISTS)
def test_rows_are_the_stored_template_rendering(
    name: str, bureau: User, units: dict[str, Any], client: Client
) -> None:
    build, url = LISTS[name]
    with time_machine.travel(CLOCK, tick=False):
        build(bureau, units)
        client.force_login(bureau)
        response = client.get(url)
        assert response.status_code == 200
        rows = _tbody(response.content.decode())
        empty = _tbody(client.get(url, {"q": "没有这样的案件"}).content.decode())
    assert "<script>" not in rows
    if name != "enforcement_problems":
        assert ESCAPED in rows
    assert rows.count("<tr") > 1  # header row or data rows: the list is not empty
    for part, text in (("rows", rows), ("empty", empty)):
        stored = STORED / f"{name}.{part}.html"
        import os

        if os.environ.get("WRITE_ROWS_TMP"):
            stored.parent.mkdir(exist_ok=True)
            stored.write_text(text, encoding="utf-8")
        assert text == stored.read_text(encoding="utf-8"), f"{name} {part} differs from {stored.name}"


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "\"'<>&", "", None, 0, 12345, 2**40, date(2024, 4, 1), True, 3.5],
)
def test_text_is_the_template_variable(value: Any) -> None:
    from django.template import Context, Template
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from fazhi.core.rows import cn, text

    for v in (value, mark_safe(value) if isinstance(value, str) else value, gettext_lazy(str(value))):
        assert text(v) == Template("{{ v }}").render(Context({"v": v})), v
    dated = value if isinstance(value, date) else None
    assert cn(dated) == Template("{% load fazhi %}{{ v|cn_date }}").render(Context({"v": dated}))
