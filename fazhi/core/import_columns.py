"""Parts of an import declaration (``core.imports.ImportSpec``) that the modules share: the unit column,
the four party columns and their unsaved party, the stored natural keys of parties, columns declared by
the model's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from .excel import Column


def unit_column(key: str, header: str, actor: Any, kinds: list[str], **options: Any) -> Column:
    """A drop-down of the units a row may name: the actor's writable units (``org_choices_for``), or
    every active unit for the command-line system import."""
    from fazhi.orgs.models import OrgUnit
    from fazhi.orgs.scope import org_choices_for

    units = (
        OrgUnit.objects.filter(kind__in=kinds, is_active=True).order_by("sort_order", "id")
        if actor is None
        else org_choices_for(actor, kind__in=kinds)
    )
    options = {"help": "只能选择本人有权填报的单位", "width": 26, **options}
    return Column(
        key, header, required=True, kind="choice", choices=[(str(o.pk), o.name) for o in units], **options
    )


def field_columns(model: type[models.Model], *names: str, **options: Any) -> list[Column]:
    """Columns declared by the model's fields: the verbose name as header, required unless the field may be
    blank, a date, a 是/否 or a drop-down of the field's choices — the sheet asks what the model requires."""
    columns = []
    for name in names:
        f = model._meta.get_field(name)
        kind = "choice" if f.choices else "text"
        if isinstance(f, models.DateField):
            kind = "date"
        elif isinstance(f, models.BooleanField):
            kind = "bool"
        choices = [(str(code), label) for code, label in f.choices or []]
        columns.append(
            Column(name, str(f.verbose_name), required=not f.blank, kind=kind, choices=choices, **options)
        )
    return columns


def row_values(model: type[models.Model], row: dict[str, Any], *names: str) -> dict[str, Any]:
    """The parsed cells of ``field_columns`` as field values: an empty cell is "" for a text field."""
    text = (models.CharField, models.TextField)
    return {
        n: "" if row.get(n) is None and isinstance(model._meta.get_field(n), text) else row.get(n)
        for n in names
    }


def party_columns(prefix: str, noun: str, *, required: bool = False, help: str = "") -> list[Column]:
    """Name, kind, ID and phone of one party (``PartyBase``), keyed ``<prefix>_name`` …"""
    from .parts import PartyKind

    return [
        Column(f"{prefix}_name", f"{noun}名称", help, required=required),
        Column(
            f"{prefix}_kind", f"{noun}类型", required=required, kind="choice", choices=list(PartyKind.choices)
        ),
        Column(f"{prefix}_id", f"{noun}证件号码", "自然人填身份证号，单位填统一社会信用代码", width=22),
        Column(f"{prefix}_phone", f"{noun}联系电话"),
    ]


def party_fields(prefix: str) -> dict[str, str]:
    """The party model's fields → the columns of ``party_columns(prefix, …)`` (for error messages)."""
    return {
        "name": f"{prefix}_name",
        "kind": f"{prefix}_kind",
        "id_number": f"{prefix}_id",
        "phone": f"{prefix}_phone",
    }


def party(model: type[models.Model], row: dict[str, Any], prefix: str) -> Any:
    """The unsaved party of ``party_columns(prefix, …)`` (``PartyBase.clean`` runs in the check)."""
    from .parts import PartyKind

    return model(
        kind=row.get(f"{prefix}_kind") or PartyKind.PERSON,
        name=(row.get(f"{prefix}_name") or "").strip(),
        id_number=row.get(f"{prefix}_id") or "",
        phone=row.get(f"{prefix}_phone") or "",
    )


def stored_party_keys(
    parties: models.QuerySet[Any], parent: str, date_field: str, label: str = "number"
) -> Callable[[list[tuple[Any, ...]]], dict[tuple[Any, ...], str]]:
    """``stored_keys`` for the natural key (party name, unit, date): one query per batch."""

    def stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
        rows = parties.filter(
            name__in={k[0] for k in keys},
            **{
                f"{parent}__org__in": {k[1] for k in keys},
                f"{parent}__{date_field}__in": {k[2] for k in keys},
            },
        ).values_list("name", f"{parent}__org_id", f"{parent}__{date_field}", f"{parent}__{label}")
        return {(name, org, on): text for name, org, on, text in rows}

    return stored


def stored_record_keys(
    records: models.QuerySet[Any], *fields: str, label: str = "number"
) -> Callable[[list[tuple[Any, ...]]], dict[tuple[Any, ...], str]]:
    """``stored_keys`` for a natural key of the record's own ``fields`` (e.g. title, unit, date), in the
    order of ``Planned.key``: one query per batch."""

    def stored(keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
        lookups = {f"{name}__in": {k[i] for k in keys} for i, name in enumerate(fields)}
        rows = records.filter(**lookups).values_list(*fields, label)
        return {tuple(r[:-1]): r[-1] for r in rows}

    return stored
