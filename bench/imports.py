"""Import scaling (issue 17 item 4): each module's own import template through ``fazhi import <kind>``
against a plain bulk insert of the same rows, wall clock and peak memory, at growing row counts.

    .venv/bin/python bench/imports.py [--rows 1000,10000,100000] [--kinds reconsideration,litigation,disputes,enforcement]

Runs in its own database, never the province's: a temporary SQLite file, or on PostgreSQL
(``DATABASE_URL``) the database ``<name>_imports`` next to it, created when missing. It holds one county
of ``bench/province.py`` without cases (the units the rows name), and for enforcement one confirmed
enforcement body per department with four certified officers (``enforcement_world``). For every kind and size the rows are
written into the module's template columns (``fazhi.<kind>.imports``: ``columns(None)`` or ``COLUMNS``),
then timed in a child process each way:

* product: ``fazhi import <kind> FILE.xlsx`` — the tabular importer, all rules, all-or-nothing;
* baseline: ``bench/imports.py --baseline <kind> FILE.xlsx`` — Django up, the same sheet read with
  openpyxl (read-only), the rows built as model instances and ``bulk_create``-d in one transaction.

The module's rows are deleted after each measurement, so every size starts from the same database.
Peak memory is the child's maximum resident set (``/usr/bin/time``, else ``os.wait4``). Prints rows, seconds, MB, product ÷
baseline, and the growth factor (time ratio ÷ row ratio against the previous size: 1.0 is linear). Goal
(issue 17): linear, 100 000 rows ≤ 30 s and ≤ 3× the baseline, memory flat. The product refuses files of
more than ``fazhi.core.excel.MAX_ROWS`` rows; such sizes are reported as refused.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import Scale, generate, setup_django
from fazhi.core.province_rows import LAST_YEAR, _company, _person

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("reconsideration", "litigation", "disputes", "enforcement")
COUNTY = "c001"


def columns(kind: str) -> list[Any]:
    from importlib import import_module

    module = import_module(f"fazhi.{kind}.imports")
    return module.columns(None) if hasattr(module, "columns") else list(module.COLUMNS)


def _rows(kind: str, n: int, seed: int = 17) -> list[dict[str, Any]]:
    """``n`` rows for ``kind``'s template, keyed by column key: historical cases that pass every check
    (dates in order and in the past, valid IDs, distinct applicants and numbers)."""
    from fazhi.orgs.models import OrgUnit

    rng = random.Random(f"{seed}:{kind}:{n}")
    units = list(
        OrgUnit.objects.filter(
            path__startswith=f"/prov/{COUNTY}/", kind__in=["department", "township"]
        ).order_by("sort_order", "id")
    )
    court = OrgUnit.objects.get(code=f"{COUNTY}-court")
    first = date(LAST_YEAR - 4, 1, 1)
    out = []
    for i in range(n):
        on = first + timedelta(days=rng.randrange(365 * 4))
        unit = rng.choice(units)
        name, id_number, phone = _person(rng)
        name = f"{name}{i}"  # the natural key (applicant, respondent, day) must not repeat
        if kind == "reconsideration":
            accepted = on + timedelta(days=rng.randrange(0, 5))
            out.append(
                {
                    "respondent": unit.code,
                    "received_on": on,
                    "applicant": name,
                    "applicant_kind": "person",
                    "id_number": id_number,
                    "phone": phone,
                    "contested_act": "行政处罚决定",
                    "act_category": rng.choice(["penalty", "coercion", "licensing", "info_disclosure"]),
                    "field": rng.choice(["public_security", "market", "urban", "other"]),
                    "accepted_on": accepted,
                    "concluded_on": accepted + timedelta(days=rng.randrange(20, 60)),
                    "outcome": rng.choice(["upheld", "rejected_claim", "revoked", "withdrawn"]),
                }
            )
        elif kind == "litigation":
            out.append(
                {
                    "court_case_number": f"({on.year})浙1000行初{i + 1}号",
                    "court": str(court.pk),
                    "instance": "first",
                    "defendant": str(unit.pk),
                    "cause": "不服行政处罚决定",
                    "act_category": rng.choice(["penalty", "coercion", "licensing"]),
                    "served_on": on,
                    "plaintiff_name": name,
                    "plaintiff_kind": "person",
                    "plaintiff_id": id_number,
                    "plaintiff_phone": phone,
                    "answer_filed_on": on + timedelta(days=rng.randrange(5, 15)),
                }
            )
        elif kind == "enforcement":
            company, credit = _company(rng)
            decided = on + timedelta(days=rng.randrange(10, 60))
            penalty = rng.random() < 0.8
            out.append(
                {
                    "body": f"{unit.name}执法队",
                    "action_type": "penalty" if penalty else "inspection",
                    "case_number": f"{unit.code}罚〔{on.year}〕{i + 1}号",
                    "filed_on": on,
                    "decided_on": decided,
                    "served_on": decided + timedelta(days=rng.randrange(1, 7)),
                    "officers": f"{unit.code}-Z1,{unit.code}-Z2",
                    "penalty_kind": "fine" if penalty else "",
                    "penalty_amount": rng.randrange(100, 50000) if penalty else None,
                    "is_major": False,
                    "party_name": f"{company}{i}",
                    "party_kind": "organization",
                    "party_id": credit,
                }
            )
        else:
            company, credit = _company(rng)
            company = (
                f"{company}{i}"  # as the names above: (party, unit, day) must not repeat at 100 000 rows
            )
            closed = rng.random() < 0.8
            out.append(
                {
                    "org": str(unit.pk),
                    "source": rng.choice(["pre_litigation", "litigation", "petition"]),
                    "channel": rng.choice(["court", "responsible_agency"]),
                    "opened_on": on,
                    "summary": "征收补偿标准争议",
                    "party_name": company,
                    "party_kind": "organization",
                    "party_id": credit,
                    "closed_on": on + timedelta(days=rng.randrange(10, 90)) if closed else None,
                    "resolved": rng.random() < 0.7 if closed else None,
                    "how_resolved": "协商一致" if closed else "",
                }
            )
    return out


def write_file(kind: str, rows: list[dict[str, Any]], path: Path) -> None:
    """The rows in the template's 数据 sheet (header row 1, as ``fazhi.core.excel.read_rows`` reads it)."""
    from openpyxl import Workbook

    cols = columns(kind)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        values = []
        for c in cols:
            v = row.get(c.key)
            values.append(("是" if v else "否") if c.kind == "bool" and v is not None else v)
        ws.append(values)
    wb.save(path)


# ------------------------------------------------------------------------------------ the baseline


def baseline(kind: str, path: str) -> None:
    """The plain bulk path: read the sheet, build instances, ``bulk_create`` — no checks, no audit."""
    from django.db import transaction
    from openpyxl import load_workbook

    cols = columns(kind)
    wb = load_workbook(path, read_only=True, data_only=True)
    it = wb["数据"].iter_rows(values_only=True)
    headers = [str(h).rstrip("*") for h in next(it)]
    keys = {c.header: c.key for c in cols}
    rows = [{keys[h]: v for h, v in zip(headers, values, strict=False) if h in keys} for values in it]

    def day(v: Any) -> date | None:
        return v.date() if hasattr(v, "date") else v

    from fazhi.orgs.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.all()}
    by_pk = {str(u.pk): u for u in units.values()}
    # the numbered models need their numbering government (NOT NULL): the county's government
    gov = OrgUnit.objects.get(code=COUNTY)
    with transaction.atomic():
        if kind == "reconsideration":
            from fazhi.reconsideration.models import Party, ReconsiderationCase

            cases = [
                ReconsiderationCase(
                    org=units[r["respondent"]],
                    number=f"BASE-{i}",
                    numbering_government=gov,
                    year=day(r["received_on"]).year,  # type: ignore[union-attr]
                    seq=i + 1,
                    status="concluded",
                    received_on=day(r["received_on"]),
                    accepted_on=day(r["accepted_on"]),
                    concluded_on=day(r["concluded_on"]),
                    outcome=r["outcome"],
                    contested_act=r["contested_act"],
                    act_category=r["act_category"],
                    field=r["field"],
                )
                for i, r in enumerate(rows)
            ]
            ReconsiderationCase.objects.bulk_create(cases, batch_size=1000)
            Party.objects.bulk_create(
                [
                    Party(
                        case=c, name=r["applicant"], kind="person", id_number=r["id_number"], phone=r["phone"]
                    )
                    for c, r in zip(cases, rows, strict=True)
                ],
                batch_size=1000,
            )
        elif kind == "litigation":
            from fazhi.litigation.models import LitigationCase, Plaintiff

            lit = [
                LitigationCase(
                    org=by_pk[str(r["defendant"])],
                    court=by_pk[str(r["court"])],
                    court_case_number=f"BASE-{i}",
                    cause=r["cause"],
                    act_category=r["act_category"],
                    served_on=day(r["served_on"]),
                    answer_filed_on=day(r["answer_filed_on"]),
                    status="answered",
                )
                for i, r in enumerate(rows)
            ]
            LitigationCase.objects.bulk_create(lit, batch_size=1000)
            Plaintiff.objects.bulk_create(
                [
                    Plaintiff(
                        case=c,
                        name=r["plaintiff_name"],
                        id_number=r["plaintiff_id"],
                        phone=r["plaintiff_phone"],
                    )
                    for c, r in zip(lit, rows, strict=True)
                ],
                batch_size=1000,
            )
        elif kind == "enforcement":
            from fazhi.enforcement.models import ActionParty, EnforcementAction, EnforcementBody

            bodies = {b.name: b for b in EnforcementBody.objects.all()}
            actions = [
                EnforcementAction(
                    org=bodies[r["body"]].org,
                    body=bodies[r["body"]],
                    action_type=r["action_type"],
                    case_number=r["case_number"],
                    filed_on=day(r["filed_on"]),
                    decided_on=day(r["decided_on"]),
                    served_on=day(r["served_on"]),
                    penalty_kind=r.get("penalty_kind") or "",
                    penalty_amount=r.get("penalty_amount"),
                    status="decided",
                )
                for r in rows
            ]
            EnforcementAction.objects.bulk_create(actions, batch_size=1000)
            ActionParty.objects.bulk_create(
                [
                    ActionParty(record=a, name=r["party_name"], kind="organization", id_number=r["party_id"])
                    for a, r in zip(actions, rows, strict=True)
                ],
                batch_size=1000,
            )
        else:
            from fazhi.disputes.models import Dispute, DisputeParty

            disputes = [
                Dispute(
                    org=by_pk[str(r["org"])],
                    number=f"BASE-{i}",
                    numbering_government=gov,
                    source=r["source"],
                    channel=r["channel"],
                    summary=r["summary"],
                    opened_on=day(r["opened_on"]),
                    closed_on=day(r.get("closed_on")),
                    status="closed" if r.get("closed_on") else "open",
                    resolved=r.get("resolved") == "是" if r.get("closed_on") else None,
                    how_resolved=r.get("how_resolved") or "",
                )
                for i, r in enumerate(rows)
            ]
            Dispute.objects.bulk_create(disputes, batch_size=1000)
            DisputeParty.objects.bulk_create(
                [
                    DisputeParty(
                        dispute=d, name=r["party_name"], kind="organization", id_number=r["party_id"]
                    )
                    for d, r in zip(disputes, rows, strict=True)
                ],
                batch_size=1000,
            )


# ----------------------------------------------------------------------------------- measurement


@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    message: str = ""


def child(argv: list[str], env: dict[str, str]) -> Run:
    """Run ``argv``: wall clock and the child's peak resident memory. Through ``/usr/bin/time`` when
    present: the ``ru_maxrss`` of a child forked from this (large) process counts the parent's pages it
    held before ``exec``, so ``os.wait4`` alone over-reports (only the fallback)."""
    timer = Path("/usr/bin/time")
    with tempfile.TemporaryFile("w+") as out, tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        prefix = [str(timer), "-f", "%M", "-o", rss.name] if timer.exists() else []
        started = time.perf_counter()
        proc = subprocess.Popen([*prefix, *argv], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().strip().splitlines()
        reported = rss.read().strip().splitlines()
    kib = int(reported[-1]) if prefix and reported and reported[-1].isdigit() else usage.ru_maxrss
    ok = proc.returncode == 0
    # on failure: the first error lines (which row and column) and the summary
    return Run(seconds, kib / 1024, ok, "" if ok or not lines else " / ".join([*lines[1:3], lines[-1]]))


def clear(kind: str) -> None:
    from django.db import transaction

    from fazhi.core.models import ImportJob, NumberSequence

    with transaction.atomic():
        if kind == "reconsideration":
            from fazhi.reconsideration.models import ReconsiderationCase as M
        elif kind == "litigation":
            from fazhi.litigation.models import LitigationCase as M  # type: ignore[assignment]
        elif kind == "enforcement":
            from fazhi.enforcement.models import EnforcementAction as M  # type: ignore[assignment]
        else:
            from fazhi.disputes.models import Dispute as M  # type: ignore[assignment]
        M.objects.all().delete()
        # the importer refuses a file it has imported before: forget the earlier runs' files
        ImportJob.objects.filter(kind=kind).delete()
        NumberSequence.objects.filter(kind__startswith=kind[:6]).delete()


def enforcement_world() -> None:
    """One confirmed enforcement body per department of the county («单位名执法队») and two certified
    officers each (``<code>-Z1``, ``<code>-Z2``, valid over the generated years): what the rows name."""
    from fazhi.enforcement.models import Certificate, EnforcementBody, Officer
    from fazhi.orgs.models import OrgUnit

    units = OrgUnit.objects.filter(path__startswith=f"/prov/{COUNTY}/", kind__in=["department", "township"])
    for unit in units:
        EnforcementBody.objects.get_or_create(
            org=unit,
            name=f"{unit.name}执法队",
            defaults={
                "kind": "statutory",
                "legal_basis": "《行政处罚法》",
                "status": "confirmed",
                "confirmed_on": date(LAST_YEAR - 10, 1, 1),
            },
        )
        for k in (1, 2):
            number = f"{unit.code}-Z{k}"
            if Certificate.objects.filter(number=number).exists():
                continue
            # a valid ID number: 17 digits and the ISO 7064 check character
            born = date(1960, 1, 1) + timedelta(days=unit.pk)
            base = f"330102{born:%Y%m%d}{k:03d}"
            weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            check = "10X98765432"[sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11]
            officer = Officer.objects.create(org=unit, name=f"执法员{unit.pk}{k}", id_number=base + check)
            Certificate.objects.create(
                officer=officer,
                number=number,
                issued_on=date(LAST_YEAR - 10, 1, 1),
                valid_until=date(LAST_YEAR + 5, 12, 31),
            )


def imports_database() -> dict[str, str]:
    """The environment of the imports database (created when missing); never the province's."""
    env = {**os.environ, "FAZHI_INSECURE_HTTP": "1", "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        target = f"{name.split('?')[0]}_imports"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone():
                conn.execute(f'CREATE DATABASE "{target}"')
        env["DATABASE_URL"] = f"{base}/{target}"
    else:
        env["FAZHI_DATA_DIR"] = os.environ.get("BENCH_IMPORTS_DIR") or tempfile.mkdtemp(
            prefix="fazhi-imports-"
        )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default=os.environ.get("BENCH_IMPORT_ROWS", "1000,10000,100000"))
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--baseline", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--startup", action="store_true", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.baseline or args.startup:
        import django

        django.setup()  # no migrate: the product's command does not run it either
        if args.baseline:
            baseline(*args.baseline)
        return
    env = imports_database()
    os.environ.update(env)
    setup_django()
    from django.db import connection

    from fazhi.core.excel import MAX_ROWS

    for kind in KINDS:  # what a run that stopped half-way left behind
        clear(kind)
    generate(Scale(counties=1, cases=0))
    enforcement_world()
    sizes = [int(n) for n in args.rows.split(",")]
    python, fazhi_cli = sys.executable, str(Path(sys.executable).parent / "fazhi")
    connection.close()
    startup = child([python, __file__, "--startup"], env)
    print(f"{connection.vendor}，导入规模 {sizes}，每次从空表开始")
    print(
        f"子进程启动（只载入 Django，两列都含这一部分）：{startup.seconds:.1f} 秒，{startup.peak_mb:.0f} MB"
    )
    print("| 类别 | 行数 | 产品 秒 | 产品 MB | 基线 秒 | 基线 MB | 产品÷基线 | 增长系数 |")
    print("|---|---|---|---|---|---|---|---|")
    connection.close()
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-import-files-"))
    for kind in args.kinds.split(","):
        previous: tuple[int, float] | None = None
        for n in sizes:
            path = workdir / f"{kind}-{n}.xlsx"
            write_file(kind, _rows(kind, n), path)
            clear(kind)
            connection.close()
            if n > MAX_ROWS:
                print(f"| {kind} | {n} | 拒绝（单次最多 {MAX_ROWS} 行） | | | | | |", flush=True)
                continue
            product = child([fazhi_cli, "import", kind, str(path)], env)
            clear(kind)
            connection.close()
            base = child([python, __file__, "--baseline", kind, str(path)], env)
            clear(kind)
            connection.close()
            if not product.ok or not base.ok:
                print(f"| {kind} | {n} | 失败：{product.message or base.message} | | | | | |", flush=True)
                continue
            growth = (product.seconds / previous[1]) / (n / previous[0]) if previous else None
            previous = (n, product.seconds)
            print(
                f"| {kind} | {n} | {product.seconds:.1f} | {product.peak_mb:.0f} | {base.seconds:.1f} | "
                f"{base.peak_mb:.0f} | {product.seconds / base.seconds:.1f}× | "
                f"{'—' if growth is None else f'{growth:.2f}'} |",
                flush=True,
            )
    print(
        "增长系数 = 时间倍数 ÷ 行数倍数（相对上一规模；1.0 为线性）。目标：线性，10 万行 ≤ 30 秒且 ≤ 3× 基线。"
    )


if __name__ == "__main__":
    main()
