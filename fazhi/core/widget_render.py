"""Django's stock widget templates rendered in Python (issue 11): the same HTML, byte for byte, at a
fraction of the cost.

A list page renders its filter form on every request; through Django's template widget rendering each
``<select>`` is a template plus one ``{% include %}`` per ``<option>`` and per attribute list, about a
quarter of a list page's CPU time. ``FastWidgetRenderer`` writes the markup of Django's own
``django/forms/widgets/{input,text,…,select,select_option}.html`` directly and hands every other template
(a widget with a template of its own) to Django's renderer. ``fazhi/core/tests/test_widget_render.py``
compares it with Django's templates for every list's filter form, bound and unbound.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString

WIDGETS = "django/forms/widgets/"
#: Templates that are exactly ``{% include "django/forms/widgets/input.html" %}`` (and a newline).
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "date", "number", "hidden", "checkbox", "search", "email", "url", "tel")
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def _s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``"%s" % value`` escaped unless it was safe already."""
    try:
        text = "%s" % (value,)  # noqa: UP031  (the filter's own formatting)
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_s(value)}"'
        )
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_s(value)}"' if value != None else ""  # noqa: E711  (the template's ``!=``)
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    return f'<option value="{_s(option["value"])}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>'


def _select(widget: dict[str, Any]) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None  # an option template of its own: Django renders the whole widget
            parts.append(f"\n  {_option(option)}\n")  # the included template's final newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # Django strips the template's final newline
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    """Django's form renderer, with its stock input and select widgets written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            html: str | None = None
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == SELECT:
                html = _select(widget)
            if html is not None:
                return SafeString(html)
        return super().render(template_name, context, request)


#: One instance: the renderer keeps no per-request state (Django's holds the template engine).
FAST_RENDERER = FastWidgetRenderer()

__all__ = ["FAST_RENDERER", "FastWidgetRenderer"]
