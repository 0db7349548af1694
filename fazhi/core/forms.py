"""Form helpers: Bootstrap classes and the date/select widgets enhanced by app.js."""

from __future__ import annotations

from typing import Any

from django import forms


class StyledFormMixin:
    """Adds Bootstrap classes; DateFields get a flatpickr (zh) picker, selects a tom-select."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select form-select-sm")
                if isinstance(field, forms.ModelChoiceField):
                    widget.attrs.setdefault("data-fz-select", "1")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.DateField):
                widget.attrs.setdefault("data-fz-date", "1")
                widget.attrs.setdefault("autocomplete", "off")
