"""Parts of an import declaration (``core.imports.ImportSpec``) that the modules share: the unit column,
the four party columns and their unsaved party, the stored natural keys of parties, columns declared by
the model's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from .excel import Column


class _Blank:
    """What ``Model.__init__`` would give every new instance of one model: the default value of each
    field by attname (a callable default or a database default is drawn per instance, as Django does),
    and the foreign keys that may be given an instance by name."""

    def __init__(self, model: type[models.Model]) -> None:
        self.shared: dict[str, Any] = {}
        self.drawn: list[tuple[str, Callable[[], Any]]] = []
        self.relations: dict[str, str] = {}
        for f in model._meta.concrete_fields:
            if f.generated:
                continue  # never set on an instance (``Model.__init__`` skips it too)
            per_instance = (f.has_default() and callable(f.default)) or (
                getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
            )
            if per_instance:
                self.drawn.append((f.attname, f.get_default))
            else:
                self.shared[f.attname] = f.get_default()
            if isinstance(f, models.ForeignKey) and not f.one_to_one and f.target_field.primary_key:
                self.relations[f.name] = f.attname
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        # what may be given: a plain field by name, any field by attname, a foreign key above by name
        self.names = {f.attname for f in fields} | {f.name for f in fields if not f.is_relation}
        self.names |= set(self.relations)


_blanks: dict[type[models.Model], _Blank | None] = {}


def _blank(model: type[models.Model]) -> _Blank | None:
    if model not in _blanks:
        meta = model._meta
        plain = (
            model.__init__ is models.Model.__init__
            and not meta.private_fields
            # a field whose descriptor acts on assignment (a file, a one-to-one) is left to ``__init__``
            and all(
                isinstance(f, models.ForeignKey) and not f.one_to_one
                if f.is_relation
                else not hasattr(f.descriptor_class, "__set__")
                for f in meta.concrete_fields
            )
        )
        _blanks[model] = _Blank(model) if plain else None
    return _blanks[model]


def _init_listened(model: type[models.Model]) -> bool:
    return pre_init.has_listeners(model) or post_init.has_listeners(model)


def unsaved(model: type[models.Model], **values: Any) -> Any:
    """``model(**values)`` without ``Model.__init__``'s walk over every field and keyword: an import
    builds several instances a row, and that walk was a fifth of the check phase. The same instance —
    every field at its default unless given, a foreign key given by name holds the instance (cached, as
    its descriptor caches it) and its id; given by attname, the id. Anything else (a property, a
    one-to-one, a model with its own ``__init__`` or init signals) goes through ``model(**values)``."""
    blank = _blank(model)
    if (
        blank is None
        or not values.keys() <= blank.names
        # init signals: usually nobody listens at all, and that is cheaper to see than "not for this model"
        or ((pre_init.receivers or post_init.receivers) and _init_listened(model))
    ):
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    attrs = obj.__dict__
    attrs.update(blank.shared)
    for attname, default in blank.drawn:
        if attname not in values:
            attrs[attname] = default()
    relations = blank.relations
    for name, value in values.items():
        attname = relations.get(name)
        if attname is None:
            attrs[name] = value
        else:
            attrs[attname] = None if value is None else value.pk
            obj._state.fields_cache[name] = value
    return obj


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
    texts = _texts(model)
    return {n: "" if row.get(n) is None and n in texts else row.get(n) for n in names}


_text_fields: dict[type[models.Model], frozenset[str]] = {}


def _texts(model: type[models.Model]) -> frozenset[str]:
    """The names of ``model``'s text fields (looked up once per model, not per row and column)."""
    if model not in _text_fields:
        text = (models.CharField, models.TextField)
        _text_fields[model] = frozenset(f.name for f in model._meta.fields if isinstance(f, text))
    return _text_fields[model]


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

    return unsaved(
        model,
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
