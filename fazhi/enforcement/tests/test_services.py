"""Registration rules of 行政执法: bad input refused in Chinese with nothing written, uniqueness, scope,
and the bureau-only confirmation of bodies (国办发〔2018〕118号)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.actions import TRUSTED, run
from fazhi.enforcement import services
from fazhi.enforcement.actions import BODY_WORKFLOW
from fazhi.enforcement.models import Certificate, EnforcementAction, Officer, certificate_valid_q
from fazhi.enforcement.tests import factories as f
from fazhi.testing.clients import page

pytestmark = pytest.mark.django_db


def test_officer_id_number_checksum_is_validated(bureau, units) -> None:
    with pytest.raises(ValidationError) as e:
        services.create_officer(
            actor=bureau, data={"org": units["d01"], "name": "李四", "id_number": "330381198001010010"}
        )
    assert "身份证号" in str(e.value) and not Officer.objects.exists()


def test_case_number_is_unique_per_body(bureau, units) -> None:
    b = f.body(bureau, units["d01"])
    f.action(bureau, b, "示罚1", date(2019, 5, 6), action_type="license")
    with pytest.raises(ValidationError, match="相同案号"):
        f.action(bureau, b, "示罚1", date(2019, 5, 7), action_type="license")
    other = f.body(bureau, units["d02"], "示例市自然资源和规划局")
    f.action(bureau, other, "示罚1", date(2019, 5, 7), action_type="license")
    assert EnforcementAction.objects.count() == 2


def test_a_clerk_sees_only_the_decisions_of_its_own_body(bureau, units, clerk1, clerk2) -> None:
    mine = f.action(bureau, f.body(bureau, units["d01"]), "A1", date(2019, 5, 6), action_type="license")
    theirs = f.action(
        bureau, f.body(bureau, units["d02"], "自然资源局"), "B1", date(2019, 5, 6), action_type="license"
    )
    c = page(clerk1)
    assert c.get(f"/enforcement/{mine.pk}/").status_code == 200
    assert c.get(f"/enforcement/{theirs.pk}/").status_code == 404
    listed = c.get("/enforcement/").content.decode()
    assert f'data-row="action-{mine.pk}"' in listed and f'data-row="action-{theirs.pk}"' not in listed


def test_a_clerk_cannot_file_a_decision_for_another_units_body(bureau, units, clerk1) -> None:
    theirs = f.body(bureau, units["d02"], "自然资源局")
    with pytest.raises(ValidationError, match="执法主体不存在或无权查看"):
        f.action(clerk1, theirs, "B2", date(2019, 5, 6), action_type="license")


def test_bodies_are_confirmed_and_published_by_the_bureau_only(bureau, units, clerk1) -> None:
    """国办发〔2018〕118号: the enforcement supervisor confirms and publishes the bodies."""
    b = services.create_body(
        actor=clerk1,
        data={"org": units["d01"], "name": "示例市公安局", "kind": "statutory", "legal_basis": "法"},
    )
    with pytest.raises(PermissionDenied, match="司法局"):
        run(BODY_WORKFLOW, "confirm", b, actor=clerk1, data={"date": date(2019, 3, 1)}, version=b.version)
    run(BODY_WORKFLOW, "confirm", b, actor=bureau, data={"date": date(2019, 3, 1)}, version=TRUSTED)
    b.refresh_from_db()
    run(BODY_WORKFLOW, "publish", b, actor=bureau, data={"date": date(2019, 3, 5)}, version=TRUSTED)
    b.refresh_from_db()
    assert b.status == "published" and b.published_on == date(2019, 3, 5)


def test_certificate_validity_as_of_a_date(bureau, units) -> None:
    """RULES §6 持证率 as of any date: issued by then, not past its term, not suspended by then."""
    o = f.officer(bureau, units["d01"], 1, cert=(date(2018, 1, 1), date(2019, 12, 31)))
    c = Certificate.objects.get(officer=o)
    assert c.valid_on(date(2019, 12, 31)) and not c.valid_on(date(2020, 1, 1))
    assert c.status_on(date(2020, 1, 1)) == "expired"
    Certificate.objects.filter(pk=c.pk).update(status="suspended", ended_on=date(2019, 6, 1))
    c.refresh_from_db()
    assert c.valid_on(date(2019, 5, 31)) and not c.valid_on(date(2019, 6, 1))
    assert Certificate.objects.filter(certificate_valid_q(date(2019, 5, 31))).count() == 1
    assert Certificate.objects.filter(certificate_valid_q(date(2019, 6, 1))).count() == 0
