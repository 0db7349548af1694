"""The API inputs of the reconsideration steps (one request body per action: the OpenAPI documents exactly
what each reads); declared with the steps in ``actions.WORKFLOW``."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api import entered_date, version_field

from .models import Outcome, Procedure, ReconsiderationCase, Suspension


class ReconsiderationActionInput(serializers.Serializer):
    """Every transition: the date it happened and the ``version`` the caller read (9.3)."""

    date = serializers.DateField(validators=[entered_date])
    version = version_field()


class ReconsiderationAcceptInput(ReconsiderationActionInput):
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False)


class ReconsiderationDeclineInput(ReconsiderationActionInput):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReconsiderationTransferInput(ReconsiderationActionInput):
    transfer_to = serializers.CharField(
        max_length=ReconsiderationCase._meta.get_field("transfer_to").max_length,
        required=False,
        allow_blank=True,
        default="",
    )


class ReconsiderationRequestCorrectionInput(ReconsiderationActionInput):
    items = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReconsiderationSuspendInput(ReconsiderationActionInput):
    reason = serializers.CharField(
        max_length=Suspension._meta.get_field("reason").max_length,
        required=False,
        allow_blank=True,
        default="",
    )


class ReconsiderationExtendInput(ReconsiderationActionInput):
    days = serializers.IntegerField(required=False, min_value=1, max_value=365)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReconsiderationConcludeInput(ReconsiderationActionInput):
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
