"""One search box for a case list (issue 15 item 5): ``?q=`` finds a case by a party's name (full or
partial), a party's whole ID number (exact), the case number in any bracket form, the respondent and
the words of the contested act — on the list page, the API and the export alike, because it is a filter
of the list's ``ListFilterSet``.

Speed on a province's data (PostgreSQL): every text arm is an ``icontains`` that a trigram index serves
(``fazhi.core.search_index``: party names, the contested act, the case number); the party arm is an
``IN (SELECT case_id …)`` so that the planner reads the party table through its own index instead of
probing it once per case. Chinese needs no tokenizer for this: pg_trgm works on characters, so a three
character name or phrase is looked up in the index; a two-character name (张三) still matches, by a
scan of the party table's names only. SQLite scans, which is fine at a county's scale.

A whole ID number is matched exactly and never by substring, and the search box does not write it
back into the page for a role that may not see whole numbers (``MaskedSearchInput``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .lists import ID_NUMBER, MaskedSearchInput

#: Every bracket pair a user types around a year in a case number; the stored numbers use one of them
#: (〔〕 for a government's own numbers, () for court numbers).
BRACKET_PAIRS: tuple[tuple[str, str], ...] = (
    ("〔", "〕"),
    ("(", ")"),
    ("（", "）"),
    ("[", "]"),
    ("【", "】"),
)
_TO_CANONICAL = str.maketrans({o: "〔" for o, _ in BRACKET_PAIRS} | {c: "〕" for _, c in BRACKET_PAIRS})


def normalise_brackets(text: str) -> str:
    """``[2026]``, ``(2026)``, ``（2026）``, ``【2026】`` → ``〔2026〕``; spaces dropped."""
    return text.translate(_TO_CANONICAL).replace(" ", "").replace("\u3000", "")


def bracket_forms(text: str) -> list[str]:
    """The text in each bracket form a stored number may use (one entry when it has no bracket)."""
    canonical = normalise_brackets(text)
    if "〔" not in canonical and "〕" not in canonical:
        return [canonical]
    return list(dict.fromkeys(canonical.replace("〔", o).replace("〕", c) for o, c in BRACKET_PAIRS))


def case_search_q(
    model: Any,
    value: str,
    *,
    parties: str,
    number: str = "number",
    texts: Sequence[str] = (),
    respondent: str | None = "org",
) -> Q:
    """The condition ``?q=value`` applies to ``model``'s records (see the module docstring).

    ``parties``: the related name of the party rows (``PartyBase``); ``number``: the case-number field;
    ``texts``: text fields searched by substring (the contested act); ``respondent``: a unit FK whose
    name is searched."""
    value = (value or "").strip()
    if not value:
        return Q()
    rel = model._meta.get_field(parties)
    party_model, fk = rel.related_model, rel.field.name
    if ID_NUMBER.match(value.upper()):
        ids = party_model._default_manager.filter(id_number=value.upper()).values(fk)
        return Q(pk__in=ids)
    cond = Q()
    for form in bracket_forms(value):
        cond |= Q(**{f"{number}__icontains": form})
    cond |= Q(pk__in=party_model._default_manager.filter(name__icontains=value).values(fk))
    for field in texts:
        cond |= Q(**{f"{field}__icontains": value})
    if respondent:
        from fazhi.orgs.models import OrgUnit

        # Units are few (a province: thousands), so the id list is small and the case table's org index serves it.
        cond |= Q(**{f"{respondent}__in": OrgUnit.objects.filter(name__icontains=value).values("pk")})
    return cond


class CaseSearchFilter(django_filters.CharFilter):
    """``q``: the list's one search box (declare once per case list)."""

    def __init__(
        self,
        *args: Any,
        parties: str,
        number: str = "number",
        texts: Sequence[str] = (),
        respondent: str | None = "org",
        **kwargs: Any,
    ) -> None:
        self.search = {"parties": parties, "number": number, "texts": tuple(texts), "respondent": respondent}
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", MaskedSearchInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not (value or "").strip():
            return qs
        return qs.filter(case_search_q(qs.model, value, **self.search))


#: The role of an applicant/plaintiff row when a party model has roles (reconsideration's ``Party.Role``).
APPLICANT = "applicant"


def _has_roles(party_model: Any) -> bool:
    return any(f.name == "role" for f in party_model._meta.get_fields())


def prior_cases(
    model: Any, parties: Sequence[Any], *, relation: str, exclude_pk: Any = None, limit: int = 10
) -> list[Any]:
    """重复申请 hint: earlier records of ``model`` with a party of the same whole ID number or, for a party
    without one, the same name (exact). The caller passes a scoped ``model`` queryset or the model;
    newest first, at most ``limit``."""
    qs = model if isinstance(model, QuerySet) else model._default_manager.all()
    rel = qs.model._meta.get_field(relation)
    party_model, fk = rel.related_model, rel.field.name
    match = Q()
    # An agent (a lawyer) or a third party appears in many cases; the hint is about the applicant.
    parties = [p for p in parties if getattr(p, "role", APPLICANT) == APPLICANT]
    for p in parties:
        id_number = (getattr(p, "id_number", None) or "").strip().upper()
        name = (getattr(p, "name", None) or "").strip()
        if id_number:
            match |= Q(id_number=id_number)
        elif name:
            match |= Q(name=name)
    if not match:
        return []
    rows = party_model._default_manager.filter(match)
    if _has_roles(party_model):
        rows = rows.filter(role=APPLICANT)
    found = qs.filter(pk__in=rows.values(fk))
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return list(found.order_by("-pk")[:limit])


def repeat_hint(records: QuerySet, record: Any, *, relation: str, date_field: str) -> list[dict[str, Any]]:
    """The 重复申请 hint of one record: its parties' earlier records within ``records`` (the user's scoped
    queryset, so the hint never names a case the user may not see), as id, number, status, date."""
    found = prior_cases(
        records, list(getattr(record, relation).all()), relation=relation, exclude_pk=record.pk
    )
    number = "number" if hasattr(record, "number") else "court_case_number"
    return [
        {
            "id": r.pk,
            "number": getattr(r, number),
            "status": r.status,
            "status_label": r.get_status_display(),
            "date": getattr(r, date_field),
        }
        for r in found
    ]


def repeat_hint_field(
    serializer: Any, obj: Any, records: Callable[[], QuerySet], *, relation: str, date_field: str
) -> Any:
    """The API's ``repeat_applications``: on a single record only (registration, retrieve); ``None`` on a
    list, which would pay two queries a row."""
    ctx = serializer.context
    view = ctx.get("view")
    if not ctx.get("with_repeat_hint") and getattr(view, "action", None) != "retrieve":
        return None
    return repeat_hint(records(), obj, relation=relation, date_field=date_field)


class RepeatApplicationSerializer(serializers.Serializer):
    """重复申请提示：同一申请人此前的一件案件。"""

    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    date = serializers.DateField()


def repeat_hint_schema() -> Any:
    """Decorator for a serializer's ``get_repeat_applications`` (OpenAPI: a list or null)."""
    return extend_schema_field(RepeatApplicationSerializer(many=True, allow_null=True))
