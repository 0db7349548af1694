"""The one action runner every state change goes through (issue 10 item 3; DESIGN.md §7).

``run(workflow, name, record, actor=…, data=…, version=…)`` does, in one transaction: lock the row
(``select_for_update``), check the actor's role and scope, compare the version the user read (missing →
400, stale → 409 naming the newer change), check the transition table and the transition's guard, run
the module's small body, ``full_clean``, bump the version, save, write the status-history row and the
audit event ``<prefix>.<name>`` whose label comes from the same declaration.

The same declarations give the page (``action_view`` + ``core/partials/actions.html``), the API
(``ActionViewSetMixin``) and "what may this user do now" (``available_actions``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from fazhi.audit.services import diff, record, snapshot
from fazhi.orgs.scope import ensure_can_write

from .services import ConflictError, bump_version, check_version
from .workflow import Transition, Workflow

_WORKFLOWS: dict[str, list[Workflow]] = {}


def register(workflow: Workflow) -> None:
    """Workflows register their audit prefix so that ``audit_label`` knows every action's name.
    A module may declare more than one (the report's status steps and its drafting edits)."""
    known = _WORKFLOWS.setdefault(workflow.prefix, [])
    known[:] = [w for w in known if w.transitions.keys() != workflow.transitions.keys()] + [workflow]


def audit_label(action: str) -> str:
    """「受理」 for ``reconsideration.accept``: the one vocabulary of audit labels (timelines, conflicts)."""
    prefix = action.split(".", 1)[0]
    if prefix not in _WORKFLOWS:
        _import_actions(prefix)
    for wf in _WORKFLOWS.get(prefix, ()):
        label = wf.label(action)
        if label != action:
            return label
    return action


def _import_actions(app_label: str) -> None:
    """A module declares its workflow in ``<app>/actions.py``; importing it registers the labels."""
    from importlib import import_module

    from django.apps import apps

    try:
        module = apps.get_app_config(app_label).module.__name__
    except LookupError:
        return
    try:
        import_module(f"{module}.actions")
    except ModuleNotFoundError:
        return


class _Trusted:
    """In-process callers (import, demo, command line, the daily job) hold no copy the user read."""

    def __repr__(self) -> str:
        return "TRUSTED"


#: ``version=TRUSTED``: the caller is code running on the locked row, not a user's stale form.
#: Pages and the API always pass what the user sent, so a missing version is a 400 there.
TRUSTED: Any = _Trusted()


@dataclass
class ActionContext:
    """What a body may read and add to: who acts, the request, and the history/audit details."""

    actor: Any
    request: Any
    transition: Transition
    from_status: str
    on: date | None = None  # business date of the history row (default: ``data["date"]``)
    note: str = ""  # history note
    part: Any = None  # the locked row a ``Transition.part`` action edits
    unchanged: bool = False  # the body found nothing to change: no version, history or audit
    extra: dict[str, Any] = field(default_factory=dict)  # added to the audit event's changes
    result: Any = None  # what ``run`` returns instead of the record (e.g. a new hearing)


class AuditedRefusal(ValidationError):
    """A refusal the audit trail keeps (e.g. the submitter trying to pass their own 保密审查): ``run``
    rolls the step back, then records ``<prefix>.<event>`` with ``changes`` and re-raises."""

    def __init__(self, message: Any, *, event: str, changes: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.event, self.changes = event, dict(changes or {})


def default_permission(user: Any, obj: Any) -> None:
    ensure_can_write(user, getattr(obj, "org", None), record=obj)


def role_permission(roles: Iterable[str], message: str) -> Any:
    """A ``Transition.permission``: the default write check (role may write, record in scope) and one of
    ``roles`` (e.g. only the Justice Bureau registers and publishes); refused with ``message`` (Chinese)."""
    allowed = frozenset(roles)

    def check(user: Any, obj: Any) -> None:
        default_permission(user, obj)
        if not allowed & set(user.role_codes):
            raise PermissionDenied(message)

    return check


#: Checks every step runs on the locked record before anything else: ``fn(record) -> refusal`` ("" = none).
#: A platform app adds one (``casefiles``: an archived case is read-only on every path).
WRITE_GUARDS: list[Callable[[Any], str]] = []


def add_write_guard(guard: Callable[[Any], str]) -> None:
    if guard not in WRITE_GUARDS:
        WRITE_GUARDS.append(guard)


#: ``fn(record, transition, actor, data, ctx)``: uses the head's approval a step declares
#: (``Transition.approval``) or refuses; registered by ``casefiles`` (the approvals' home).
APPROVAL_CHECKS: list[Callable[..., None]] = []


def add_approval_check(check: Callable[..., None]) -> None:
    if check not in APPROVAL_CHECKS:
        APPROVAL_CHECKS.append(check)


def approval_steps(prefix: str) -> list[Transition]:
    """The steps of the workflows of ``prefix`` that need the head's approval, in declaration order."""
    if prefix not in _WORKFLOWS:
        _import_actions(prefix)
    return [t for wf in _WORKFLOWS.get(prefix, ()) for t in wf.transitions.values() if t.approval]


def locked_reason(obj: Any) -> str:
    """The first write guard's refusal for ``obj`` ("" when it may be changed)."""
    for guard in WRITE_GUARDS:
        reason = guard(obj)
        if reason:
            return reason
    return ""


def refuse_if_locked(obj: Any) -> None:
    """Raise the first write guard's refusal (Chinese) for ``obj``; services outside the runner call it."""
    for guard in WRITE_GUARDS:
        reason = guard(obj)
        if reason:
            raise ValidationError(reason, code="read_only")


def _permission(wf: Workflow, t: Transition) -> Any:
    return t.permission or wf.permission or default_permission


def _lock(wf: Workflow, obj: models.Model) -> Any:
    model = wf.model or type(obj)
    qs = model._default_manager.select_for_update()
    if wf.select_related:
        qs = qs.select_related(*wf.select_related)
    return qs.get(pk=obj.pk)


def _guard(t: Transition, obj: Any) -> None:
    reason = t.guard(obj) if t.guard else ""
    if reason:
        raise ValidationError(reason, code="guard")


def _check_version(t: Transition, obj: Any, version: Any, part: Any = None) -> None:
    """The version the user read, of the record or of the ``part`` the action edits."""
    if version is TRUSTED:
        return
    try:
        check_version(obj if part is None else part, version, required=True)
    except ConflictError:
        # A guard that names the change someone else already made (e.g. who opened the inquiry)
        # explains the conflict better than the version number does.
        if t.guard:
            try:
                t.guard(obj)
            except ConflictError:
                raise
            except ValidationError:
                pass
        raise


def run(
    workflow: Workflow,
    name: str,
    obj: models.Model,
    *,
    actor: Any,
    data: dict[str, Any] | None = None,
    version: Any,
    request: Any = None,
) -> Any:
    """Run transition ``name`` on ``obj``; returns the saved record (or what the body put in ``ctx.result``).

    ``version`` is required: the version the user read (None → 400 缺少版本号), or ``TRUSTED`` for
    in-process callers. ``actor=None`` is the system (command-line import, daily job), only with TRUSTED.
    """
    data = dict(data or {})
    t = workflow.get(name)
    try:
        return _run(workflow, t, name, obj, actor=actor, data=data, version=version, request=request)
    except AuditedRefusal as refusal:
        # Outside the step's rolled-back transaction, so the refusal itself stays on the trail.
        record(
            f"{workflow.prefix}.{refusal.event}",
            actor=actor,
            obj=obj,
            request=request,
            changes=refusal.changes,
        )
        raise


def _run(
    workflow: Workflow,
    t: Transition,
    name: str,
    obj: models.Model,
    *,
    actor: Any,
    data: dict[str, Any],
    version: Any,
    request: Any,
) -> Any:
    with transaction.atomic():
        locked = _lock(workflow, obj)
        if actor is None:
            # The system (command-line import, daily job): no scope limit, audited as 系统.
            if version is not TRUSTED:
                raise PermissionDenied("该操作须由用户执行")
        else:
            _permission(workflow, t)(actor, locked)
        refuse_if_locked(locked)
        part = t.part(locked, data) if t.part is not None else None
        _check_version(t, locked, version, part)
        workflow.check(locked.status, name)
        _guard(t, locked)
        from_status = locked.status
        snap = workflow.snapshot or snapshot
        before = snap(locked)
        ctx = ActionContext(actor=actor, request=request, transition=t, from_status=from_status, part=part)
        if t.approval:
            if not APPROVAL_CHECKS:  # fail closed: a step the law reserves to the head never runs unapproved
                raise ValidationError(
                    f"「{t.label}」须经机构负责人批准（{t.approval}）", code="approval_required"
                )
            for approval_check in APPROVAL_CHECKS:
                approval_check(locked, t, actor, data, ctx)
        if t.target is not None:
            locked.status = t.target  # type: ignore[attr-defined]  # the body may still decide otherwise
        if t.body is not None:
            t.body(locked, data, ctx)
        if ctx.unchanged:
            return ctx.result if ctx.result is not None else (locked if part is None else part)
        if part is not None:
            # Only the part changed: the record keeps its version, so other forms on it stay current.
            part.full_clean(validate_unique=False)
            bump_version(part, actor)
            part.save()
        else:
            if workflow.prepare is not None:
                workflow.prepare(locked)
            locked.full_clean(exclude=list(workflow.clean_exclude) or None, validate_unique=False)
            bump_version(locked, actor)
            locked.save()
            if workflow.after is not None:
                workflow.after(locked, name)
        on = ctx.on if ctx.on is not None else data.get("date")
        to_status = locked.status
        if workflow.history is not None and (workflow.history_always or to_status != from_status):
            workflow.history(locked, from_status, name, on, actor, ctx.note)
        record(
            f"{workflow.prefix}.{name}",
            actor=actor,
            obj=locked,
            request=request,
            changes={**diff(before, snap(locked)), **ctx.extra},
        )
    if ctx.result is not None:
        return ctx.result
    return locked if part is None else part


def create(
    workflow: Workflow,
    obj: models.Model,
    *,
    actor: Any,
    request: Any = None,
    parties: list[models.Model] | None = None,
    number: tuple[str, str, int] | None = None,
    on: date | None = None,
) -> Any:
    """Register a new record as ``run`` changes one, in one transaction: number it (``number=(kind,
    default pattern, year)``: the next number of its government's sequence), ``full_clean``, save, its
    ``parties`` (``core.parts.clean_parties``), the history row ``create`` on ``on`` and the audit event
    ``<prefix>.create`` (the record's fields and the parties' names). The service checks scope and input."""
    from .parts import field_to, numbering_government
    from .services import next_number

    with transaction.atomic():
        if number is not None:
            kind, pattern, year = number
            gov = numbering_government(obj.org)  # type: ignore[attr-defined]
            obj.numbering_government = gov  # type: ignore[attr-defined]
            obj.number = next_number(gov, kind, year, pattern)[1]  # type: ignore[attr-defined]
        obj.created_by = obj.updated_by = actor  # type: ignore[attr-defined]
        obj.full_clean()
        obj.save()
        if parties:
            fk = field_to(type(parties[0]), type(obj))
            for p in parties:
                setattr(p, fk, obj)
            type(parties[0])._default_manager.bulk_create(parties)
        if workflow.history is not None:
            workflow.history(obj, "", "create", on, actor, "")
        changes = snapshot(obj)
        if parties is not None:
            changes["parties"] = [str(p) for p in parties]
        record(f"{workflow.prefix}.create", actor=actor, obj=obj, request=request, changes=changes)
    return obj


def create_record(
    workflow: Workflow,
    data: Mapping[str, Any],
    *,
    actor: Any,
    request: Any = None,
    parties: type[models.Model] | None = None,
    links: Iterable[Any] = (),
    numbering: Any = None,
    on: str = "",
) -> Any:
    """登记 a record of ``workflow.model`` from ``data`` — the model's field names (a page form's ``to_data()``,
    an API body, a test) — so that a module declares its create path instead of programming it:

    * scope: ``ensure_can_write(actor, data["org"])``; ``actor=None`` is the command-line system import
      (``fazhi import`` without ``--user``): no scope limit, audited as 系统;
    * the model's rules, whatever the entrance: text stripped, then ``full_clean`` (choices, blank,
      ``clean()``, CHECK constraints) before anything else is looked up;
    * ``links`` (``core.links.LinkField``): ids or records, replaced by what the actor may see;
    * ``data["parties"]`` (dicts or ``core.parts.PartyData``) as rows of the party model ``parties``;
    * then ``create``: numbered by ``numbering`` (``core.imports.Numbering``), the history row dated by the
      field ``on``, the audit event. Bad input raises a Chinese ``ValidationError`` and changes nothing."""
    from .links import check_links
    from .parts import clean_parties

    values = {k: v.strip() if isinstance(v, str) else v for k, v in data.items() if k != "parties"}
    linked = SimpleNamespace(**{f.field: values.pop(f.field, None) for f in links})
    if actor is not None:
        ensure_can_write(actor, values.get("org"))
    obj = workflow.model(**values)  # type: ignore[misc]
    later = ["number", "numbering_government"] if numbering is not None else []
    obj.full_clean(exclude=[*later, *vars(linked)], validate_unique=False)
    check_links(actor, linked, links)
    for name, value in vars(linked).items():
        setattr(obj, name, value)
    rows = clean_parties(parties, data.get("parties") or [], type(obj)) if parties is not None else None
    number = (
        (numbering.kind, numbering.default_pattern, numbering.year(obj)) if numbering is not None else None
    )
    day = getattr(obj, on) if on else None
    return create(workflow, obj, actor=actor, request=request, parties=rows, number=number, on=day)


def refusal(
    workflow: Workflow, t: Transition, obj: Any, user: Any, _seen: dict[Any, str] | None = None
) -> str:
    """Why ``user`` may not run ``t`` on ``obj`` now ("" when they may); nothing is locked or written."""
    if not getattr(user, "is_authenticated", False):
        return "请先登录"
    if obj.status not in t.sources:
        return f"当前状态为「{workflow.status_labels.get(obj.status, obj.status)}」，不能执行「{t.label}」"
    check = _permission(workflow, t)
    seen = {} if _seen is None else _seen  # most transitions share one permission: ask it once
    if check not in seen:
        try:
            check(user, obj)
            seen[check] = ""
        except PermissionDenied as e:
            seen[check] = str(e) or "您没有执行该操作的权限"
    if seen[check]:
        return seen[check]
    try:
        return t.guard(obj) if t.guard else ""
    except ValidationError as e:
        return "；".join(e.messages)


def available_actions(workflow: Workflow, obj: Any, user: Any) -> list[Transition]:
    """What this user may do now on this record: the page's buttons and the API detail's ``actions``.
    None on a record a write guard keeps read-only (an archived case): the runner would refuse them all."""
    out: list[Transition] = []
    if not getattr(user, "is_authenticated", False) or locked_reason(obj):
        return out
    seen: dict[Any, str] = {}
    for t in workflow.transitions.values():
        if refusal(workflow, t, obj, user, seen):
            continue
        if t.offer is not None and not t.offer(obj):
            continue
        out.append(t)
    return out


def actions_payload(workflow: Workflow, obj: Any, user: Any) -> list[dict[str, str]]:
    return [
        {"name": t.name, "label": t.label, "path": t.api_path} for t in available_actions(workflow, obj, user)
    ]


# --- pages ---------------------------------------------------------------------------------------


def errors_to_form(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: field errors where the form has the field."""
    if hasattr(error, "error_dict"):
        for name, errs in error.message_dict.items():
            for msg in errs:
                form.add_error(name if name in form.fields else None, msg)
    else:
        for msg in error.messages:
            form.add_error(None, msg)


def form_data(form: Any) -> dict[str, Any]:
    """The body's input from a page form: its cleaned data (a form may add ``to_data()``)."""
    to_data = getattr(form, "to_data", None)
    return to_data() if callable(to_data) else dict(form.cleaned_data)


def action_forms(
    workflow: Workflow,
    obj: Any,
    user: Any,
    bound: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
) -> list[tuple[Transition, Any]]:
    """(transition, form) for every action the user may take now: the detail page's action area.

    ``initial`` pre-fills the unbound forms (e.g. today's date), so a form submitted unchanged is valid.
    """
    bound = bound or {}
    offered = [t for t in available_actions(workflow, obj, user) if t.form is not None]
    # A refused form stays on the page with its errors even when the action is no longer offered.
    offered += [workflow.transitions[n] for n in bound if workflow.transitions[n] not in offered]
    return [(t, bound.get(t.name) or t.form(initial=initial)) for t in offered]  # type: ignore[misc]


def submit_form(
    request: HttpRequest, workflow: Workflow, name: str, obj: Any, *, data: dict[str, Any] | None = None
) -> tuple[Any, Any, ValidationError | None]:
    """Bind the transition's page form to the POST, run it; returns (form, result, error)."""
    t = workflow.transitions.get(name)
    if t is None or t.form is None:
        raise Http404("未知的操作")
    form = t.form(request.POST, request.FILES)
    if not form.is_valid():
        return form, None, ValidationError("表单有误")
    try:
        result = run(
            workflow,
            name,
            obj,
            actor=request.user,
            data={**form_data(form), **(data or {})},
            version=request.POST.get("version"),
            request=request,
        )
    except ValidationError as e:
        errors_to_form(form, e)
        if isinstance(e, ConflictError):
            # The form of a transition someone else already made may be gone from the page:
            # the conflict must still be seen.
            messages.error(request, "；".join(e.messages))
        return form, None, e
    return form, result, None


def action_view(
    request: HttpRequest,
    workflow: Workflow,
    obj: Any,
    name: str,
    *,
    success_url: str,
    render_failure: Any,
) -> HttpResponse:
    """The generic POST handler of a page action: redirect on success, the detail page (400) otherwise.

    ``render_failure(form)`` renders the module's detail page with the failed form in place.
    """
    form, _result, error = submit_form(request, workflow, name, obj)
    if error is None:
        messages.success(request, f"{workflow.transitions[name].label}：已保存")
        return redirect(success_url)
    return render_failure(form)


# --- API -----------------------------------------------------------------------------------------


def _make_api_action(t: Transition, response: Any) -> Any:
    from drf_spectacular.utils import extend_schema
    from rest_framework.decorators import action

    def handler(self: Any, request: Any, pk: Any = None) -> Any:
        return self.run_action(request, t.name)

    handler.__name__ = t.name
    handler.__doc__ = f"{t.label}：须带读取记录时得到的 version（缺少 400，已被他人修改 409）。"
    return extend_schema(request=t.serializer, responses=response)(
        action(detail=True, methods=["post"], url_path=t.api_path, url_name=t.api_path)(handler)
    )


# One POST endpoint ``<id>/<api_path>/`` per transition with a serializer, generated from the workflow.
# Subclasses set ``workflow`` (and ``action_response`` if the answer is not the detail serializer).
# A comment, not a docstring: drf-spectacular would show a docstring as every endpoint's description.
class ActionViewSetMixin:
    workflow: Workflow

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        wf = cls.__dict__.get("workflow")
        if wf is None:
            return
        for t in wf.transitions.values():
            if t.serializer is None or t.name in cls.__dict__:
                continue
            setattr(cls, t.name, _make_api_action(t, getattr(cls, "serializer_class", None)))

    def action_input(self, name: str) -> dict[str, Any]:
        t = self.workflow.transitions[name]
        ser = t.serializer(data=self.request.data, context={"request": self.request})  # type: ignore[attr-defined, misc]
        ser.is_valid(raise_exception=True)
        return dict(ser.validated_data)

    def run_action(self, request: Any, name: str) -> Any:
        from rest_framework.response import Response

        obj = self.get_object()  # type: ignore[attr-defined]
        data = self.action_input(name)
        version = data.pop("version", None)
        run(self.workflow, name, obj, actor=request.user, data=data, version=version, request=request)
        return Response(self.action_response(obj))

    def action_response(self, obj: Any) -> Any:
        fresh = self.get_queryset().get(pk=obj.pk)  # type: ignore[attr-defined]
        ctx = {**self.get_serializer_context(), "with_actions": True}  # type: ignore[attr-defined]
        return self.get_serializer_class()(fresh, context=ctx).data  # type: ignore[attr-defined]


def actions_field_value(serializer: Any, workflow: Workflow, obj: Any) -> list[dict[str, str]]:
    """The API detail's ``actions``: only on a single record (a list would pay a guard per row)."""
    ctx = serializer.context
    view = ctx.get("view")
    if not ctx.get("with_actions") and getattr(view, "action", None) != "retrieve":
        return []
    request = ctx.get("request")
    return actions_payload(workflow, obj, request.user) if request is not None else []
