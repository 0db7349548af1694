from __future__ import annotations

from django import forms

from fazhi.core.forms import StyledFormMixin

from .models import AnnualReport


class DetailsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["title", "issuer", "planned_publication_on", "signed_on"]
