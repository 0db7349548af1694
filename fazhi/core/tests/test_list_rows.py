"""The list rows' cheap parts (issue 11): the row URL from one ``reverse`` and the choice labels from a
table built once give exactly what ``{% url %}`` and ``get_<field>_display`` give; the list pages use them
(no ``{% url %}`` per row left in their row markup)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from fazhi.core.lists import display, row_urls
from fazhi.litigation.models import LitigationCase
from fazhi.reconsideration.models import ReconsiderationCase

FIELDS = [
    (ReconsiderationCase, ("field", "status", "outcome")),
    (LitigationCase, ("instance", "status", "outcome")),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["reconsideration:case_detail", "litigation:case_detail"])
def test_row_urls_are_reverse(name: str) -> None:
    url = row_urls(name)
    for pk in (1, 7, 50, 12345, 2**40):
        assert url(pk) == reverse(name, args=[pk])


@pytest.mark.parametrize(("model", "names"), FIELDS)
def test_display_is_get_field_display(model: type, names: tuple[str, ...]) -> None:
    checked = 0
    for name in names:
        field = model._meta.get_field(name)
        for value in [*(k for k, _ in field.flatchoices), "", None, "无此项"]:
            obj = model(**{name: value})
            assert display(obj, name) == getattr(obj, f"get_{name}_display")(), (name, value)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    "template",
    [
        "reconsideration/templates/reconsideration/case_list.html",
        "litigation/templates/litigation/case_list.html",
        "disputes/templates/disputes/dispute_list.html",
        "enforcement/templates/enforcement/_action_rows.html",
    ],
)
def test_list_rows_come_from_the_python_row_builder(template: str) -> None:
    """The rows are the module's ``rows.py`` (``core.rows``), the one copy of their markup: the template
    prints them and keeps no row loop of its own that could drift from it."""
    text = (ROOT / template).read_text()
    rows = text[text.index("<tbody>") : text.index("</tbody>")]
    assert "{{ rows }}" in rows
    assert "{% for" not in rows and "<tr" not in rows
