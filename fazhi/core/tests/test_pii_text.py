"""``find_personal_data``: every written variant of an identity number and a phone, and party names
(issue 8 item 6; RULES §9 personal information is never published)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.pii import find_personal_data, make_id_card, mask_id, normalise

ID = make_id_card("330381", date(1990, 1, 1), 123)
FULL = str.maketrans("0123456789-()+", "０１２３４５６７８９－（）＋")


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        (f"身份证号{ID}。", "身份证号", mask_id(ID)),
        (f"身份证号 {ID[:6]} {ID[6:14]} {ID[14:]}。", "身份证号", mask_id(ID)),
        (f"身份证号{ID[:6]}-{ID[6:14]}-{ID[14:]}。", "身份证号", mask_id(ID)),
        (f"身份证号{ID.translate(FULL)}。", "身份证号", mask_id(ID)),
        (f"旧身份证{ID[:6]}{ID[8:17]}号", "身份证号", mask_id(ID[:6] + ID[8:17])),
        ("电话13812345678", "手机号", "138****5678"),
        ("电话138-1234-5678", "手机号", "138****5678"),
        ("电话138 1234 5678", "手机号", "138****5678"),
        ("电话+86 138 1234 5678", "手机号", "138****5678"),
        ("电话+86-13812345678", "手机号", "138****5678"),
        ("电话１３８１２３４５６７８", "手机号", "138****5678"),
        ("座机0577-65812345", "固定电话", "057*****2345"),
        ("座机(0577)65812345", "固定电话", "057*****2345"),
        ("座机（０５７７）６５８１２３４５", "固定电话", "057*****2345"),
        ("座机0577 6581 2345", "固定电话", "057*****2345"),
        ("座机+86-577-65812345", "固定电话", "057*****2345"),
    ],
)
def test_every_variant_is_found_and_masked(text: str, kind: str, masked: str) -> None:
    hits = find_personal_data(text)
    assert [(h.kind, h.masked) for h in hits] == [(kind, masked)]
    assert hits[0].value in text and hits[0].masked in hits[0].context


def test_a_party_name_is_found_also_with_a_space_inside() -> None:
    hits = find_personal_data("申请人张三丰对处罚不服，张 三丰后撤回申请。", names=["张三丰", "王"])
    assert [(h.kind, h.masked) for h in hits] == [("当事人姓名", "张**"), ("当事人姓名", "张**")]


@pytest.mark.parametrize(
    "text",
    [
        "全年审结行政诉讼案件573件，败诉率8.73%，2019年至2020年。",
        "文号示政发〔2019〕12号，热线12345，统一社会信用代码91330381MA2AB1234X。",
        "2019-2020年度，0.0873，第1234567号。",
    ],
)
def test_ordinary_report_text_has_no_hit(text: str) -> None:
    assert find_personal_data(text) == []


def test_normalise_keeps_positions() -> None:
    text = "（０５７７）６５８１２３４５　－"
    assert len(normalise(text)) == len(text) and normalise(text) == "(0577)65812345 -"
