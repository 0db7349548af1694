"""What every module's demo loader (``fazhi demo``) does the same way: deterministic picks, numbering
in order, status history rows and the closing audit event.

A demo writes thousands of records with ``bulk_create``: a service call per record (≈ 90 ms with its
numbering, constraint checks and audit event) would take minutes. The records are still built the way
the services build them (numbers from the government's sequence, a history row per step) and the
database CHECK constraints of ``core.parts`` refuse an impossible one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import models

from fazhi.audit.services import record

from .models import NumberSequence
from .pii import make_id_card
from .services import format_number

T = TypeVar("T")


def pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    """One value of ``[(value, weight), …]``."""
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭"


def person(rng: random.Random, n: int) -> dict[str, str]:
    """A made-up party: a name, a valid 身份证号 of the demo county (born 1950–1999, ``n`` its serial)
    and a mobile number; the fields of ``core.parts.PartyBase``, deterministic in ``rng``."""
    return {
        "name": rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋"),
        "id_number": make_id_card("330381", date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50)), n),
        "phone": f"13{rng.randrange(10**9):09d}",
    }


def day_in(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def number_in_order(records: Iterable[Any], *, gov: Any, kind: str, pattern: str, on: str) -> None:
    """Number ``records`` (in the order given) as ``next_number`` would, per year of their ``on`` date, and
    advance the government's sequences so that the next record registered on a page continues after them."""
    last: dict[int, int] = {}
    for r in records:
        year = getattr(r, on).year
        last[year] = last.get(year, 0) + 1
        r.number = format_number(pattern, year=year, seq=last[year], abbr=gov.short_name)
        r.numbering_government = gov
    for year, seq in last.items():
        NumberSequence.objects.update_or_create(org=gov, kind=kind, year=year, defaults={"last": seq})


def checked(records: Sequence[models.Model]) -> None:
    """The model's own rules on records about to be bulk-written, as the staged import checks a row:
    fields, choices and ``clean()`` (``full_clean`` without its per-row queries: foreign keys, uniqueness)
    and the CHECK constraints evaluated in memory. A rule of a record holds on the demo path too."""
    from django.core.exceptions import ValidationError

    from .constraint_check import constraint_errors

    for obj in records:
        fks = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        obj.full_clean(exclude=fks, validate_unique=False, validate_constraints=False)
        broken = constraint_errors(obj)
        if broken:
            raise ValidationError({key: message for key, message in broken})


def history(
    model: type[models.Model],
    records: Iterable[Any],
    steps: Callable[[Any], Iterable[tuple[str, str, str, Any]]],
) -> None:
    """The status-history rows of ``records``: ``steps(record)`` gives (action, from, to, on) per step."""
    from .parts import field_to

    rows: list[Any] = []
    for r in records:
        fk = field_to(model, type(r))
        rows += [model(**{fk: r}, action=a, from_status=f, to_status=t, on=on) for a, f, t, on in steps(r)]
    model._default_manager.bulk_create(rows, batch_size=1000)


def loaded(module: str, title: str, noun: str, count: int, stdout: Any = None, **changes: Any) -> int:
    """The demo's audit event ``<module>.demo_load`` and its line of ``fazhi demo`` output."""
    record(
        f"{module}.demo_load",
        object_type=f"{module}.demo",
        object_repr=f"{title}演示数据",
        changes={module: count, **changes},
    )
    if stdout is not None:
        stdout.write(f"  {noun} {count} 件")
    return count
