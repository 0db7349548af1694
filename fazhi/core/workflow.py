"""Explicit transition tables (DESIGN.md §3, §7): one declaration per transition, run by ``core.actions``.

A ``Transition`` says everything the platform needs about one state change: its name and label (the
button, the audit vocabulary, the conflict message), the statuses it starts from and its target, who
may run it, when it is offered (``guard``), the page form and the API input, and the module's small
``body``. A ``Workflow`` is the table of a model's transitions plus the hooks every transition of the
model shares (history row, cached deadlines, audit snapshot).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

#: ``body(record, data, ctx)``: the module's own change to the locked record (dates, related rows,
#: fields); ``ctx`` is a ``core.actions.ActionContext``. It raises ``ValidationError`` to refuse.
Body = Callable[[Any, dict[str, Any], Any], Any]
#: ``guard(record)``: "" when the transition may run now, else why not (Chinese); may raise ConflictError.
Guard = Callable[[Any], str]
#: ``permission(user, record)``: raises ``PermissionDenied`` when the user may not run the transition.
Permission = Callable[[Any, Any], None]
#: ``history(record, from_status, action, on, actor, note)``: one status-history row.
History = Callable[[Any, str, str, date | None, Any, str], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the body decides (e.g. resume returns to the previous status)
    body: Body | None = None
    form: type | None = None  # page form (django.forms.Form)
    serializer: type | None = None  # API input (rest_framework Serializer); carries ``version``
    guard: Guard | None = None
    permission: Permission | None = None  # default: the workflow's
    offer: Callable[[Any], bool] | None = None  # extra condition for showing the button only
    url_path: str = ""  # API path segment; default: the name with dashes
    #: ``part(record, data)``: the row of the record this action edits (a report's section), locked by
    #: it; its version is the one the user read, checked and bumped instead of the record's.
    part: Callable[[Any, dict[str, Any]], Any] | None = None
    style: str = "primary"  # button colour on the page
    #: The law that reserves this step to the head's approval (e.g. "《行政复议法》第六十二条"): the runner
    #: refuses it without an approved, unused approval of the step by a 机构负责人 (``casefiles.approvals``).
    approval: str = ""

    @property
    def api_path(self) -> str:
        return self.url_path or self.name.replace("_", "-")


@dataclass
class Workflow:
    """A table of named transitions over a TextChoices status, with the hooks shared by its transitions."""

    status_labels: dict[str, str]
    transitions_list: list[Transition]
    model: type[models.Model] | None = None
    prefix: str = ""  # audit vocabulary: ``<prefix>.<transition name>``
    history: History | None = None
    history_always: bool = False  # a row for every action, not only when the status changed
    permission: Permission | None = None
    prepare: Callable[[Any], None] | None = None  # before full_clean, e.g. refresh cached deadlines
    snapshot: Callable[[Any], dict[str, Any]] | None = None  # audit before/after; default all fields
    select_related: tuple[str, ...] = ("org",)
    clean_exclude: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # audit labels of non-transition actions
    #: ``after(record, step)``: once the record is saved, in the same transaction (e.g. a review queue
    #: telling the reviewed record's module that its review changed, ``core.links.notify_changed``)
    after: Callable[[Any, str], None] | None = None
    transitions: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.transitions = {t.name: t for t in self.transitions_list}
        if self.prefix:
            from .actions import register

            register(self)

    def get(self, name: str) -> Transition:
        t = self.transitions.get(name)
        if t is None:
            raise ValidationError(f"未知的操作「{name}」", code="unknown_transition")
        return t

    def check(self, status: str, name: str) -> Transition:
        t = self.get(name)
        if status not in t.sources:
            raise ValidationError(
                f"当前状态为「{self.status_labels.get(status, status)}」，不能执行「{t.label}」",
                code="illegal_transition",
            )
        return t

    def allowed(self, status: str) -> list[Transition]:
        return [t for t in self.transitions.values() if status in t.sources]

    def label(self, action: str) -> str:
        """The Chinese name of an audit action of this workflow (``prefix.name`` or ``name``)."""
        name = action.removeprefix(f"{self.prefix}.")
        t = self.transitions.get(name)
        return t.label if t else self.labels.get(name, action)
