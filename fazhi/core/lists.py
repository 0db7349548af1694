"""One filter declaration per list (issue 10 item 5): a django-filter ``FilterSet`` gives the list
page's form, the API's query parameters (``DjangoFilterBackend``, documented in OpenAPI), the
Excel export of the filtered list and the figures' drill-downs (the list URL with the parameters
that select exactly the counted records).

Bad input never reaches the database and is never a 500: the page and the export drop an invalid
parameter and say so in Chinese on the form; the API answers 400 with the same messages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import business_orgs

from .forms import StyledFormMixin
from .pagination import Page, capped_count, keyset_page
from .pickers import UnitChoiceField
from .widget_render import FAST_RENDERER


@dataclass(frozen=True)
class Sort:
    label: str
    key: str
    descending: bool


class ListFilterForm(StyledFormMixin, forms.Form):
    """The form django-filter builds from a ``ListFilterSet``, with the platform's widgets, rendered by
    ``FAST_RENDERER`` (Django's widget markup written in Python: a list renders its form every request)."""

    default_renderer = FAST_RENDERER


@extend_schema_field(OpenApiTypes.INT)
class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit id parameter (``org``, ``scope``, ``court``): an integer in the API schema, also when
    the filter has a ``method``.

    Accepted only within the user's scope (``business_orgs``, inactive units too, so that a figure's
    breakdown row can drill into a unit since closed) unless declared ``scoped=False`` with its own
    queryset; the page offers the units of ``picker`` on demand (``core.pickers``), never all of them.
    """

    field_class = UnitChoiceField

    def __init__(self, *args: Any, scoped: bool = True, **kwargs: Any) -> None:
        self.scoped = scoped
        if scoped:
            kwargs.setdefault("queryset", OrgUnit.objects.none())
        super().__init__(*args, **kwargs)


#: An 18-character 身份证号 or 统一社会信用代码 (digits and capitals): searched exactly, never by substring.
ID_NUMBER = re.compile(r"^[0-9A-Z]{18}$")


class MaskedSearchInput(forms.TextInput):
    """The party search box: a searched ID number is not written back into the page for a role that
    may not see whole numbers (the search still applies; the URL is the user's own)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hide_id_numbers = False

    def format_value(self, value: Any) -> Any:
        if self.hide_id_numbers and isinstance(value, str) and ID_NUMBER.match(value.strip().upper()):
            return None
        return super().format_value(value)


class PartyFilter(django_filters.CharFilter):
    """Search a list by party: a whole ID number/credit code matches the stored number exactly (it is
    masked on display, never in the database); any other text matches party names by substring.

    ``relation`` is the related name of the parties (``parties``, ``plaintiffs``)."""

    def __init__(self, *args: Any, relation: str, **kwargs: Any) -> None:
        self.relation = relation
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", MaskedSearchInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return qs
        model = qs.model._meta.get_field(self.relation).related_model
        fk = qs.model._meta.get_field(self.relation).field.name
        if ID_NUMBER.match(value.upper()):
            parties = model.objects.filter(id_number=value.upper())
        else:
            parties = model.objects.filter(name__icontains=value)
        return qs.filter(Exists(parties.filter(**{fk: OuterRef("pk")})))


def unit_scope_q(org: Any, field: str = "org") -> Q:
    """Records of ``org`` and its subordinate units (``None``: no limit)."""
    return Q(**{f"{field}__path__startswith": org.path}) if org is not None else Q()


class ScopeFilter(UnitFilter):
    """``scope``: a unit and its subordinate units, set by the figures' drill-downs (hidden on the page)."""

    def __init__(self, field_name: str = "org", **kwargs: Any) -> None:
        kwargs.setdefault("label", "单位范围（含下级）")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        return qs if value in (None, "") else qs.filter(unit_scope_q(value, self.field_name))


def date_filter(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    """One end of a date range (``opened_from`` = ``date_filter("opened_on", "gte", "受理自")``)."""
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label)


class YearFilter(django_filters.NumberFilter):
    """A year (``year=2019``): a whole number within the years the platform keeps, so that a stray value
    (``-7e207``, ``2019.5``) is an invalid filter the list drops, never a database overflow."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(**kwargs)


def _yes_no(qs: QuerySet, name: str, value: str) -> QuerySet:
    return qs.filter(**{name: value == "1"})


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no question of a boolean field, asked as "1"/"0" (the page's select, the API parameter and the
    figures' drill-downs, e.g. ``("resolved", "1")``); a null field answers neither."""

    def __init__(self, *, yes: str, no: str, **kwargs: Any) -> None:
        # Filtered by a method: OpenAPI documents the parameter as the string "1"/"0" it is.
        super().__init__(choices=[("1", yes), ("0", no)], empty_label="全部", method=_yes_no, **kwargs)


def _has_voided_status(model: Any) -> bool:
    from .casework import VOIDED

    try:
        field = model._meta.get_field("status")
    except Exception:
        return False
    return VOIDED in dict(field.choices or ())


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's filters: the user's scope for unit pickers, a ``sort`` form field for the
    page's keyset order (not an API filter: the API pages by ``-id``), lenient page parsing.

    Subclasses declare filters, ``SORTS`` (code → ``Sort``; each key has a ``(key, id)`` index) and
    ``DEFAULT_SORT``; unit filters are limited to the user's scope by ``restrict_units``.
    """

    SORTS: ClassVar[dict[str, Sort]] = {"-id": Sort("录入顺序（新→旧）", "id", True)}
    DEFAULT_SORT: ClassVar[str] = "-id"

    class Meta:
        form = ListFilterForm

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        queryset: QuerySet | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
        user: Any = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        if self.user is not None:
            self.restrict_units(self.user)

    @property
    def form(self) -> forms.Form:
        created = not hasattr(self, "_form")
        form = super().form
        if created:
            sees = bool(getattr(self.user, "sees_personal_data", False))
            for field in form.fields.values():
                if isinstance(field.widget, MaskedSearchInput):
                    field.widget.hide_id_numbers = not sees
        return form

    def restrict_units(self, user: Any) -> None:
        """Accept in every scoped unit filter only the units of ``user``'s scope."""
        units = business_orgs(user)
        for f in self.filters.values():
            if isinstance(f, UnitFilter) and f.scoped:
                f.queryset = units

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        sort = forms.ChoiceField(
            label="排序",
            required=False,
            choices=[(code, s.label) for code, s in self.SORTS.items()],
        )
        return type(form_class.__name__, (form_class,), {"sort": sort})

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return self.hide_voided(queryset)

    @property
    def qs(self) -> QuerySet:
        if not hasattr(self, "_qs"):
            qs = super().qs
            # Unbound (no parameters at all) django-filter skips ``filter_queryset``; voided cases still go.
            self._qs = qs if self.is_bound else self.hide_voided(qs)
        return self._qs

    def hide_voided(self, queryset: QuerySet) -> QuerySet:
        """A voided case (``core.casework``) is in no figure, so the list — the figures' drill-downs —
        leaves it out too, unless asked for (``status=voided``) or searched (``q``: a number typed in
        finds its case, shown as voided)."""
        from .casework import VOIDED, live_q

        if not _has_voided_status(queryset.model):
            return queryset
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        if data.get("status") == VOIDED or (data.get("q") or "").strip():
            return queryset
        return queryset.filter(live_q())

    # -- reading ---------------------------------------------------------------------------------

    @property
    def sort(self) -> tuple[str, Sort]:
        code = self.cleaned("sort") or self.DEFAULT_SORT
        return code, self.SORTS[code]

    def cleaned(self, name: str) -> Any:
        """The valid value of one parameter (None when absent or invalid)."""
        if not self.is_bound or self.form.errors.get(name):
            return None
        return self.form.cleaned_data.get(name)

    def error_messages(self) -> list[str]:
        """Each invalid parameter as "label：message" (shown above the list; the rest still applies)."""
        out = []
        for name, errs in self.errors.items():
            field = self.form.fields.get(name)
            label = field.label if field is not None else name
            out += [f"{label}：{e}" for e in errs]
        return out


def range_pair(name: str) -> tuple[str, str, str]:
    """``heard_from`` → ("heard", "heard_from", "heard_to")."""
    prefix = name.rsplit("_", 1)[0]
    return prefix, f"{prefix}_from", f"{prefix}_to"


def paired(fs: ListFilterSet, name: str) -> tuple[date | None, date | None] | None:
    """For a ``<prefix>_from``/``<prefix>_to`` pair that must be applied as one condition: both
    bounds when ``name`` is the one that applies it (``_from``, or ``_to`` alone), else None."""
    _, lo, hi = range_pair(name)
    start, end = fs.cleaned(lo), fs.cleaned(hi)
    if name == hi and start is not None:
        return None
    return start, end


@dataclass
class ListResult:
    """What a list page shows: the bound filters (form), one keyset page and the capped count."""

    filterset: ListFilterSet
    page: Page
    count: int
    more: bool
    sort: str

    @property
    def form(self) -> forms.Form:
        return self.filterset.form

    @property
    def errors(self) -> list[str]:
        return self.filterset.error_messages()

    def context(self) -> dict[str, Any]:
        return {
            "filterset": self.filterset,
            "form": self.form,
            "filter_errors": self.errors,
            "page": self.page,
            "count": self.count,
            "more": self.more,
            "sort": self.sort,
        }


def bind(
    filterset_class: type[ListFilterSet], params: Mapping[str, Any] | None, qs: QuerySet, *, user: Any
) -> ListFilterSet:
    """Bind list parameters (a ``QueryDict``, or a plain mapping as the CLI and tests pass them)."""
    data = params
    if params is not None and not isinstance(params, MultiValueDict):
        data = MultiValueDict(
            {k: (list(v) if isinstance(v, (list, tuple)) else [v]) for k, v in params.items()}
        )
    return filterset_class(data if data else None, qs, user=user)


def filtered(
    filterset_class: type[ListFilterSet], params: Mapping[str, Any] | None, qs: QuerySet, *, user: Any
) -> QuerySet:
    """``qs`` narrowed by the valid parameters (page and export semantics: invalid ones dropped)."""
    return bind(filterset_class, params, qs, user=user).qs


@functools.cache
def _choice_labels(model: type, name: str) -> dict[Any, Any]:
    return dict(make_hashable(model._meta.get_field(name).flatchoices))


def display(obj: Any, name: str) -> Any:
    """``obj.get_<name>_display()`` from a label table built once per field (Django rebuilds the table of
    every choice at each call: ≈ 5 % of a list page with three such columns)."""
    value = getattr(obj, name)
    return force_str(
        _choice_labels(obj._meta.concrete_model, name).get(make_hashable(value), value), strings_only=True
    )


_PK = 9_087_654_321_012  # a placeholder no real id has


def row_urls(name: str) -> Callable[[Any], str]:
    """``reverse(name, args=[pk])`` for every row of a page from one ``reverse`` (a ``{% url %}`` per row is
    ≈ 10 % of a list page's CPU): the URL of a placeholder id, split around it."""
    head, tail = reverse(name, args=[_PK]).split(str(_PK), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"


def list_page(
    filterset_class: type[ListFilterSet],
    params: Mapping[str, Any],
    qs: QuerySet,
    *,
    user: Any,
    cursor: str | None = None,
    related: Any = None,
) -> ListResult:
    """Filter, keyset-page and count (capped) a list; ``related`` adds select/prefetch to the page only."""
    fs = bind(filterset_class, params, qs, user=user)
    code, sort = fs.sort
    rows = fs.qs
    page = keyset_page(
        related(rows) if related else rows, sort.key, descending=sort.descending, cursor=cursor
    )
    count, more = capped_count(rows)
    return ListResult(filterset=fs, page=page, count=count, more=more, sort=code)


# No docstring on purpose: drf-spectacular would show it as every operation's description.
class ListFiltersOnList:
    # DRF viewset mixin: the list's ``filterset_class`` narrows ``list`` only; a detail, an update or
    # an action finds its record by id alone (stray query parameters cannot 404 or 400 it).

    action: str | None

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if getattr(self, "action", None) != "list":
            return queryset
        return super().filter_queryset(queryset)  # type: ignore[misc]
