"""The API contract (DESIGN §7, Open Zaak): schemathesis finds no server error over every operation of
the committed ``docs/openapi.yaml``, for a bureau user and a clerk.

That the committed files (one per module and the combined one) are what the code generates is checked
by the contract suite (``tests/contract/test_openapi.py``); regenerate them after an API change with
``.venv/bin/python manage.py openapi --write`` and commit them.
"""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.core.pii import make_id_card
from fazhi.disputes import services as dispute_services
from fazhi.litigation import services as litigation_services
from fazhi.orgs.models import Role
from fazhi.reconsideration import services as recon_services
from fazhi.testing.factories import bureau_unit, court, department, government, make_user

OPENAPI = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
# Examples per operation and user: ~40 operations × 2 users × 10 stay under ~40 s on 2 cores.
EXAMPLES = 10
NOW = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = pytest.mark.django_db


def test_openapi_documents_the_real_request_bodies() -> None:
    """9.3 / 8.8: every 复议 action documents its own body with a required version; create its input."""
    schema = schemathesis.openapi.from_path(OPENAPI).raw_schema
    components = schema["components"]["schemas"]
    base = "/api/v1/reconsideration/cases/"
    actions = [
        "accept",
        "decline",
        "transfer",
        "request-correction",
        "record-correction",
        "send-copy",
        "record-answer",
        "suspend",
        "resume",
        "extend",
        "conclude",
    ]
    for name in actions:
        ref = schema["paths"][f"{base}{{id}}/{name}/"]["post"]["requestBody"]["content"]["application/json"]
        body = components[ref["schema"]["$ref"].rsplit("/", 1)[1]]
        assert {"date", "version"} <= set(body["required"]), name
        assert "number" not in body["properties"], name  # not the case read serializer any more
    transfer = components["ReconsiderationTransferInputRequest"]["properties"]["transfer_to"]
    assert transfer["maxLength"] == 100
    suspend = components["ReconsiderationSuspendInputRequest"]["properties"]["reason"]
    assert suspend["maxLength"] == 300
    create = schema["paths"][base]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert create.endswith("/ReconsiderationCreateInputRequest")
    for path in (
        "/api/v1/litigation/cases/{id}/record-answer/",
        "/api/v1/litigation/cases/{id}/open-accountability/",
        "/api/v1/disputes/{id}/close/",
    ):
        ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        assert "version" in components[ref.rsplit("/", 1)[1]]["required"], path


def _records(bureau: Any, police: Any, court_unit: Any) -> list[int]:
    """One record per module, so that ``{id}`` paths reach real objects and their actions."""
    id_number = make_id_card("330381", date(1980, 5, 17), 123)
    recon = recon_services.receive(
        actor=bureau,
        respondent=police,
        received_on=date(2024, 3, 1),
        contested_act="治安管理处罚决定",
        act_category="penalty",
        field="public_security",
        parties=[{"name": "张三", "kind": "person", "id_number": id_number, "phone": "13812345678"}],
    )
    lit = litigation_services.create_case(
        actor=bureau,
        data=litigation_services.CaseData(
            court_case_number="(2024)浙0381行初1号",
            court=court_unit,
            defendant=police,
            cause="不服行政处罚决定",
            act_category="penalty",
            served_on=date(2024, 9, 20),
            plaintiffs=[litigation_services.PlaintiffData(name="李四", kind="person")],
        ),
    )
    dispute = dispute_services.create_dispute(
        actor=bureau,
        data=dict(
            org=police,
            source="petition",
            channel="responsible_agency",
            opened_on=date(2024, 3, 1),
            summary="征收补偿争议",
            parties=[dispute_services.PartyData(name="王五", kind="person")],
        ),
    )
    return [recon.pk, lit.pk, dispute.pk]


def _session_headers(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """A logged-in session with a CSRF token: the API's SessionAuthentication checks CSRF on POST."""
    client = Client()
    client.force_login(user)
    token = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: token,
    }
    return cookies, {"X-CSRFToken": token}


@time_machine.travel(NOW, tick=False)
def test_schemathesis_finds_no_server_error(db: Any) -> None:
    """8.8: every operation of the committed schema, as 司法局 staff and as a clerk: no 5xx, and every
    documented response conforms to the schema (bounded, derandomised examples)."""
    government()
    bureau_unit()
    police = department("d05", "示例市公安局")
    court_unit = court()
    bureau = make_user(Role.BUREAU, username="bureau")
    clerk = make_user(Role.CLERK, police, username="clerk_d05")
    ids = _records(bureau, police, court_unit)
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_path(OPENAPI)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30  # every module's API is in the contract
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    # Like Django's test client: the raw WSGI handler would close the connection after each request
    # and with it the test's transaction (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for user in (bureau, clerk):
            cookies, headers = _session_headers(user)
            for operation in operations:
                _fuzz(operation, app, cookies, headers, ids, failures, statuses)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n".join(failures[:20])
    # The run really was logged in and reached the views: reads succeeded, bad bodies were refused.
    assert statuses[200] and statuses[400], statuses
    assert not any(code >= 500 for code in statuses), statuses


def _fuzz(
    operation: Any,
    app: Any,
    cookies: dict[str, str],
    headers: dict[str, str],
    ids: list[int],
    failures: list[str],
    statuses: Counter[int],
) -> None:
    # Half of the examples aim ``{id}`` at a real record so that actions get past the 404.
    target = st.one_of(st.none(), st.sampled_from(ids))

    @hsettings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), pk=target)
    def run(case: Any, pk: int | None) -> None:
        cache.clear()  # the API's per-user throttle must not turn the run into 429s
        if pk is not None and case.path_parameters and "id" in case.path_parameters:
            case.path_parameters["id"] = pk
        response = case.call(app=app, cookies=cookies, headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except Exception as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.label} → {response.status_code}: {str(exc)[:800]}")
            raise

    try:
        run()
    except Exception:  # already recorded in ``failures``
        if not failures or not failures[-1].startswith(operation.label):
            failures.append(f"{operation.label}: generation failed")
