"""Platform contract, personal data (RULES; ``User.sees_personal_data``): whole ID and phone numbers
of parties are shown only to the Justice Bureau; every page, API answer and export of every module
with parties masks them for the unit's clerk and the leader, who do see the record itself."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from fazhi.orgs.models import Role
from fazhi.testing import contract
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

MODULES = [m for m in contract.record_modules() if contract.facts(m).has_parties]


def _text(response: Any) -> str:
    """What a user gets to read: the HTML or JSON, or every cell of an exported workbook."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK" and "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(body)).namelist():
        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return body.decode("utf-8", "replace")


def _surfaces(world: World, module: str, user: Any) -> dict[str, str]:
    """Every GET page and API endpoint of ``module`` as ``user`` reads it, by URL."""
    out: dict[str, str] = {}
    for e in contract.endpoints():
        if e.module != module or "get" not in e.methods:
            continue
        url = contract.url_for(e, world)
        client = api(user) if e.kind == "api" else page(user)
        r = client.get(url)
        if r.status_code == 200:
            out[url] = _text(r)
    return out


@pytest.mark.parametrize("module", MODULES)
def test_bureau_sees_whole_numbers_on_page_api_and_export(world: World, module: str) -> None:
    """The other side of the rule, so that the masking test below cannot pass on an empty page."""
    seen = {url for url, text in _surfaces(world, module, world.bureau).items() if contract.PARTY_ID in text}
    assert any(u.startswith("/api/") for u in seen), seen
    assert any(not u.startswith("/api/") and "export" not in u for u in seen), seen
    assert any("export" in u for u in seen), seen


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER])
@pytest.mark.parametrize("module", MODULES)
def test_clerk_and_leader_never_see_whole_numbers(world: World, module: str, role: str) -> None:
    user = world.user(role)
    assert not user.sees_personal_data
    surfaces = _surfaces(world, module, user)
    record = world.records[module]
    shown = [
        u
        for u, text in surfaces.items()
        if str(record) in text or f'"id":{record.pk}' in text.replace(" ", "")
    ]
    assert any(u.startswith("/api/") for u in shown) and any(not u.startswith("/api/") for u in shown), shown
    for url, text in surfaces.items():
        assert contract.PARTY_ID not in text and contract.PARTY_PHONE not in text, (role, url)
