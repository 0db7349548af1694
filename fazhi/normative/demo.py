"""Demo 行政规范性文件 (``fazhi demo``), so that 2019 gives the seed report (FIGURES.md): 29 documents published
in 2018 and 21 in 2019, each after a lawful legality review; a 2019 cleanup that repeals or declares invalid
212 of the older documents still in force.

The reviews are the decisions demo's own concluded 合法 reviews of kind ``normative`` (it concludes 258 in
2019, 近260): this loader links its documents to them (``subject_id``) instead of adding reviews, so the
review count stays as the seed has it. Bulk rows, each ``full_clean``ed and held by the CHECK constraints;
the cleanup goes through ``services.apply_cleanup``. Deterministic, idempotent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.core.demo import history, loaded
from fazhi.core.models import NumberSequence
from fazhi.core.services import format_number
from fazhi.orgs.models import OrgUnit, User

from . import rules, services
from .models import CleanupChoice, DocumentStatusChange, NormativeDocument, Status, in_force_q

SEED = 20190212
ISSUED = {2018: 29, 2019: 21}
OLDER = 250  # published 2015–2017, in force at the 2019 cleanup
CLEANED = {CleanupChoice.REPEAL: 150, CleanupChoice.DECLARE_INVALID: 62}  # 212
CLEANUP_ON = date(2019, 12, 20)
TOPICS = ["农村宅基地管理", "城市道路占用", "生活垃圾分类", "养老服务补贴", "政府投资项目", "住房公积金缴存",
          "企业投资项目备案", "公共租赁住房", "城市绿化管理", "户外广告设置"]  # fmt: skip


def _doc(
    rng: random.Random, gov: OrgUnit, drafter: OrgUnit, published: date, seq: dict[int, int], i: int
) -> NormativeDocument:
    year = published.year
    seq[year] = seq.get(year, 0) + 1
    provisional = i % 9 == 0
    title = f"关于{rng.choice(TOPICS)}的{'暂行' if provisional else ''}办法"
    years = rules.max_years(provisional)
    filed = published + timedelta(days=rng.randint(35, 50) if i % 10 == 3 else rng.randint(5, 28))
    doc = NormativeDocument(
        org=drafter,
        issuer=gov,
        title=title,
        doc_number=f"{gov.short_name}政发〔{year}〕{seq[year]}号",
        provisional=provisional,
        status=Status.PUBLISHED,
        decided_on=published - timedelta(days=4),
        meeting="市政府常务会议",
        registered_on=published - timedelta(days=3),
        registration_number=format_number(
            rules.setting("number_pattern"), year=year, seq=seq[year], abbr=gov.short_name
        ),
        published_on=published,
        valid_from=published,
        valid_until=rules.valid_until(published, years),
        filing_due=rules.filing_due(published, gov.pk if gov.kind == "government" else None),
        filed_on=filed,
    )
    doc.full_clean(validate_unique=False)
    return doc


def _new_review(rng: random.Random, gov: OrgUnit, unit: OrgUnit, year: int, i: int) -> Any:
    """A concluded 合法 review of a year whose count the seed does not fix (2018), through the desk's services."""
    from fazhi.decisions import services as desk

    received = date(year, 3, 1) + timedelta(days=25 * i)
    r = desk.create_review(
        actor=None,
        data=desk.ReviewData("normative", f"关于{rng.choice(TOPICS)}的办法（送审稿）", unit, received),
    )
    data = {
        "date": received + timedelta(days=14),
        "opinion": "lawful",
        "legal_basis": "《中华人民共和国立法法》",
    }
    return desk.act("conclude", actor=None, review=r, data=data)


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    from fazhi.decisions.models import LegalityReview, Opinion, ReviewStatus, SubjectKind

    gov = OrgUnit.objects.filter(code="gov").first()
    if gov is None or NormativeDocument.objects.filter(issuer__path__startswith=gov.path).exists():
        return 0
    bureau = User.objects.filter(username="bureau").first()
    rng = random.Random(SEED)
    drafters = list(OrgUnit.objects.filter(code__regex=r"^d\d\d$").order_by("code"))
    seq: dict[int, int] = {}
    docs = []
    older = sorted(date(2015, 1, 5) + timedelta(days=rng.randrange(1080)) for _ in range(OLDER))
    for i, published in enumerate(older):
        docs.append(_doc(rng, gov, rng.choice(drafters), published, seq, i))
    reviewed: list[tuple[NormativeDocument, Any]] = []
    for year, count in ISSUED.items():
        reviews = list(
            LegalityReview.objects.filter(
                subject_kind=SubjectKind.NORMATIVE,
                status=ReviewStatus.CONCLUDED,
                opinion=Opinion.LAWFUL,
                subject_id__isnull=True,
                concluded_on__gte=date(year, 1, 1),
                concluded_on__lte=date(year, 12, 20),
                org__path__startswith=gov.path,
            ).order_by("concluded_on", "id")[:count]
        )
        if len(reviews) < count and year == 2019:
            # 2019's reviews are the seed's 近260: link only, never add
            raise RuntimeError(f"{year}年可关联的合法性审查不足{count}项（需先载入重大行政决策演示数据）")
        reviews += [_new_review(rng, gov, rng.choice(drafters), year, i) for i in range(count - len(reviews))]
        for i, r in enumerate(reviews):
            doc = _doc(rng, gov, r.org, r.concluded_on + timedelta(days=7), seq, i + 1)
            docs.append(doc)
            reviewed.append((doc, r))
    NormativeDocument.objects.bulk_create(docs, batch_size=500)
    for year, last in seq.items():
        for kind in (rules.NUMBER_KIND,):
            NumberSequence.objects.update_or_create(org=gov, kind=kind, year=year, defaults={"last": last})
    for doc, r in reviewed:
        r.subject_id = doc.pk
    LegalityReview.objects.bulk_update([r for _d, r in reviewed], ["subject_id"])
    history(DocumentStatusChange, docs, lambda d: [
        ("create", "", Status.DRAFT, d.decided_on),
        ("register", Status.DRAFT, Status.REGISTERED, d.registered_on),
        ("publish", Status.REGISTERED, Status.PUBLISHED, d.published_on),
    ])  # fmt: skip
    # The 2019 cleanup: the 212 oldest are repealed or declared invalid, every other document in force kept.
    in_force = list(
        NormativeDocument.objects.filter(in_force_q(CLEANUP_ON), issuer=gov).order_by("published_on", "id")
    )
    plan = [c for c, n in CLEANED.items() for _ in range(n)]
    decisions = [
        {"document": d.pk, "decision": plan[i] if i < len(plan) else CleanupChoice.KEEP}
        for i, d in enumerate(in_force)
    ]
    services.apply_cleanup(
        actor=bureau,
        government=gov,
        year=2019,
        on=CLEANUP_ON,
        decisions=decisions,
        title="2019年行政规范性文件清理",
    )
    # 期满失效 of the older 暂行 documents, through the runner as the daily job does (later ones: the job).
    while services.lapse_expired(date(2020, 1, 1)):
        pass
    return loaded("normative", "行政规范性文件", "规范性文件", len(docs), stdout, cleaned=len(plan))
