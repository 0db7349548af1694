"""Demo 行政协议: a handful of 2019 contracts, each the subject of one of the demo desk's 2019 contract
reviews concluded 合法 (the reviews stay as they were counted: 258 concluded in 2019), signed after it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_credit_code, make_id_card

from .contract_actions import CONTRACT_WORKFLOW
from .contract_services import ContractData, create_contract
from .models import LegalityReview, Opinion, SubjectKind

COUNT = 6


def _counterparty(i: int) -> dict[str, str]:
    if i % 3 == 2:  # now and then a person (e.g. a 征收补偿 owner), whose ID is masked outside the bureau
        return {
            "kind": "person",
            "name": f"刘{'一二三四五六'[i]}",
            "id_number": make_id_card("330381", date(1970 + i, 3, 1 + i), i),
        }
    return {
        "kind": "organization",
        "name": f"示例市第{i + 1}建设发展有限公司",
        "id_number": make_credit_code(f"91330381MA2{i:06d}"),
    }


def load(actor: Any, stdout: Any = None) -> int:
    """Register and sign the contracts of the first 2019 contract reviews concluded 合法, linking each review
    to its contract; called by ``demo.load`` once the desk's reviews exist (idempotent with it)."""
    reviews = list(
        LegalityReview.objects.filter(
            subject_kind=SubjectKind.CONTRACT,
            subject_id__isnull=True,
            opinion=Opinion.LAWFUL,
            received_on__year=2019,
        )
        .select_related("org")
        .order_by("received_on", "id")[:COUNT]
    )
    for i, r in enumerate(reviews):
        c = create_contract(
            actor=actor,
            data=ContractData(
                r.org,
                r.title,
                r.title.removesuffix("合作协议") or r.title,
                r.received_on - timedelta(days=3),
                _counterparty(i),
                amount=Decimal(150_000 * (i + 1)),
                term_start=r.concluded_on + timedelta(days=10),
                term_end=r.concluded_on + timedelta(days=10 + 365 * (i % 3 + 1)),
            ),
        )
        LegalityReview.objects.filter(pk=r.pk).update(subject_id=c.pk)
        run(
            CONTRACT_WORKFLOW,
            "sign",
            c,
            actor=actor,
            data={"date": r.concluded_on + timedelta(days=5)},
            version=TRUSTED,
        )
    if stdout is not None and reviews:
        stdout.write(f"  行政协议 {len(reviews)} 件（均经合法性审查）")
    return len(reviews)
