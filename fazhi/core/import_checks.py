"""The field checks of a staged import (``fazhi.core.imports``): ``Model.full_clean`` without the unique and
constraint checks (the import makes those per batch), each field's check run once per distinct value."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault

# Values whose field check is remembered: immutable and hashable, so a cleaned value can be shared.
_SHAREABLE = frozenset({str, int, float, bool, Decimal, date, datetime, type(None)})


class FieldChecks:
    """``Model.full_clean`` without the unique and constraint checks (the import makes those per batch),
    each field's ``clean(value)`` run once per distinct value and field for the whole import, not once
    per row: 100 000 rows repeat the same units, dates, choices and amounts. The same rules: a model
    field's ``to_python``, ``validate`` (choices, null, blank) and validators see only the value — the
    instance is passed to ``validate``, whose only use of it, a foreign key's existence query, is not
    run here (foreign keys are excluded: the import resolved them). ``today()`` is one day for the whole
    import (``dates.same_day``), so a date validator gives the same answer on every row. The model's
    ``clean()`` (rules across fields) still runs on every instance. A model overriding ``full_clean`` or
    ``clean_fields``, and relation fields, are not remembered."""

    REMEMBERED = 2000

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, ...], tuple[bool, Any]] = {}
        self.counts: dict[int, int] = {}  # values remembered per field
        # per model: (field, its id) — the id keys the cache (a Field's own __hash__ is Python code,
        # called per cell; the model's fields live as long as the process)
        self.models: dict[type[models.Model], list[tuple[Any, int]] | None] = {}
        self.checked: dict[tuple[Any, ...], list[tuple[Any, int]] | None] = {}

    def _fields(self, model: type[models.Model]) -> list[tuple[Any, int]] | None:
        if model not in self.models:
            plain = (
                model.full_clean is models.Model.full_clean
                and model.clean_fields is models.Model.clean_fields
            )
            fields = [f for f in model._meta.fields if not f.generated]
            self.models[model] = [(f, id(f)) for f in fields] if plain else None
        return self.models[model]

    def _checked(self, model: type[models.Model], exclude: list[str]) -> list[tuple[Any, int]] | None:
        """The fields checked on ``model`` without ``exclude`` (worked out once per model and exclusion)."""
        key = (model, *exclude)
        if key not in self.checked:
            fields = self._fields(model)
            self.checked[key] = (
                None if fields is None else [(f, s) for f, s in fields if f.name not in exclude]
            )
        return self.checked[key]

    def full_clean(self, obj: models.Model, exclude: list[str]) -> None:
        fields = self._checked(type(obj), exclude)
        if fields is None:
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            return
        errors: dict[str, Any] = {}
        cache = self.cache
        for f, slot in fields:
            raw = getattr(obj, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            if isinstance(raw, DatabaseDefault):
                continue
            if f.is_relation or type(raw) not in _SHAREABLE:
                try:
                    setattr(obj, f.attname, f.clean(raw, obj))
                except ValidationError as e:
                    errors[f.name] = e.error_list
                continue
            key = (slot, type(raw), raw)
            hit = cache.get(key)
            if hit is None:
                try:
                    hit = (True, f.clean(raw, obj))
                except ValidationError as e:
                    hit = (False, e.error_list)
                # Remember at most REMEMBERED values a field: names, ID numbers and phones differ on every
                # row, and remembering them would make memory grow with the rows.
                if self.counts.get(slot, 0) < self.REMEMBERED:
                    cache[key] = hit
                    self.counts[slot] = self.counts.get(slot, 0) + 1
            if hit[0]:
                setattr(obj, f.attname, hit[1])
            else:
                errors[f.name] = list(hit[1])
        if type(obj).clean is not models.Model.clean:  # the base one checks nothing (two a row here)
            try:
                obj.clean()
            except ValidationError as e:
                errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
