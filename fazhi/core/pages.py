"""A module's pages, declared: list, detail, create form and the POST of each transition (docs/modules.md,
"Generic API and pages").

::

    pages = RecordPages(
        "disputes", "dispute", selectors.disputes_for, selectors.with_related, filters.DisputeFilterSet,
        WORKFLOW, links=selectors.LINKS, form=DisputeForm, create=services.create_dispute,
        created="已登记行政争议 {number}", context_name="d",
    )
    dispute_list, dispute_detail, dispute_create, dispute_action = pages.views()

Templates ``<app>/<noun>_list.html``, ``_detail.html`` and ``_form.html``; URL names ``<app>:<noun>_detail``
and ``<app>:<noun>_action`` (pk, transition name). Every platform rule holds here once: login and business
role, writers only for writes, scope through the module's selector (a record outside it is a 404), the
transition runner (version, table, audit), personal data masked by ``core.pii`` in the partials.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from fazhi.audit.selectors import events_for

from . import links
from .actions import action_forms, action_view, audit_label, errors_to_form
from .lists import list_page
from .permissions import business_required, writer_required
from .workflow import Workflow


def timeline(obj: models.Model) -> list[dict[str, Any]]:
    """A record's status history (``status_changes``) and audit events, oldest first
    (``core/partials/detail_timeline.html``)."""
    labels = dict(obj._meta.get_field("status").choices or [])
    items: list[dict[str, Any]] = [
        {
            "at": ch.at,
            "kind": "status",
            "label": labels.get(ch.to_status, ch.to_status),
            "on": ch.on,
            "who": str(ch.actor) if ch.actor else "",
        }
        for ch in obj.status_changes.select_related("actor").all()  # type: ignore[attr-defined]
    ]
    items += [
        {
            "at": ev.created_at,
            "kind": "audit",
            "label": audit_label(ev.action),
            "on": None,
            "who": ev.actor_name,
        }
        for ev in events_for(obj._meta.label_lower, obj.pk)
    ]
    items.sort(key=lambda i: i["at"])
    return items


def audit_timeline(obj: models.Model) -> list[dict[str, Any]]:
    """The detail's 办理过程 of a record without status steps (a register): its audit events."""
    return [
        {
            "at": ev.created_at,
            "kind": "audit",
            "label": audit_label(ev.action),
            "on": None,
            "who": ev.actor_name,
        }
        for ev in events_for(obj._meta.label_lower, obj.pk)
    ]


@dataclass
class RecordPages:
    app: str  # URL namespace and template folder
    noun: str  # "dispute": templates <app>/<noun>_*.html, URL names <noun>_detail / <noun>_action
    scoped: Callable[[Any], models.QuerySet]  # user -> the records the user may see
    related: Callable[[models.QuerySet], models.QuerySet]  # select/prefetch of a page or a detail
    filterset: type
    workflow: Workflow
    links: Iterable[links.LinkField] = ()
    form: type | None = None  # create form: form(user, data); form.to_data() is the service's input
    create: Callable[..., Any] | None = None  # the module's service: (actor=, data=, request=) -> record
    created: str = "已登记 {number}"  # success message, formatted with the record's attributes
    context_name: str = "object"  # the record's name in the detail template
    # What only this module's detail page shows (a gate, a deadline): (request, record) -> extra context.
    extra: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    history: Callable[[Any], list[dict[str, Any]]] = timeline  # the detail's 办理过程
    initial: Callable[[HttpRequest], dict[str, Any]] | None = None  # the create form's (e.g. from the query)
    # The URL parameter naming the transition (the contract suite tells a module's tables apart by the
    # ``workflow`` each view carries, whatever the parameter is called).
    step_param: str = "name"
    # The list's result rows written in Python (``core.rows``; the template prints ``{{ rows }}``): a page's
    # records -> their markup.
    rows: Callable[[list[Any]], SafeString] | None = None

    def template(self, page: str) -> str:
        return f"{self.app}/{self.noun}_{page}.html"

    def get(self, user: Any, pk: int) -> Any:
        return get_object_or_404(self.related(self.scoped(user)), pk=pk)

    def list(self, request: HttpRequest) -> HttpResponse:
        result = list_page(
            self.filterset,
            request.GET,
            self.scoped(request.user),
            user=request.user,
            cursor=request.GET.get("cursor"),
            related=self.related,
        )
        context = result.context()
        if self.rows is not None:
            context["rows"] = self.rows(result.page.items)
        return render(request, self.template("list"), context)

    def detail(
        self, request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200
    ) -> HttpResponse:
        obj = self.get(request.user, pk)
        context = {
            self.context_name: obj,
            "timeline": self.history(obj),
            "links": links.links_of(request.user, [obj], self.links)[obj.pk],
            "sees_pii": request.user.sees_personal_data,
            "action_forms": action_forms(self.workflow, obj, request.user, bound),
            "action_url": f"{self.app}:{self.noun}_action",
        }
        if self.extra is not None:
            context.update(self.extra(request, obj))
        return render(request, self.template("detail"), context, status=status)

    def create_page(self, request: HttpRequest) -> HttpResponse:
        if self.form is None or self.create is None:
            raise Http404("本模块不能在页面登记")
        initial = self.initial(request) if self.initial is not None else None
        posted = request.method == "POST"
        # the uploaded files too: a create form may carry a document (履职文件, 佐证材料)
        form = self.form(
            request.user, request.POST if posted else None, request.FILES if posted else None, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            try:
                obj = self.create(actor=request.user, data=form.to_data(), request=request)
            except ValidationError as e:
                errors_to_form(form, e)
            else:
                messages.success(request, self.created.format(**vars(obj)))
                return redirect(f"{self.app}:{self.noun}_detail", pk=obj.pk)
        return render(request, self.template("form"), {"form": form})

    def action(self, request: HttpRequest, pk: int, name: str) -> HttpResponse:
        obj = self.get(request.user, pk)
        return action_view(
            request,
            self.workflow,
            obj,
            name,
            success_url=reverse(f"{self.app}:{self.noun}_detail", args=[obj.pk]),
            render_failure=lambda form: self.detail(request, pk, {name: form}, status=400),
        )

    def views(self) -> tuple[Callable[..., HttpResponse], ...]:
        """(list, detail, create, action) view functions with their guards."""

        def list_view(request: HttpRequest) -> HttpResponse:
            return self.list(request)

        def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
            return self.detail(request, pk)

        def create_view(request: HttpRequest) -> HttpResponse:
            return self.create_page(request)

        def action_view_(request: HttpRequest, pk: int, **step: str) -> HttpResponse:
            return self.action(request, pk, step[self.step_param])

        # Named as the module's own views: the contract suite (and a reader of a traceback) finds the
        # module of a page by its view's ``__module__``.
        module = f"{apps.get_app_config(self.app).name}.views"
        named = {"list": list_view, "detail": detail_view, "create": create_view, "action": action_view_}
        for page, fn in named.items():
            fn.__module__, fn.__name__, fn.__qualname__ = module, f"{self.noun}_{page}", f"{self.noun}_{page}"
            # the table these pages act on (kept by the guards' functools.wraps): a module with two
            # tables (decisions and the review desk) is told apart by it in the contract suite
            fn.workflow = self.workflow  # type: ignore[attr-defined]
        return (
            business_required(require_GET(list_view)),
            business_required(require_GET(detail_view)),
            business_required(writer_required(create_view)),
            business_required(writer_required(require_POST(action_view_))),
        )
