"""A generated province for benchmarks: many county governments in one database.

    .venv/bin/python bench/province.py                          # the full province: 100 counties, 1 M + 1 M cases
    .venv/bin/python bench/province.py --counties 5 --cases 50000
    BENCH_SCALE=small .venv/bin/python bench/province.py        # named scales: small, moderate, full

The database is the configured one (``DATABASE_URL``, else the SQLite file under ``FAZHI_DATA_DIR``).

What is generated (every choice is seeded, so the same arguments give the same rows on every machine):

* the province: a provincial government (``prov``) with its justice bureau (``prov-sfj``) and one
  intermediate court per ten counties (``prov-court-NN``, second-instance lawsuits);
* per county ``cNNN``: a government (short name ``范NNN``, the case-number abbreviation), its justice
  bureau, ``--departments`` departments (default 50), ``--townships`` townships (default 23) and a basic
  court — about 7 600 units at the default scale;
* per county, the county's share of ``--cases`` reconsideration cases and as many litigation cases, over
  ``FIRST_YEAR``–``LAST_YEAR``, with Zipf-skewed respondents (公安 and 自然资源 get most cases), realistic
  statuses (older cases concluded, the last months' still open), outcomes, and one party per case with a
  checksum-valid ID number (``fazhi.core.pii.make_id_card``) or credit code;
* accounts (password ``BENCH_PASSWORD``): ``prov_bureau`` (province justice bureau: sees everything),
  and per county ``cNNN_bureau`` (county justice bureau) and ``cNNN_clerk`` (clerk of the public
  security bureau, the unit with the most cases).

Rows are written with ``bulk_create`` in batches of ``BATCH`` (one transaction per county and module), so
1 M cases take minutes. The date invariants the models are getting as database constraints hold for every
row: received ≤ accepted ≤ concluded, served ≤ answered ≤ concluded ≤ judgment served, and an outcome
exactly when the case is concluded. ``acceptance_due``/``decision_due`` are the product's own working-day
deadlines (``reconsideration.deadlines.Memo``, memoised per start day), as the services would cache them.
``--enforcement N`` adds N enforcement decisions (``bench/province_enforcement_sql.py``: generated inside
PostgreSQL, ≈ 10 M in minutes; ``--enforcement-method python`` or SQLite: ``bench/province_enforcement.py``).

Idempotent: a database that already holds this province at the same scale is reused; a database holding
anything else (the demo county, another scale, a half-finished run) is refused — drop it and start again.

The province is also meant for the multi-government issue: ``generate(Scale(...))`` is the API.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.core.province_rows import (
    DEPARTMENT_FIELDS,
    _litigation_rows,
    _reconsideration_rows,
)

BATCH = 5000
BENCH_PASSWORD = "Bench@2026pw"
PROVINCE = "prov"

#: Named scales (``BENCH_SCALE`` or ``--scale``); explicit ``--counties``/``--cases`` override them.
SCALES: dict[str, dict[str, int]] = {
    "tiny": {"counties": 2, "cases": 200, "departments": 6, "townships": 3, "enforcement": 400},
    "small": {"counties": 3, "cases": 6_000, "enforcement": 20_000},
    "moderate": {"counties": 5, "cases": 50_000, "enforcement": 200_000},
    "full": {"counties": 100, "cases": 1_000_000, "enforcement": 10_000_000},
}


@dataclass(frozen=True)
class Scale:
    """How big a province to generate. ``cases`` is per module for the whole province."""

    counties: int = 100
    cases: int = 1_000_000
    departments: int = 50
    townships: int = 23
    seed: int = 2026
    #: enforcement decisions for the whole province (``bench/province_enforcement.py``), 0 for none
    enforcement: int = 0

    @classmethod
    def named(cls, name: str, **overrides: int) -> Scale:
        if name not in SCALES:
            raise SystemExit(f"未知规模「{name}」，可选：{'、'.join(SCALES)}")
        return replace(cls(**SCALES[name]), **{k: v for k, v in overrides.items() if v is not None})

    def cases_in(self, county: int) -> int:
        """The county's share of ``cases`` (the remainder goes to the first counties)."""
        base, extra = divmod(self.cases, self.counties)
        return base + (1 if county < extra else 0)


@dataclass
class County:
    """The generated units of one county, as the row builders need them."""

    index: int
    government: Any  # OrgUnit
    bureau: Any
    respondents: list[Any]  # departments then townships, most-sued first
    court: Any
    upper_court: Any

    @property
    def code(self) -> str:
        return county_code(self.index)


def county_code(index: int) -> str:
    return f"c{index + 1:03d}"


#: The most-sued units first (Zipf weights follow this order).
LEADING = list(DEPARTMENT_FIELDS)


# --------------------------------------------------------------------------------------------- units


def _units(scale: Scale) -> list[County]:
    """Create the province's units and accounts (``bulk_create``, paths set by hand as ``save`` would)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from fazhi.core.pii import make_credit_code
    from fazhi.orgs.demo import DEPARTMENTS, TOWNSHIPS
    from fazhi.orgs.models import OrgUnit, Role, User

    K = OrgUnit.Kind
    credit = itertools.count(1)

    def unit(code: str, name: str, kind: str, parent: OrgUnit | None, order: int, **extra: Any) -> OrgUnit:
        path = (parent.path if parent else "/") + code + "/"
        if kind not in (K.COURT, K.UPPER):
            extra.setdefault("credit_code", make_credit_code(f"11330000{next(credit):09d}"))
        return OrgUnit(code=code, name=name, kind=kind, parent=parent, path=path, sort_order=order, **extra)

    province = OrgUnit.objects.bulk_create(
        [unit(PROVINCE, "示范省人民政府", K.GOVERNMENT, None, 1, short_name="范省")]
    )[0]
    upper_courts = OrgUnit.objects.bulk_create(
        [
            unit(f"{PROVINCE}-court-{k + 1:02d}", f"示范省第{k + 1}中级人民法院", K.COURT, None, 900 + k)
            for k in range((scale.counties + 9) // 10)
        ]
    )
    level1 = [unit(f"{PROVINCE}-sfj", "示范省司法厅", K.JUSTICE_BUREAU, province, 2, short_name="范司")]
    level1 += [
        unit(
            county_code(i),
            f"示范{i + 1:03d}县人民政府",
            K.GOVERNMENT,
            province,
            10 + i,
            short_name=f"范{i + 1:03d}",
        )
        for i in range(scale.counties)
    ]
    province_bureau, *governments = OrgUnit.objects.bulk_create(level1)
    dept_names = LEADING + [d for d in DEPARTMENTS if d not in LEADING]
    dept_names += [f"第{k}工作局" for k in range(len(dept_names) + 1, scale.departments + 1)]
    town_names = TOWNSHIPS + [f"第{k}镇" for k in range(len(TOWNSHIPS) + 1, scale.townships + 1)]
    level2: list[OrgUnit] = []
    for i, gov in enumerate(governments):
        county = f"示范{i + 1:03d}县"
        c = gov.code
        level2.append(
            unit(f"{c}-sfj", f"{county}司法局", K.JUSTICE_BUREAU, gov, 3, short_name=f"范{i + 1:03d}司")
        )
        level2 += [
            unit(f"{c}-d{k + 1:02d}", f"{county}{name}", K.DEPARTMENT, gov, 10 + k)
            for k, name in enumerate(dept_names[: scale.departments])
        ]
        level2 += [
            unit(f"{c}-t{k + 1:02d}", f"{county}{name}", K.TOWNSHIP, gov, 100 + k)
            for k, name in enumerate(town_names[: scale.townships])
        ]
        level2.append(unit(f"{c}-court", f"{county}人民法院", K.COURT, None, 500 + i))
    created = OrgUnit.objects.bulk_create(level2, batch_size=BATCH)
    per_county = 1 + scale.departments + scale.townships + 1
    counties = []
    for i, gov in enumerate(governments):
        block = created[i * per_county : (i + 1) * per_county]
        counties.append(County(i, gov, block[0], block[1:-1], block[-1], upper_courts[i // 10]))

    password = make_password(BENCH_PASSWORD)  # Argon2 is slow: one hash shared by every account
    now = timezone.now()
    accounts: list[tuple[User, str]] = [
        (User(username="prov_bureau", org=province_bureau, real_name="省司法厅 复议员"), Role.BUREAU)
    ]
    for county in counties:
        accounts.append((User(username=f"{county.code}_bureau", org=county.bureau), Role.BUREAU))
        accounts.append((User(username=f"{county.code}_clerk", org=county.respondents[0]), Role.CLERK))
    for user, _ in accounts:
        user.password = password
        user.must_change_password = False
        user.password_changed_at = now
        user.real_name = user.real_name or user.username
    users = User.objects.bulk_create([u for u, _ in accounts])
    groups = {r: Group.objects.get(name=Role(r).label) for r in (Role.BUREAU, Role.CLERK)}
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=u.pk, group_id=groups[r].pk)
            for u, (_, r) in zip(users, accounts, strict=True)
        ]
    )
    return counties


def _existing_counties() -> list[County]:
    from fazhi.orgs.models import OrgUnit

    governments = list(
        OrgUnit.objects.filter(parent__code=PROVINCE, kind=OrgUnit.Kind.GOVERNMENT).order_by("code")
    )
    upper = list(OrgUnit.objects.filter(code__startswith=f"{PROVINCE}-court-").order_by("code"))
    counties = []
    for i, gov in enumerate(governments):
        units = {u.code: u for u in OrgUnit.objects.filter(path__startswith=gov.path)}
        respondents = sorted(
            (u for u in units.values() if u.kind in (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP)),
            key=lambda u: (u.kind != OrgUnit.Kind.DEPARTMENT, u.sort_order),
        )
        court = OrgUnit.objects.get(code=f"{gov.code}-court")
        counties.append(County(i, gov, units[f"{gov.code}-sfj"], respondents, court, upper[i // 10]))
    return counties


# ----------------------------------------------------------------------------------------- writing


def _write(rows: Iterator[tuple[Any, list[Any]]], model: Any, party_model: Any) -> int:
    """Write (case, parties) pairs in batches; returns the number of cases."""
    written = 0
    while batch := list(itertools.islice(rows, BATCH)):
        cases = model.objects.bulk_create([c for c, _ in batch])
        parties = []
        for case, ps in batch:
            for p in ps:
                p.case_id = case.pk
                parties.append(p)
        party_model.objects.bulk_create(parties)
        written += len(cases)
    return written


def _number_sequences(counties: list[County]) -> None:
    """The reconsideration numbering continues after the generated numbers (``next_number``)."""
    from django.db.models import Max

    from fazhi.core.models import NumberSequence
    from fazhi.reconsideration.models import ReconsiderationCase
    from fazhi.reconsideration.services.cases import NUMBER_KIND

    rows = []
    for county in counties:
        per_year = (
            ReconsiderationCase.objects.filter(org__path__startswith=county.government.path)
            .values("year")
            .annotate(last=Max("seq"))
        )
        rows += [
            NumberSequence(org=county.government, kind=NUMBER_KIND, year=r["year"], last=r["last"])
            for r in per_year
        ]
    NumberSequence.objects.bulk_create(rows)


@dataclass
class Summary:
    counties: int
    units: int
    reconsideration: int
    litigation: int
    seconds: float
    reused: bool
    enforcement: int = 0

    def __str__(self) -> str:
        how = "沿用已有数据" if self.reused else f"生成用时 {self.seconds:.0f} 秒"
        return (
            f"省份：{self.counties} 个县，{self.units} 个单位，行政复议 {self.reconsideration} 件，"
            f"行政应诉 {self.litigation} 件，行政执法决定 {self.enforcement} 件（{how}）"
        )


def _summary(seconds: float, reused: bool) -> Summary:
    from fazhi.enforcement.models import EnforcementAction
    from fazhi.litigation.models import LitigationCase
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import ReconsiderationCase

    return Summary(
        enforcement=EnforcementAction.objects.count(),
        counties=OrgUnit.objects.filter(parent__code=PROVINCE, kind=OrgUnit.Kind.GOVERNMENT).count(),
        units=OrgUnit.objects.count(),
        reconsideration=ReconsiderationCase.objects.count(),
        litigation=LitigationCase.objects.count(),
        seconds=seconds,
        reused=reused,
    )


def generate(scale: Scale, *, progress: bool = False, enforcement_method: str = "auto") -> Summary:
    """Generate the province into the configured database, or reuse it when it is already there.
    ``enforcement_method``: ``sql`` (server-side, PostgreSQL), ``python`` or ``auto`` (sql on PostgreSQL)."""
    from django.db import transaction

    from fazhi.litigation.models import LitigationCase, Plaintiff
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import Party, ReconsiderationCase

    if OrgUnit.objects.filter(code=PROVINCE).exists():
        have = _summary(0, reused=True)
        if (have.counties, have.reconsideration, have.litigation) == (
            scale.counties,
            scale.cases,
            scale.cases,
        ):
            if have.enforcement == scale.enforcement:
                return have
            if have.enforcement == 0:  # the cases are there: add the enforcement decisions
                started = time.perf_counter()
                _enforcement(scale, _existing_counties(), progress, enforcement_method)
                return _summary(time.perf_counter() - started, reused=False)
        raise SystemExit(
            f"数据库中已有另一规模的省份（{have}），与所需规模（{scale.counties} 个县，各 {scale.cases} 件）不同；"
            "请换一个空数据库（FAZHI_DATA_DIR 或 DATABASE_URL）"
        )
    if OrgUnit.objects.exists() or ReconsiderationCase.objects.exists() or LitigationCase.objects.exists():
        raise SystemExit("数据库中已有其他数据（如演示数据），基准测试只在空数据库中生成省份")
    started = time.perf_counter()
    with transaction.atomic():
        counties = _units(scale)
    for county in counties:
        n = scale.cases_in(county.index)
        with transaction.atomic():
            rng = random.Random(f"{scale.seed}:{county.index}:reconsideration")
            _write(_reconsideration_rows(rng, county, n), ReconsiderationCase, Party)
            rng = random.Random(f"{scale.seed}:{county.index}:litigation")
            _write(_litigation_rows(rng, county, n), LitigationCase, Plaintiff)
        if progress:
            done = county.index + 1
            print(
                f"\r已生成 {done}/{len(counties)} 个县（{time.perf_counter() - started:.0f} 秒）",
                end="",
                flush=True,
            )
    if progress:
        print(flush=True)
    with transaction.atomic():
        _number_sequences(counties)
    _enforcement(scale, counties, progress, enforcement_method)
    return _summary(time.perf_counter() - started, reused=False)


def _enforcement(scale: Scale, counties: list[County], progress: bool, method: str = "auto") -> None:
    """The enforcement decisions (server-side SQL or COPY on PostgreSQL), then fresh planner statistics."""
    from django.db import connection

    from bench import province_enforcement

    if scale.enforcement:
        started = time.perf_counter()

        def show(done: int, written: int) -> None:
            seconds = time.perf_counter() - started
            print(
                f"\r行政执法决定：{done}/{len(counties)} 个县，{written} 件，{seconds:.0f} 秒"
                f"（{written / max(seconds, 1e-9):.0f} 件/秒）",
                end="",
                flush=True,
            )

        province_enforcement.generate(
            counties, scale.enforcement, scale.seed, progress=show if progress else None, method=method
        )
        if progress:
            print(flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics after the bulk insert, as autovacuum would


def setup_django() -> None:
    """Django for a bench program: settings from the environment, database migrated."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("FAZHI_INSECURE_HTTP", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def scale_from_args(argv: list[str] | None = None) -> Scale:
    parser = argparse.ArgumentParser(description="生成基准测试用的省份数据")
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "full"), help="、".join(SCALES))
    parser.add_argument("--counties", type=int)
    parser.add_argument("--cases", type=int, help="每个模块全省案件数")
    parser.add_argument("--departments", type=int)
    parser.add_argument("--townships", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--enforcement", type=int, help="全省行政执法决定数（如 10000000）")
    parser.add_argument(
        "--enforcement-method",
        choices=("auto", "sql", "python"),
        default="auto",
        help="执法决定的生成方式：sql 在 PostgreSQL 内生成，python 用 COPY；auto 在 PostgreSQL 上用 sql",
    )
    args, _ = parser.parse_known_args(argv)
    return Scale.named(
        args.scale,
        counties=args.counties,
        cases=args.cases,
        departments=args.departments,
        townships=args.townships,
        seed=args.seed,
        enforcement=args.enforcement,
    )


def main() -> None:
    scale = scale_from_args()
    parser = argparse.ArgumentParser(allow_abbrev=False)  # not taken for --enforcement N
    parser.add_argument("--enforcement-method", default="auto")
    method = parser.parse_known_args()[0].enforcement_method
    setup_django()
    print(generate(scale, progress=True, enforcement_method=method))


if __name__ == "__main__":
    main()
