"""``import_columns.unsaved``: the instance an import builds without ``Model.__init__`` is the one
``Model(**values)`` builds — same attributes, same cached relations — or it is built by ``__init__``."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.db.models.signals import post_init

from fazhi.core.import_columns import unsaved
from fazhi.enforcement.models import ActionOfficer, ActionParty, ActionProblem, EnforcementAction
from fazhi.orgs.models import OrgUnit
from fazhi.reconsideration.models import Party

pytestmark = pytest.mark.django_db


def _state_free(obj: models.Model) -> dict[str, Any]:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def test_the_fields_and_the_cached_relations_are_those_of_model_init(police: Any) -> None:
    cases: list[tuple[type[models.Model], dict[str, Any]]] = [
        (EnforcementAction, {"org": police, "action_type": "penalty", "case_number": "罚〔2024〕1号"}),
        (EnforcementAction, {"org": None, "is_major": True}),
        (ActionOfficer, {"officer_id": 7}),
        (ActionProblem, {"code": "one_officer"}),
        (ActionParty, {"kind": "organization", "name": "某公司", "id_number": "", "phone": ""}),
        (Party, {"name": "张三"}),
    ]
    for model, values in cases:
        built, fast = model(**values), unsaved(model, **values)
        assert type(fast) is model
        assert _state_free(fast) == _state_free(built), model
        assert fast._state.adding and fast._state.db is None
        assert fast._state.fields_cache == built._state.fields_cache
    assert unsaved(EnforcementAction, org=police).org is police


def test_what_it_cannot_set_itself_goes_through_model_init(police: Any) -> None:
    seen: list[Any] = []

    def listener(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    # a keyword that is no field (a property) and a listener on post_init: Model.__init__ runs
    with pytest.raises(TypeError):
        unsaved(ActionOfficer, no_such_field=1)
    post_init.connect(listener, sender=ActionOfficer)
    try:
        built = unsaved(ActionOfficer, officer_id=3)
    finally:
        post_init.disconnect(listener, sender=ActionOfficer)
    assert seen == [built]
    assert isinstance(unsaved(OrgUnit, name="某局"), OrgUnit)
