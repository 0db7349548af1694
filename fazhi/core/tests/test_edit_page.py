"""更正登记信息 as a page (issue 15 item 3): a thin form over the same step as ``POST …/cases/{id}/edit/``
— the reason required, the model's rules (CHECK constraints) and a stale version refused in Chinese on
the form with nothing saved, the change audited with old and new values; the office's only."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.litigation.models import LitigationCase
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def _form(case: ReconsiderationCase, **changes: str) -> dict[str, str]:
    data = {
        "contested_act": case.contested_act,
        "act_category": case.act_category,
        "field": case.field,
        "act_date": "",
        "known_on": "",
        "late_reason": "",
        "channel": case.channel,
        "request": case.request,
        "reason": "",
        "version": str(case.version),
    }
    return {**data, **changes}


def test_reconsideration_edit_page(units: dict[str, OrgUnit], bureau: User, clerk1: User) -> None:
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
    client = page(bureau)
    url = f"/reconsideration/{case.pk}/edit/"
    assert 'data-testid="edit-link"' in client.get(f"/reconsideration/{case.pk}/").content.decode()
    html = client.get(url).content.decode()
    assert 'data-testid="edit-form"' in html and case.contested_act in html

    no_reason = client.post(url, _form(case, contested_act="行政拘留决定"))
    assert no_reason.status_code == 400 and "请填写更正理由" in no_reason.content.decode()
    # The model's rule, as on registration (the act cannot postdate the application): Chinese, on the form.
    late = client.post(url, _form(case, act_date="2026-03-05", reason="补录"))
    assert late.status_code == 400 and "行政行为作出日期不能晚于收到申请日期" in late.content.decode()
    stale = client.post(url, _form(case, contested_act="x", reason="r", version="99"))
    assert stale.status_code == 400 and "本次未保存任何内容" in stale.content.decode()
    assert ReconsiderationCase.objects.get(pk=case.pk).contested_act == "治安管理处罚决定"
    assert not AuditEvent.objects.filter(action="reconsideration.edit").exists()

    done = client.post(url, _form(case, contested_act="行政拘留决定", reason="登记时写错"))
    assert done.status_code == 302
    assert ReconsiderationCase.objects.get(pk=case.pk).contested_act == "行政拘留决定"
    text = str(AuditEvent.objects.get(action="reconsideration.edit").diff)
    assert "治安管理处罚决定" in text and "行政拘留决定" in text and "登记时写错" in text
    # A respondent's clerk neither sees the link nor opens the form.
    assert page(clerk1).get(url).status_code == 403


def test_litigation_edit_page(units: dict[str, OrgUnit], bureau: User) -> None:
    case = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 3, 2))
    client = page(bureau)
    url = f"/litigation/{case.pk}/edit/"
    data = {
        "cause": "不服行政处罚",
        "act_category": case.act_category,
        "agents": "",
        "note": "",
        "reason": "案由登记错误",
        "version": str(case.version),
    }
    assert client.post(url, {**data, "reason": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    assert LitigationCase.objects.get(pk=case.pk).cause == "不服行政处罚"
    assert AuditEvent.objects.filter(action="litigation.edit").count() == 1
