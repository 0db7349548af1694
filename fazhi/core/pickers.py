"""Unit pickers that load their options on demand (issue 11 item 1).

A province holds thousands of units; rendering every unit of a user's scope as an ``<option>`` was 95 %
of a list page's time. A unit field therefore renders only its selected unit(s) (``UnitSelect``) and
tom-select (``static/fazhi/app.js``) fetches matching units from ``unit_search`` as the user types.

Each picker is named and declared once, next to the form or filter that uses it (``unit_picker``): the
server decides from the name which units a user may be offered, so the endpoint never trusts a kind or
a scope sent by the browser. Without JavaScript the field is still a ``<select>`` with the selected
unit; the value the form accepts is checked against the field's own queryset (the user's scope), so an
id typed into the URL outside that scope is refused in Chinese, on the page and in the API alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from .pagination import keyset_page
from .permissions import business_required

#: Results per request of the search endpoint (tom-select asks again as the user types or scrolls).
SEARCH_LIMIT = 20
#: The longest search text looked at (a unit name is at most 100 characters).
MAX_QUERY = 50
OUT_OF_SCOPE = "所选单位不存在或不在您的数据范围内"


@dataclass(frozen=True)
class UnitPicker:
    """``units(user)``: the units offered to ``user`` in this picker (already limited to what the user
    may see or write; the form's queryset decides what is accepted)."""

    code: str
    units: Callable[[Any], QuerySet]

    @property
    def url(self) -> str:
        return reverse("unit_search", args=[self.code])


PICKERS: dict[str, UnitPicker] = {}


def unit_picker(code: str, units: Callable[[Any], QuerySet]) -> UnitPicker:
    """Declare a picker (at import of the module's forms/filters, which the URLConf imports)."""
    picker = UnitPicker(code, units)
    PICKERS[code] = picker
    return picker


class UnitSelect(forms.Select):
    """A ``<select>`` holding only the selected unit(s) — constant size in the number of units."""

    def __init__(self, attrs: dict[str, Any] | None = None, picker: UnitPicker | None = None) -> None:
        super().__init__(attrs)
        self.picker = picker
        #: Where the selected ids' names are read from (the field's queryset: never a unit outside it).
        self.units: QuerySet | None = None
        self.empty_label: str | None = None

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        ids = [int(v) for v in value if str(v).isdigit() and len(str(v)) < 19]
        names: dict[int, str] = {}
        if ids and self.units is not None:
            names = {u.pk: str(u) for u in self.units.filter(pk__in=ids)}
        blank = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = blank + [(pk, names[pk]) for pk in ids if pk in names]
        return super().optgroups(name, value, attrs)

    def build_attrs(self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None) -> Any:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("data-fz-select", None)  # app.js enhances it as a remote picker, not a local one
        if self.picker is not None:
            attrs["data-fz-units"] = self.picker.url
        if self.empty_label:
            attrs.setdefault("placeholder", self.empty_label)
        return attrs


class UnitSelectMultiple(UnitSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)  # type: ignore[arg-type]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


def _wire(field: forms.ModelChoiceField, queryset: QuerySet | None) -> None:
    widget = field.widget
    if isinstance(widget, UnitSelect):
        widget.units = queryset
        widget.empty_label = getattr(field, "empty_label", None)
        widget.choices = []


class UnitChoiceField(forms.ModelChoiceField):
    """One unit: accepted from ``queryset`` (the user's scope), offered on demand by ``picker``."""

    widget = UnitSelect
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE}

    def __init__(self, queryset: QuerySet, *, picker: UnitPicker | None = None, **kwargs: Any) -> None:
        if "widget" not in kwargs:
            kwargs["widget"] = UnitSelect(picker=picker)
        elif isinstance(kwargs["widget"], type) and issubclass(kwargs["widget"], UnitSelect):
            kwargs["widget"] = kwargs["widget"](picker=picker)
        super().__init__(queryset, **kwargs)
        _wire(self, self.queryset)

    def _set_queryset(self, queryset: QuerySet | None) -> None:
        super()._set_queryset(queryset)
        _wire(self, self.queryset)

    # ModelChoiceField's ``queryset`` is a property; redefined so that every assignment (also the copy
    # a form makes of its base fields) tells the widget where to read the selected names from.
    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment]


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units, like ``UnitChoiceField``."""

    widget = UnitSelectMultiple
    default_error_messages = {"invalid_choice": OUT_OF_SCOPE, "invalid_pk_value": OUT_OF_SCOPE}

    def __init__(self, queryset: QuerySet, *, picker: UnitPicker | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", UnitSelectMultiple(picker=picker))
        super().__init__(queryset, **kwargs)
        _wire(self, self.queryset)

    def _set_queryset(self, queryset: QuerySet | None) -> None:
        super()._set_queryset(queryset)
        _wire(self, self.queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment]


def _results(units: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"id": u.pk, "name": str(u)} for u in units]


@require_GET
@business_required
def unit_search(request: HttpRequest, code: str) -> JsonResponse:
    """``GET /units/<picker>/?q=…&cursor=…``: up to ``SEARCH_LIMIT`` units of the picker whose name
    contains ``q``, in the tree's sort order; ``next`` continues (keyset, no COUNT)."""
    picker = PICKERS.get(code)
    if picker is None:
        raise Http404
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    units = picker.units(request.user)
    if q:
        units = units.filter(name__icontains=q)
    page = keyset_page(
        units.only("id", "name", "sort_order"),
        "sort_order",
        descending=False,
        cursor=request.GET.get("cursor") or None,
        size=SEARCH_LIMIT,
    )
    return JsonResponse(
        {"results": _results(page.items), "next": page.next_cursor},
        json_dumps_params={"ensure_ascii": False},
    )
