"""The list filters' widgets written in Python (``core.widget_render``, issue 11): the same HTML as Django's
templates, byte for byte, for every list page's filter form — unbound, with every filter set, and with
values that need escaping or are invalid — and the list pages no longer render the stock widget templates.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import get_resolver

from fazhi.core.lists import ListFilterSet
from fazhi.core.widget_render import FAST_RENDERER
from fazhi.orgs.models import OrgUnit, User
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

DJANGO = DjangoTemplates()
STOCK = {"django/forms/widgets/select.html", "django/forms/widgets/select_option.html"}


def _filtersets(user: User) -> list[tuple[str, ListFilterSet]]:
    """(name, unbound filterset) of every list's FilterSet (every module's, imported by the URLconf)."""
    get_resolver().url_patterns  # noqa: B018  (imports every module's views and so its filters)
    classes, todo = [], [ListFilterSet]
    while todo:
        sub = todo.pop().__subclasses__()
        classes += sub
        todo += sub
    return [
        (f"{cls.__module__}.{cls.__name__}", cls(None, cls._meta.model.objects.all(), user=user))
        for cls in classes
        if cls._meta.model is not None
    ]


def _values(form: forms.Form, unit: OrgUnit, odd: bool) -> dict[str, Any]:
    """A value for every field: the second choice (or an invalid one), a unit, a date, text to escape."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            data[name] = "on"
        elif isinstance(field, forms.ModelChoiceField):
            data[name] = [str(unit.pk)] if isinstance(widget, forms.SelectMultiple) else str(unit.pk)
        elif isinstance(widget, forms.Select):
            keys = [str(k) for k, _ in field.choices if k not in ("", None)]
            picked = (keys[1:2] or keys[:1]) if not odd else ["无此项"]
            data[name] = [*picked, *keys[2:3]] if isinstance(widget, forms.SelectMultiple) else picked[0]
        elif isinstance(field, forms.DateField):
            data[name] = "2026-13-40" if odd else "2026-03-02"
        else:
            data[name] = "甲<b>&\"乙'" if odd else "公安"
    return data


def _assert_same(form: forms.Form, where: str) -> int:
    fields = 0
    for bound in form:
        widget = bound.field.widget
        attrs = bound.build_widget_attrs({})
        if bound.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bound.auto_id)
        value = bound.value()
        if not widget.is_hidden or isinstance(widget, forms.HiddenInput):
            name = bound.html_name
            fast = widget.render(name, value, attrs=attrs, renderer=FAST_RENDERER)
            stock = widget.render(name, value, attrs=attrs, renderer=DJANGO)
            assert fast == stock, f"{where} {name}"
            assert str(bound) == stock, f"{where} {name} (as the page renders it)"
            fields += 1
    return fields


def test_every_list_filter_form_renders_as_djangos_templates(units: dict[str, OrgUnit], bureau: User) -> None:
    found = _filtersets(bureau)
    names = {name.rsplit(".", 1)[0] for name, _ in found}
    assert {
        "fazhi.reconsideration.filters",
        "fazhi.litigation.filters",
        "fazhi.enforcement.filters",
    } <= names, names
    checked = 0
    for url, fs in found:
        cls = type(fs)
        checked += _assert_same(cls(None, fs.queryset, user=bureau).form, f"{url} unbound")
        for odd in (False, True):
            data = _values(fs.form, units["d01"], odd)
            bound = cls(data, fs.queryset, user=bureau)
            bound.form.is_valid()
            checked += _assert_same(bound.form, f"{url} {'invalid' if odd else 'set'}")
    assert checked > 10 * len(found)  # every form has fields, all of them compared


def test_list_pages_do_not_render_the_stock_widget_templates(units: dict[str, OrgUnit], bureau: User) -> None:
    """The filter form's selects and options are written in Python: Django's widget templates are not
    rendered (the test client records every template rendered, the form renderer's too)."""
    for url in ("/reconsideration/", "/litigation/", "/disputes/"):
        resp = page(bureau).get(url, {"status": "x", "org": units["d01"].pk})
        assert resp.status_code == 200
        assert "<option" in resp.content.decode()
        rendered = {t.name for t in resp.templates}
        assert not rendered & STOCK, (url, rendered & STOCK)
