"""Cross-module links (关联): a subject is ``(kind, id)``, e.g. ``("reconsideration.case", 12)``.

The module that owns a kind registers it once (in its ``hooks.py``) with its **selector**: every
resolution and every check of a link goes through that selector, so a user who may not see the
target gets "无权查看" and never its data, and a write may only link to what the writer may see.

Storage stays with the linking module (an indexed ``ForeignKey`` such as
``LitigationCase.related_reconsideration``, or a ``subject_kind``/``subject_id`` pair for a record
that may point at any kind, as the legality-review queue will). Only reading and checking go through
here, and ``resolve_many`` reads the targets of a whole page in one query per kind.

A new module adds a kind with one call::

    links.register(LinkKind("decisions.decision", "重大行政决策", "decisions.Decision",
                            selectors.decisions_for, "decisions:detail", number_field="number"))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

NO_ACCESS = "无权查看"


class Subject(NamedTuple):
    kind: str
    id: int


@dataclass(frozen=True)
class LinkKind:
    """A kind of record other modules may link to.

    ``visible(user)`` is the owning module's selector (the user's scoped queryset); ``url_name`` takes
    the primary key; ``number_field`` is the natural key people type (案号/编号), normalised by
    ``normalize`` before the lookup.
    """

    kind: str
    label: str
    model: str
    visible: Callable[[Any], models.QuerySet]
    url_name: str
    number_field: str = ""
    normalize: Callable[[str], str] | None = None
    label_of: Callable[[Any], str] = str
    #: ``changed(ids)``: a record linking to these targets changed (a legality review concluded), in its
    #: transaction; the owning module recomputes what it derives from the link (stored problems)
    changed: Callable[[list[int]], None] | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def queryset(self, user: Any) -> models.QuerySet:
        """What ``user`` may link to or read; ``None`` is the command-line system import (no scope)."""
        if user is None:
            return self.model_class()._default_manager.all()
        return self.visible(user)

    def subject(self, obj: models.Model) -> Subject:
        return Subject(self.kind, int(obj.pk))


@dataclass(frozen=True)
class Resolved:
    """A link as a user may see it: ``visible`` False means label "无权查看", no URL, no data."""

    subject: Subject
    label: str
    url: str
    visible: bool
    kind_label: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.subject.kind,
            "id": self.subject.id,
            "kind_label": self.kind_label,
            "label": self.label,
            "url": self.url or None,
            "visible": self.visible,
        }


_KINDS: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    _KINDS[kind.kind] = kind


def unregister(kind: str) -> None:
    _KINDS.pop(kind, None)


def kinds() -> Mapping[str, LinkKind]:
    return dict(_KINDS)


def notify_changed(kind: str, ids: list[int]) -> None:
    """Tell the module owning ``kind`` that records linking to ``ids`` changed (see ``LinkKind.changed``);
    nothing when the kind is not installed or does not listen."""
    target = _KINDS.get(kind)
    if target is not None and target.changed is not None and ids:
        target.changed(ids)


def get_kind(kind: str) -> LinkKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValidationError(f"未知的关联类型「{kind}」") from None


def _not_found(kind: LinkKind, field: str, what: str = "") -> ValidationError:
    message = f"关联的{kind.label}{f'「{what}」' if what else ''}不存在或您{NO_ACCESS}"
    return ValidationError({field: message} if field else message, code="link")


def fetch(user: Any, kind: str, pk: Any, *, field: str = "") -> Any:
    """The target ``pk`` of ``kind`` if ``user`` may see it (a write may link only to it), else a
    Chinese ValidationError on ``field``; ``None`` for no link."""
    if pk in (None, ""):
        return None
    k = get_kind(kind)
    try:
        pk = int(getattr(pk, "pk", pk))
    except (TypeError, ValueError):
        raise _not_found(k, field) from None
    obj = k.queryset(user).filter(pk=pk).first()
    if obj is None:
        raise _not_found(k, field)
    return obj


fetch_link = fetch


def find(user: Any, kind: str, number: str, *, field: str = "") -> Any:
    """The target whose natural key (案号/编号) is ``number``, through the owner's selector."""
    text = (number or "").strip()
    if not text:
        return None
    k = get_kind(kind)
    if not k.number_field:
        raise ValidationError(f"{k.label}不能按编号关联")
    value = k.normalize(text) if k.normalize else text
    obj = k.queryset(user).filter(**{k.number_field: value}).first()
    if obj is None:
        raise _not_found(k, field, text)
    return obj


def resolve_many(user: Any, subjects: Iterable[Subject | None]) -> dict[Subject, Resolved]:
    """Resolve every subject for ``user`` with one query per kind (never one per link)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for s in subjects:
        if s is not None and s.id is not None:
            wanted[s.kind].add(int(s.id))
    out: dict[Subject, Resolved] = {}
    for code, ids in wanted.items():
        k = _KINDS.get(code)
        found = {o.pk: o for o in k.queryset(user).filter(pk__in=ids)} if k is not None else {}
        for pk in ids:
            s = Subject(code, pk)
            obj = found.get(pk)
            if k is None or obj is None:
                out[s] = Resolved(s, NO_ACCESS, "", False, k.label if k else code)
            else:
                out[s] = Resolved(s, k.label_of(obj), reverse(k.url_name, args=[pk]), True, k.label)
    return out


def resolve(user: Any, subject: Subject | None) -> Resolved | None:
    if subject is None:
        return None
    return resolve_many(user, [subject])[subject]


@dataclass(frozen=True)
class LinkField:
    """A link a model stores as a ``ForeignKey`` (``field``) to a registered ``kind``."""

    field: str
    kind: str
    label: str = ""


def subjects_of(obj: models.Model, fields: Iterable[LinkField]) -> list[tuple[LinkField, Subject]]:
    """The links ``obj`` holds (from the FK ids: nothing is fetched)."""
    out = []
    for f in fields:
        pk = getattr(obj, f"{f.field}_id", None)
        if pk is not None:
            out.append((f, Subject(f.kind, int(pk))))
    return out


def links_of(user: Any, objs: Iterable[models.Model], fields: Iterable[LinkField]) -> dict[int, list[dict]]:
    """``{obj.pk: [{"relation", "relation_label", **Resolved.as_dict()}, ...]}`` for a page of records,
    resolved in one query per kind."""
    fields = list(fields)
    pairs = {o.pk: subjects_of(o, fields) for o in objs}
    resolved = resolve_many(user, (s for ps in pairs.values() for _f, s in ps))
    return {
        pk: [
            {
                "relation": f.field,
                "relation_label": f.label or resolved[s].kind_label,
                **resolved[s].as_dict(),
            }
            for f, s in ps
        ]
        for pk, ps in pairs.items()
    }


# --- API: a read-only ``links`` field, resolved once per page -------------------------------------


class LinkOutSerializer(serializers.Serializer):
    """One resolved link; ``label`` is "无权查看" and ``url`` null when the user may not see the target."""

    relation = serializers.CharField()
    relation_label = serializers.CharField()
    kind = serializers.CharField()
    id = serializers.IntegerField()
    kind_label = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    visible = serializers.BooleanField()


_BATCH = "_links_batch"
_CACHE = "_links_cache"


@extend_schema_field(LinkOutSerializer(many=True))
class LinksField(serializers.Field):
    """``links = LinksField([LinkField(...)])``; with ``Meta.list_serializer_class =
    LinkBatchListSerializer`` a list page resolves all its links in one query per kind."""

    def __init__(self, fields: Iterable[LinkField], **kwargs: Any) -> None:
        self.link_fields = list(fields)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj: Any) -> list[dict[str, Any]]:
        cache: dict[int, list[dict]] = self.context.setdefault(_CACHE, {})
        if obj.pk not in cache:
            batch = [o for o in self.context.get(_BATCH, ()) if o.pk not in cache] or [obj]
            request = self.context.get("request")
            if request is None:
                # Without a user there is no scope to resolve through: show nothing rather than everything.
                return []
            cache.update(links_of(request.user, batch, self.link_fields))
        return cache.get(obj.pk, [])


class LinkBatchListSerializer(serializers.ListSerializer):
    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        self.context[_BATCH] = items
        return super().to_representation(items)


def link_field(model: str, verbose_name: str) -> models.ForeignKey:
    """A record's optional link to another module's record (a ``LinkField`` reads and checks it): the link
    goes when its target goes, and the target's model gets no reverse accessor."""
    return models.ForeignKey(
        model, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose_name
    )


def check_links(user: Any, target: Any, fields: Iterable[LinkField]) -> None:
    """Replace each link on ``target`` (an id or a record, e.g. from an API body) by the record ``user``
    may see: a write may link only to what its author may see. All refusals at once, per field."""
    errors: dict[str, list[str]] = {}
    for f in fields:
        try:
            setattr(target, f.field, fetch(user, f.kind, getattr(target, f.field), field=f.field))
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
