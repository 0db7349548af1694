"""Parts every case module is built from (issue 10 items 4 and 7).

* ``NumberedRecord`` + ``number_unique()``: a number unique per numbering government;
* ``PartyBase``: kind, name, ID, phone, ``clean()`` and the masking rule (``core.pii.shown``);
* ``StatusHistory``: the status-history columns every module uses;
* ``CachedDeadlines`` + ``refresh_cached_deadlines``: stored due dates for SQL filters;
* ``date_order`` / ``both_or_neither`` / ``check``: CHECK constraints with Chinese messages.

A module keeps its own verbose names by re-declaring a field where the wording differs (原告名称).
The one upload check is ``core.uploads``; the one vocabulary of act categories and fields ``core.vocab``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from .pii import shown, validate_party_ids


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANIZATION = "organization", "法人或其他组织"


@dataclass
class PartyData:
    """One party as a service takes it (``clean_parties`` also takes dicts with these keys)."""

    name: str
    kind: str = PartyKind.PERSON
    id_number: str = ""
    phone: str = ""


class PartyBase(models.Model):
    """A party of a case: a person (身份证号) or an organisation (统一社会信用代码), with a phone.

    Stored whole; ``id_for``/``phone_for`` apply the one masking rule of ``core.pii.shown``."""

    kind = models.CharField("当事人类型", max_length=14, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField("当事人名称", max_length=100)
    id_number = models.CharField("身份证号/统一社会信用代码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)

    Kind = PartyKind

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.id_number, self.phone = validate_party_ids(self.kind, self.id_number, self.phone)

    def id_for(self, user: Any) -> str:
        return shown(self.id_number, "id", user)

    def phone_for(self, user: Any) -> str:
        return shown(self.phone, "phone", user)


class StatusHistory(models.Model):
    """One row per transition of a record: its status history (the timeline of the detail page).

    The same columns in every module; a module adds the foreign key to its record (and may narrow
    ``from_status``/``to_status`` to its statuses' choices)."""

    action = models.CharField("操作", max_length=40)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    on = models.DateField("业务日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    actor = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        abstract = True


class NumberedRecord(models.Model):
    """A record numbered by a government's sequence (``core.services.next_number``).

    Two governments may share a short name, hence the same ``示政复〔2019〕1号``: the number is unique per
    numbering government, not across the platform."""

    number = models.CharField("编号", max_length=60)
    numbering_government = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="编号机关"
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A record built by hand (tests, scripts) is numbered by its unit's government, as next_number is;
        # bulk writes skip save() and must name it, or the NOT NULL column refuses the row.
        if self.numbering_government_id is None and getattr(self, "org_id", None):
            self.numbering_government = numbering_government(self.org)  # type: ignore[attr-defined]
        super().save(*args, **kwargs)


class CachedDeadlines(models.Model):
    """Due dates stored next to the dates they are computed from, so that lists filter and sort by them and
    an overdue figure is one SQL aggregate. Never entered by a user: ``compute_deadlines`` gives them from the
    record, every ``save`` refreshes them, and a change of the holiday calendar refreshes the stored rows
    through ``refresh_cached_deadlines`` (a calendar listener). Bulk writes call ``refresh_deadlines``."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        changed = self.refresh_deadlines()
        if kwargs.get("update_fields") is not None and changed:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)

    def compute_deadlines(self) -> dict[str, Any]:
        """``{field name: due date or None}`` from the record as it stands."""
        raise NotImplementedError

    def refresh_deadlines(self) -> list[str]:
        """Recompute the cached due dates; the names of those that changed."""
        changed = []
        for name, due in self.compute_deadlines().items():
            if getattr(self, name) != due:
                setattr(self, name, due)
                changed.append(name)
        return changed


def refresh_cached_deadlines(queryset: models.QuerySet[Any], batch: int = 500) -> int:
    """Recompute the cached due dates of ``queryset``'s rows (after the holiday calendar changed); the
    number of rows whose dates changed. Writes only the due-date columns, never the version."""
    from fazhi.workdays.rules import memoised

    model = queryset.model
    fields = list(model().compute_deadlines())
    pending: list[Any] = []
    count = 0
    with memoised():  # each government's own deadline lengths read once for the batch
        for record in queryset.iterator(chunk_size=batch):
            if record.refresh_deadlines():
                pending.append(record)
            if len(pending) >= batch:
                count += model.objects.bulk_update(pending, fields)
                pending = []
    if pending:
        count += model.objects.bulk_update(pending, fields)
    return count


def number_unique() -> models.UniqueConstraint:
    """The constraint a ``NumberedRecord`` subclass lists in its ``Meta.constraints``; ``number`` leads so that
    its index still serves a lookup by number alone, as the former global unique index did."""
    return models.UniqueConstraint(
        fields=["number", "numbering_government"],
        name="%(app_label)s_%(class)s_number_uniq",
        violation_error_message="该编号在本级政府已被使用",
    )


def numbering_government(org: Any) -> Any:
    """The government whose sequence numbers ``org``'s records: its nearest 市政府 (or itself)."""
    return org.government or org


def named_errors(label: str) -> dict[str, str]:
    """A field's ``error_messages`` that name it: ``full_clean`` runs on every path (service, import, demo),
    and outside a form Django's bare 「值…不是有效选项」 does not say which field is wrong."""
    return {
        "invalid_choice": f"{label}「%(value)s」无效",
        "blank": f"请填写{label}",
        "null": f"请填写{label}",
    }


# --- Invariants in the database (issue 10 item 7) ---
# A CHECK passes when its expression is NULL, so a date order holds vacuously while either date is empty;
# Django's own validation (``full_clean``) treats NULL the same way.


def date_order(later: str, earlier: str, message: str) -> models.CheckConstraint:
    """``later`` is on or after ``earlier`` whenever both are set."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{later}__gte": models.F(earlier)}),
        name=f"%(class)s_{later}_gte_{earlier}",
        violation_error_message=message,
    )


def both_or_neither(a: models.Q, b: models.Q, name: str, message: str) -> models.CheckConstraint:
    """``a`` holds exactly when ``b`` holds (e.g. an outcome is recorded iff the case is concluded)."""
    return models.CheckConstraint(
        condition=(a & b) | (~a & ~b),
        name=f"%(class)s_{name}",
        violation_error_message=message,
    )


def check(condition: models.Q, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=condition, name=f"%(class)s_{name}", violation_error_message=message
    )


# --- Writing the parts (services, imports and the demo share these) ---


def field_to(model: type[models.Model], target: type[models.Model]) -> str:
    """The name of ``model``'s foreign key to ``target`` (a party's or a history row's record)."""
    return next(f.name for f in model._meta.fields if f.is_relation and f.related_model is target)


def clean_parties(
    party_model: type[PartyBase],
    parties: Any,
    record_model: type[models.Model],
    *,
    noun: str = "当事人",
    field: str = "parties",
) -> list[Any]:
    """Unsaved, validated party rows from ``parties`` (objects or dicts with name, kind, id_number,
    phone); every invalid party is named in one Chinese error on ``field`` (第2个当事人…)."""
    from django.core.exceptions import ValidationError

    rows, errors = [], []
    exclude = [field_to(party_model, record_model)]
    for i, p in enumerate(parties, start=1):
        get = p.get if isinstance(p, dict) else lambda k, d="", p=p: getattr(p, k, d)
        row = party_model(
            kind=get("kind", PartyKind.PERSON),
            name=(get("name", "") or "").strip(),
            id_number=(get("id_number", "") or "").strip(),
            phone=(get("phone", "") or "").strip(),
        )
        try:
            row.full_clean(exclude=exclude)
        except ValidationError as e:
            errors.extend(
                f"第{i}个{noun}{party_model._meta.get_field(k).verbose_name}：{'；'.join(v)}"
                for k, v in e.message_dict.items()
            )
        rows.append(row)
    if errors:
        raise ValidationError({field: errors})
    return rows


def write_history(record: Any, before: str, action: str, on: Any, actor: Any, note: str = "") -> None:
    """The usual ``Workflow.history``: one row of the record's ``status_changes`` (``StatusHistory``)."""
    record.status_changes.create(
        from_status=before,
        to_status=record.status,
        action=action,
        on=on,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
