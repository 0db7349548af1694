"""The shared record pieces (docs/modules.md, "Generic API and pages"): party cleaning, link checks and the
manifest parts declared as data or dotted paths."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.core.links import check_links
from fazhi.core.modules import declared
from fazhi.core.parts import clean_parties
from fazhi.core.registry import registry
from fazhi.disputes import services, stats
from fazhi.disputes.models import Dispute, DisputeParty
from fazhi.disputes.selectors import LINKS

pytestmark = pytest.mark.django_db


def test_clean_parties_names_every_bad_party_and_takes_dicts_or_objects() -> None:
    rows = clean_parties(
        DisputeParty,
        [{"name": " 甲 ", "kind": "person"}, services.PartyData("乙公司", "organization")],
        Dispute,
    )
    assert [(r.name, r.kind) for r in rows] == [("甲", "person"), ("乙公司", "organization")]
    with pytest.raises(ValidationError) as exc:
        clean_parties(
            DisputeParty,
            [{"name": "甲", "id_number": "330381198005060011"}, {"name": "乙", "phone": "12"}],
            Dispute,
            noun="申请人",
            field="applicants",
        )
    errors = exc.value.message_dict["applicants"]
    assert len(errors) == 2
    assert errors[0].startswith("第1个申请人") and errors[1].startswith("第2个申请人")


def test_check_links_refuses_every_unseen_link_at_once(units, clerk1) -> None:
    data = {
        "org": units["d01"],
        "source": "petition",
        "channel": "court",
        "opened_on": date(2019, 1, 1),
        "summary": "x",
        "related_litigation": 999_999,
        "related_reconsideration": "not-a-number",
    }
    with pytest.raises(ValidationError) as exc:
        check_links(clerk1, SimpleNamespace(**data), LINKS)
    assert set(exc.value.message_dict) == {"related_litigation", "related_reconsideration"}
    with pytest.raises(ValidationError) as exc:  # the create path checks the same links, nothing written
        services.create_dispute(actor=clerk1, data=data)
    assert set(exc.value.message_dict) == {"related_litigation", "related_reconsideration"}
    assert not Dispute.objects.exists()


def test_create_through_the_core_runner_numbers_audits_and_writes_history(units, bureau) -> None:
    d = services.create_dispute(
        actor=bureau,
        data={
            "org": units["d01"],
            "source": "petition",
            "channel": "court",
            "opened_on": date(2019, 3, 1),
            "summary": "征收补偿争议",
            "parties": [{"name": "王某", "kind": "person"}],
        },
    )
    assert d.number.endswith("〔2019〕1号") and d.numbering_government == units["d01"].government
    assert [p.name for p in d.parties.all()] == ["王某"]
    assert list(d.status_changes.values_list("action", "to_status", "on")) == [
        ("create", "open", date(2019, 3, 1))
    ]
    event = AuditEvent.objects.get(action="disputes.create", object_id=str(d.pk))
    assert event.diff["parties"] == ["王某"]


def test_manifest_parts_declared_as_data_or_dotted_paths_are_registered() -> None:
    config = apps.get_app_config("disputes")
    assert isinstance(config.figures, str) and isinstance(config.demo, str)
    (loader,) = declared(config, "demo")
    assert (loader.name, loader.order) == (str(config.verbose_name), config.order)
    assert loader.name in {d.name for d in registry.demo}
    assert declared(config, "figures") is stats.FIGURES
    assert "disputes:dispute_list" in {n.url_name for n in registry.nav}
    litigation = apps.get_app_config("litigation")
    assert all(callable(fn) for fn in declared(litigation, "workbench"))
    assert len(declared(litigation, "workbench")) == 2
