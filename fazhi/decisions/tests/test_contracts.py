"""行政协议 (issue 12 item 5): a light register of administrative contracts, a subject of the one
legality-review queue. Registration and the transitions (签订, 终止, 修改) through the service, the pages
and the API; the counterparty's personal data masked (RULES §9); scope (a department sees only its own
unit's contracts); the term's date order; the review linked through the link kind ``decisions.contract``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fazhi.audit.selectors import events_for
from fazhi.core import links
from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_id_card
from fazhi.decisions import selectors
from fazhi.decisions.contract_actions import CONTRACT_WORKFLOW
from fazhi.decisions.contract_services import ContractData, create_contract
from fazhi.decisions.contracts import AdministrativeContract, ContractStatus
from fazhi.decisions.models import LegalityReview
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

from .helpers import conclude, review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

LIST, API = "/decisions/contracts/", "/api/v1/contracts/"
PERSON_ID = make_id_card("330381", date(1975, 3, 14), 21)
PERSON_PHONE = "13912345678"


def person(name: str = "张三") -> dict[str, str]:
    return {"kind": "person", "name": name, "id_number": PERSON_ID, "phone": PERSON_PHONE}


def contract(actor: Any, unit: Any, **kw: Any) -> AdministrativeContract:
    data = {
        "org": unit,
        "title": kw.pop("title", "老旧小区改造委托协议"),
        "subject": kw.pop("subject", "老旧小区改造工程代建"),
        "registered_on": kw.pop("registered_on", date(2019, 3, 1)),
        "counterparty": kw.pop("counterparty", person()),
        "amount": kw.pop("amount", Decimal("1200000.00")),
        "term_start": kw.pop("term_start", date(2019, 4, 1)),
        "term_end": kw.pop("term_end", date(2021, 3, 31)),
    }
    return create_contract(actor=actor, data=ContractData(**data, **kw))


def _state() -> list[tuple[Any, ...]]:
    return sorted(AdministrativeContract.objects.values_list("id", "status", "version", "signed_on"))


# --- service ----------------------------------------------------------------------------------------


def test_register_numbers_per_government_and_year_with_history_and_audit(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    second = contract(bureau, units["d02"], registered_on=date(2019, 5, 6))
    assert c.number.endswith("协〔2019〕1号") and second.number.endswith("协〔2019〕2号")
    assert c.status == ContractStatus.DRAFT and c.parties.get().name == "张三"
    assert [h.action for h in c.status_changes.all()] == ["create"]
    assert [e.action for e in events_for("decisions.administrativecontract", c.pk)] == ["contract.create"]


def test_register_refuses_a_bad_counterparty_in_chinese_and_saves_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    bad = {"kind": "person", "name": "李四", "id_number": "330381197503140000", "phone": ""}
    with pytest.raises(ValidationError) as e:
        contract(bureau, units["d01"], counterparty=bad)
    assert "第1个相对人" in str(e.value.message_dict["counterparty"])
    assert not AdministrativeContract.objects.exists()


def test_sign_and_terminate_through_the_runner_each_audited(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    c = run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data={"date": date(2019, 3, 20)}, version=c.version)
    assert (c.status, c.signed_on) == (ContractStatus.SIGNED, date(2019, 3, 20))
    data = {"date": date(2020, 6, 30), "reason": "相对人严重违约，依约解除"}
    c = run(CONTRACT_WORKFLOW, "terminate", c, actor=bureau, data=data, version=c.version)
    assert (c.status, c.terminated_on, c.termination_reason) == (
        ContractStatus.TERMINATED,
        date(2020, 6, 30),
        "相对人严重违约，依约解除",
    )
    actions = [e.action for e in events_for("decisions.administrativecontract", c.pk)]
    assert actions == ["contract.create", "contract.sign", "contract.terminate"]
    assert [h.to_status for h in c.status_changes.all()] == ["draft", "signed", "terminated"]


def test_terminate_before_signing_or_before_the_sign_date_is_refused(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    data = {"date": date(2019, 3, 10), "reason": "协商解除"}
    with pytest.raises(ValidationError, match="当前状态为「拟签订」，不能执行「终止」"):
        run(CONTRACT_WORKFLOW, "terminate", c, actor=bureau, data=data, version=TRUSTED)
    c = run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data={"date": date(2019, 3, 20)}, version=TRUSTED)
    before = _state()
    with pytest.raises(ValidationError, match="终止日期不能早于签订日期"):
        run(CONTRACT_WORKFLOW, "terminate", c, actor=bureau, data=data, version=TRUSTED)
    assert _state() == before


def test_signing_waits_for_the_review_and_is_refused_after_an_unlawful_opinion(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """A contract sent to the review desk is signed only once the desk has given a lawful opinion."""
    c = contract(bureau, units["d01"])
    r = review(bureau, units["d01"], date(2019, 3, 4), kind="contract", subject=c)
    sign = {"date": date(2019, 3, 20)}
    with pytest.raises(ValidationError, match="尚未出具意见，不能签订"):
        run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data=sign, version=TRUSTED)
    conclude(bureau, r, date(2019, 3, 12), "unlawful")
    with pytest.raises(ValidationError, match="意见为不合法，不能签订"):
        run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data=sign, version=TRUSTED)
    conclude(
        bureau, review(bureau, units["d01"], date(2019, 3, 14), kind="contract", subject=c), date(2019, 3, 18)
    )
    assert run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data=sign, version=TRUSTED).status == "signed"


def test_edit_changes_only_what_was_entered(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    c = run(CONTRACT_WORKFLOW, "edit", c, actor=bureau, data={"amount": Decimal("980000")}, version=c.version)
    assert c.amount == Decimal("980000") and c.title == "老旧小区改造委托协议" and c.version == 2
    same = run(CONTRACT_WORKFLOW, "edit", c, actor=bureau, data={"title": c.title}, version=c.version)
    assert same.version == 2  # nothing changed: no new version, no audit event
    assert [e.action for e in events_for("decisions.administrativecontract", c.pk)][-1] == "contract.edit"


# --- date order and amount: model, database and API --------------------------------------------------


def test_term_order_and_amount_are_refused_by_the_model_and_the_database(bureau, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        contract(bureau, units["d01"], term_start=date(2020, 1, 1), term_end=date(2019, 12, 31))
    assert e.value.message_dict["term_end"] == ["履行期限止不能早于履行期限起"]
    c = contract(bureau, units["d01"])
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeContract.objects.filter(pk=c.pk).update(term_end=date(2019, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeContract.objects.filter(pk=c.pk).update(amount=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeContract.objects.filter(pk=c.pk).update(signed_on=date(2019, 3, 2))  # still 拟签订


def test_a_thirty_year_franchise_term_is_accepted(bureau, units) -> None:  # type: ignore[no-untyped-def]
    """特许经营 runs up to 30 years (基础设施和公用事业特许经营管理办法 Art 6): not a typo."""
    c = contract(bureau, units["d01"], term_start=date(2019, 6, 1), term_end=date(2049, 5, 31))
    assert c.term_end == date(2049, 5, 31)


def test_api_refuses_a_term_ending_before_it_starts_and_saves_nothing(bureau, units) -> None:  # type: ignore[no-untyped-def]
    body = {
        "org": units["d01"].pk,
        "title": "政府购买服务协议",
        "subject": "社区矫正辅助服务",
        "registered_on": "2019-03-01",
        "term_start": "2019-06-01",
        "term_end": "2019-05-31",
        "counterparty": {"kind": "organization", "name": "示例市某某服务中心"},
    }
    r = api(bureau).post(API, body, format="json")
    assert r.status_code == 400 and "履行期限止不能早于履行期限起" in r.content.decode()
    assert not AdministrativeContract.objects.exists()


# --- API ---------------------------------------------------------------------------------------------


def test_api_registers_signs_and_terminates(bureau, units) -> None:  # type: ignore[no-untyped-def]
    body = {
        "org": units["d01"].pk,
        "title": "国有土地使用权出让合同",
        "subject": "示例市某地块国有建设用地使用权",
        "amount": "35600000.00",
        "registered_on": "2019-05-06",
        "counterparty": person("王五"),
    }
    client = api(bureau)
    r = client.post(API, body, format="json")
    assert r.status_code == 201, r.content
    c = r.json()
    assert c["status"] == "draft" and c["parties"][0]["id_number"] == PERSON_ID  # the bureau sees it whole
    url = f"{API}{c['id']}/"
    assert client.post(f"{url}sign/", {"date": "2019-05-10"}, format="json").status_code == 400  # no version
    r = client.post(f"{url}sign/", {"date": "2019-05-10", "version": c["version"]}, format="json")
    assert r.status_code == 200 and r.json()["signed_on"] == "2019-05-10"
    stale = client.post(
        f"{url}terminate/", {"date": "2020-01-02", "reason": "解除", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    r = client.post(
        f"{url}terminate/",
        {"date": "2020-01-02", "reason": "协商解除", "version": r.json()["version"]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status_label"] == "已终止"


def test_api_illegal_transition_is_400_in_chinese(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    r = api(bureau).post(
        f"{API}{c.pk}/terminate/",
        {"date": "2019-04-01", "reason": "解除", "version": c.version},
        format="json",
    )
    assert r.status_code == 400 and "不能执行「终止」" in r.content.decode()
    assert AdministrativeContract.objects.get(pk=c.pk).version == c.version


# --- personal data (RULES §9: only the Justice Bureau sees whole ID and phone numbers) -------------------


def test_person_counterparty_masked_for_the_clerk_on_page_and_api(bureau, clerk1, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    for user, whole in ((bureau, True), (clerk1, False)):
        html = page(user).get(f"{LIST}{c.pk}/").content.decode()
        body = api(user).get(f"{API}{c.pk}/").content.decode()
        listed = api(user).get(API).content.decode()
        for text in (html, body, listed):
            assert (PERSON_ID in text) is whole and (PERSON_PHONE in text) is whole
        if not whole:
            assert "3303**********" in html and "3303**********" in body


# --- scope ---------------------------------------------------------------------------------------------


def test_a_department_sees_only_its_own_contracts(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(clerk1, units["d01"])
    assert page(clerk2).get(f"{LIST}{c.pk}/").status_code == 404
    assert api(clerk2).get(f"{API}{c.pk}/").status_code == 404
    assert (
        api(clerk2)
        .post(f"{API}{c.pk}/sign/", {"date": "2019-04-01", "version": 1}, format="json")
        .status_code
        == 404
    )
    assert c.number not in page(clerk2).get(LIST).content.decode()
    assert page(bureau).get(f"{LIST}{c.pk}/").status_code == 200
    with pytest.raises(ValidationError):
        links.fetch(clerk2, "decisions.contract", c.pk)
    # nor may it register a contract for another unit
    with pytest.raises(Exception, match="无权|权限|范围"):
        contract(clerk2, units["d01"])


# --- the legality review of a contract ------------------------------------------------------------------


def test_a_review_of_a_contract_resolves_through_the_link_kind(bureau, clerk1, clerk2, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(clerk1, units["d01"])
    r = review(clerk1, units["d01"], date(2019, 3, 4), kind="contract", subject=c)
    assert r.subject_id == c.pk and r.link_kind == "decisions.contract"
    link = selectors.subject_link(bureau, r)
    assert link is not None and link["url"] == f"{LIST}{c.pk}/" and c.number in link["label"]
    # another department links to nothing it cannot see
    with pytest.raises(ValidationError):
        review(clerk2, units["d02"], date(2019, 3, 4), kind="contract", subject=c)
    html = page(clerk1).get(f"{LIST}{c.pk}/").content.decode()
    assert r.number in html and 'data-testid="submit-review"' not in html  # one review pending


def test_submit_for_review_from_the_contract_page(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(clerk1, units["d01"])
    client = page(clerk1)
    html = client.get(f"{LIST}{c.pk}/").content.decode()
    assert 'data-testid="submit-review"' in html and "提交合法性审查" in html
    form = {
        "subject_kind": "contract",
        "subject_id": c.pk,
        "title": c.title,
        "submitted_by": units["d01"].pk,
        "received_on": "2019-03-04",
    }
    r = client.post("/decisions/reviews/new/", form)
    assert r.status_code == 302
    created = LegalityReview.objects.get()
    assert (created.subject_kind, created.subject_id, created.org_id) == ("contract", c.pk, units["d01"].pk)


# --- pages ---------------------------------------------------------------------------------------------


def test_page_registers_signs_and_terminates(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    client = page(clerk1)
    form = {
        "org": units["d01"].pk,
        "title": "征收补偿协议",
        "subject": "房屋征收补偿",
        "amount": "560000",
        "registered_on": "2019-07-01",
        "term_start": "2019-07-15",
        "term_end": "2019-12-31",
        "party_kind": "person",
        "party_name": "赵六",
        "party_id_number": PERSON_ID,
        "party_phone": PERSON_PHONE,
    }
    r = client.post(f"{LIST}new/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    c = AdministrativeContract.objects.get()
    assert (
        client.post(f"{LIST}{c.pk}/do/sign/", {"date": "2019-07-10", "version": c.version}).status_code == 302
    )
    c.refresh_from_db()
    data = {"date": "2019-06-01", "reason": "协商解除", "version": c.version}
    refused = client.post(f"{LIST}{c.pk}/do/terminate/", data)
    assert refused.status_code == 400 and "终止日期不能早于签订日期" in refused.content.decode()
    ok = client.post(f"{LIST}{c.pk}/do/terminate/", {**data, "date": "2019-11-01"})
    assert ok.status_code == 302
    html = client.get(f"{LIST}{c.pk}/").content.decode()
    assert "已终止" in html and "协商解除" in html and 'data-testid="timeline"' in html


def test_page_form_refuses_a_reversed_term_in_chinese(clerk1, units) -> None:  # type: ignore[no-untyped-def]
    form = {
        "org": units["d01"].pk,
        "title": "委托协议",
        "subject": "委托事项",
        "registered_on": "2019-07-01",
        "term_start": "2019-07-15",
        "term_end": "2019-07-01",
        "party_kind": "organization",
        "party_name": "示例市某公司",
    }
    r = page(clerk1).post(f"{LIST}new/", form)
    assert r.status_code == 200 and "履行期限止不能早于履行期限起" in r.content.decode()
    assert not AdministrativeContract.objects.exists()


def test_list_filters_and_search(bureau, units) -> None:  # type: ignore[no-untyped-def]
    a = contract(bureau, units["d01"], subject="垃圾分类收运服务")
    b = contract(bureau, units["d02"], subject="道路保洁服务")
    run(CONTRACT_WORKFLOW, "sign", a, actor=bureau, data={"date": date(2019, 3, 20)}, version=TRUSTED)
    client = page(bureau)

    def rows(**params: Any) -> set[str]:
        html = client.get(LIST, params).content.decode()
        return {n for n in (a.number, b.number) if n in html}

    assert rows() == {a.number, b.number}
    assert rows(q="垃圾") == {a.number}
    assert rows(status="draft") == {b.number}
    assert rows(signed_year="2019") == {a.number} and rows(signed_year="2020") == set()
    assert rows(org=units["d02"].pk) == {b.number}
    assert [c["number"] for c in api(bureau).get(API, {"signed_year": 2019}).json()["results"]] == [a.number]


def test_list_page_and_api_take_a_constant_number_of_queries(
    bureau, units, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        contract(bureau, units["d01" if i % 2 else "d02"], counterparty=person(f"相对人{i}"))
    c, a = page(bureau), api(bureau)
    with django_assert_max_num_queries(13):
        assert c.get(LIST).status_code == 200
    with django_assert_max_num_queries(10):
        assert a.get(API).status_code == 200


def test_contracts_signed_counts_the_year_and_drills_down_to_exactly_them(bureau, units) -> None:  # type: ignore[no-untyped-def]
    from fazhi.decisions import stats
    from fazhi.reports.figures import FigureQuery

    inside = contract(bureau, units["d01"])
    run(CONTRACT_WORKFLOW, "sign", inside, actor=bureau, data={"date": date(2019, 12, 31)}, version=TRUSTED)
    later = contract(bureau, units["d02"], registered_on=date(2019, 12, 2))
    run(CONTRACT_WORKFLOW, "sign", later, actor=bureau, data={"date": date(2020, 1, 2)}, version=TRUSTED)
    contract(bureau, units["d02"])  # never signed
    fig = next(f for f in stats.figures(FigureQuery.for_year(2019)) if f.key == "decisions.contracts_signed")
    assert fig.value == 1
    html = page(bureau).get(fig.drilldown).content.decode()
    assert f'data-row="contract-{inside.pk}"' in html and f'data-row="contract-{later.pk}"' not in html


def test_demo_links_a_handful_of_2019_contracts_to_their_reviews_and_keeps_the_seed() -> None:
    """Seed report 2019: 258 legality reviews concluded (近260) whether or not they name their contract."""
    from fazhi.decisions import demo, stats
    from fazhi.orgs import demo as orgs_demo
    from fazhi.reports.figures import FigureQuery

    orgs_demo.load_units()
    demo.load()
    linked = LegalityReview.objects.filter(subject_kind="contract", subject_id__isnull=False)
    assert linked.count() == AdministrativeContract.objects.count() > 0
    assert set(linked.values_list("subject_id", flat=True)) == set(
        AdministrativeContract.objects.filter(status="signed", signed_on__year=2019).values_list(
            "pk", flat=True
        )
    )
    figures = {f.key: f.value for f in stats.figures(FigureQuery.for_year(2019))}
    assert figures["decisions.legality_reviewed"] == 258
    assert figures["decisions.contracts_signed"] == AdministrativeContract.objects.count()


def test_a_contract_is_sent_for_review_by_its_own_unit(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    with pytest.raises(ValidationError, match="行政协议应由其行政机关一方送审"):
        review(bureau, units["d02"], date(2019, 3, 4), kind="contract", subject=c)
    assert not LegalityReview.objects.exists()


def test_api_edit_changes_the_entered_fields_and_checks_the_term(bureau, units) -> None:  # type: ignore[no-untyped-def]
    c = contract(bureau, units["d01"])
    url = f"{API}{c.pk}/edit/"
    bad = api(bureau).post(url, {"term_end": "2019-01-01", "version": c.version}, format="json")
    assert bad.status_code == 400 and "履行期限止不能早于履行期限起" in bad.content.decode()
    ok = api(bureau).post(url, {"amount": "99.50", "version": c.version}, format="json")
    assert ok.status_code == 200 and ok.json()["amount"] == "99.50" and ok.json()["title"] == c.title


def test_contracts_are_internal_the_portal_shows_none(bureau, units) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    c = contract(bureau, units["d01"])
    r = Client().get("/portal/")
    html = r.content.decode()
    assert r.status_code == 200 and "重大行政决策" in html
    assert c.title not in html and c.number not in html and "张三" not in html
    assert Client().get(f"{LIST}{c.pk}/").status_code == 302  # to the login page
