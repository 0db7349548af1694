"""Lists side by side (issue 11): the product's list pages and API lists against the stock Django admin
changelist and a minimal keyset view on the same tables, served by gunicorn, interleaved and repeated.

    .venv/bin/python bench/lists.py [--scale small|moderate|full] [--seconds 2] [--reps 3] [--conc 1,8] [--only 执法]

Generates (or reuses) the province of ``bench/province.py`` in the configured database, logs in through
the real login page (session cookie) and the token endpoint (knox, API), starts ``gunicorn`` with
``--workers 2`` and ``bench.settings`` (which mounts the admin and keyset yardsticks, ``bench/urls.py``),
then for every row of the table and every concurrency runs each variant for ``--seconds`` in turn, the
order rotating from one repetition to the next. Prints req/s (median of the repetitions) and the ratios,
and marks each product row ✔ when it meets the goals of DESIGN §10 at the highest concurrency:
≥ 0.6× the keyset view and ≥ 20× the stock admin.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import BENCH_PASSWORD, Scale, generate, scale_from_args, setup_django

ROOT = Path(__file__).resolve().parent.parent
GOAL_KEYSET = 0.6
GOAL_ADMIN = 20.0
DEEP_PAGES = 20  # the deep page: 20 × 50 rows in


@dataclass
class Target:
    url: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Row:
    label: str
    product: Target
    keyset: Target | None = None
    admin: Target | None = None
    results: dict[tuple[str, int], list[float]] = field(default_factory=dict)  # (variant, c) → req/s per rep

    def variants(self) -> list[tuple[str, Target]]:
        out = [("product", self.product)]
        out += [("keyset", self.keyset)] if self.keyset else []
        out += [("admin", self.admin)] if self.admin else []
        return out

    def rate(self, variant: str, c: int) -> float | None:
        samples = self.results.get((variant, c))
        return statistics.median(samples) if samples else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, headers: dict[str, str], timeout: float = 120) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def login_session(base: str, username: str) -> str:
    """Log in through the login form as a browser would; returns the session cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if csrf is None:
        raise SystemExit("登录页没有 CSRF 令牌")
    form = {"csrfmiddlewaretoken": csrf.group(1), "username": username, "password": BENCH_PASSWORD}
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": base}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    session = [name for name in cookies if name.endswith("sessionid")]
    if not session:
        raise SystemExit(f"用户 {username} 登录失败（没有会话 Cookie）")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def login_token(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": BENCH_PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return str(json.load(response)["token"])


def next_page(base: str, url: str, headers: dict[str, str]) -> str:
    """The product page's own 下一页 link (its cursor is the product's business, not ours)."""
    _, body = fetch(url, headers)
    link = re.search(rb'<a[^>]*data-testid="next-page"[^>]*>', body)
    href = re.search(rb'href="([^"]+)"', link.group(0)) if link else None
    if href is None:
        raise SystemExit(f"{url} 没有下一页链接")
    return urllib.parse.urljoin(url, html.unescape(href.group(1).decode()))


def measure(target: Target, concurrency: int, seconds: float) -> tuple[float, int]:
    """Requests per second with ``concurrency`` clients looping for ``seconds`` (each at least once)."""
    deadline = time.perf_counter() + seconds
    errors = 0

    def client() -> int:
        nonlocal errors
        done = 0
        while done == 0 or time.perf_counter() < deadline:
            status, _ = fetch(target.url, target.headers)
            errors += status != 200
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        total = sum(pool.map(lambda _: client(), range(concurrency)))
    return total / (time.perf_counter() - started), errors


def build_rows(base: str, prepare: Callable[[str], dict[str, dict[str, str]]]) -> list[Row]:
    """The rows of issue 11's table, for the province bureau user, a county bureau user and a clerk."""
    from fazhi.enforcement.models import EnforcementAction
    from fazhi.litigation.models import LitigationCase
    from fazhi.orgs.models import OrgUnit
    from fazhi.reconsideration.models import ReconsiderationCase, Status

    prov, county, clerk = (prepare(u) for u in ("prov_bureau", "c001_bureau", "c001_clerk"))
    unit = OrgUnit.objects.get(code="c001-d02")  # a busy unit (自然资源), not the busiest
    some = ReconsiderationCase.objects.filter(org__path__startswith="/prov/c001/").order_by("id")[7]
    prefix = some.number[: some.number.index("〕") + 1] + str(some.seq)[:2]  # 范001政复〔2019〕12…
    q = urllib.parse.quote(prefix)

    deep = f"{base}/reconsideration/"
    for _ in range(DEEP_PAGES):
        deep = next_page(base, deep, prov["page"])
    # the province user sees every case: the keyset view's deep page starts after the same row
    deep_row = ReconsiderationCase.objects.order_by("-received_on", "-id")[DEEP_PAGES * 50 - 1]
    after = f"{deep_row.received_on}_{deep_row.pk}"

    def p(path: str, who: dict[str, dict[str, str]], kind: str = "page") -> Target:
        return Target(base + path, who[kind])

    rows = _enforcement_rows(base, prov) if EnforcementAction.objects.exists() else []
    concluded = Status.CONCLUDED.value
    lit_status = LitigationCase.objects.filter(org=unit).values_list("status", flat=True).first() or "final"
    return [
        *rows,
        Row(
            "复议列表，不筛选",
            p("/reconsideration/", prov),
            p("/bench-keyset/reconsideration/", prov),
            p("/bench-admin/reconsideration/reconsiderationcase/", prov),
        ),
        Row(
            "复议列表，单位+状态",
            p(f"/reconsideration/?org={unit.pk}&status={concluded}", prov),
            p(f"/bench-keyset/reconsideration/?org={unit.pk}&status={concluded}", prov),
            p(
                f"/bench-admin/reconsideration/reconsiderationcase/?org={unit.pk}&status__exact={concluded}",
                prov,
            ),
        ),
        Row(
            f"复议列表，第{DEEP_PAGES + 1}页",
            Target(deep, prov["page"]),
            p(f"/bench-keyset/reconsideration/?after={after}", prov),
            p(f"/bench-admin/reconsideration/reconsiderationcase/?p={DEEP_PAGES * 50 // 100}", prov),
        ),
        Row(
            "复议列表，按案号搜索",
            p(f"/reconsideration/?q={q}", prov),
            p(f"/bench-keyset/reconsideration/?q={q}", prov),
            p(f"/bench-admin/reconsideration/reconsiderationcase/?q={q}", prov),
        ),
        Row(
            "应诉列表，不筛选",
            p("/litigation/", prov),
            p("/bench-keyset/litigation/", prov),
            p("/bench-admin/litigation/litigationcase/", prov),
        ),
        Row(
            "应诉列表，单位+状态",
            p(f"/litigation/?org={unit.pk}&status={lit_status}", prov),
            p(f"/bench-keyset/litigation/?org={unit.pk}&status={lit_status}", prov),
            p(f"/bench-admin/litigation/litigationcase/?org={unit.pk}&status__exact={lit_status}", prov),
        ),
        Row(
            "复议 API 列表",
            p("/api/v1/reconsideration/cases/", prov, "api"),
            p("/bench-keyset/reconsideration/", prov),
            p("/bench-admin/reconsideration/reconsiderationcase/", prov),
        ),
        Row(
            "应诉 API 列表",
            p("/api/v1/litigation/cases/", prov, "api"),
            p("/bench-keyset/litigation/", prov),
            p("/bench-admin/litigation/litigationcase/", prov),
        ),
        Row(
            "县司法局，复议列表",
            p("/reconsideration/", county),
            p("/bench-keyset/reconsideration/", county),
            p("/bench-admin/reconsideration/reconsiderationcase/", county),
        ),
        Row(
            "县司法局，应诉列表",
            p("/litigation/", county),
            p("/bench-keyset/litigation/", county),
            p("/bench-admin/litigation/litigationcase/", county),
        ),
        Row(
            "县填报员，应诉列表",
            p("/litigation/", clerk),
            p("/bench-keyset/litigation/", clerk),
            p("/bench-admin/litigation/litigationcase/", clerk),
        ),
    ]


def _enforcement_rows(base: str, prov: dict[str, dict[str, str]]) -> list[Row]:
    """Issue 13 item 12: the enforcement decisions list, unfiltered, by body and type, by party (a
    person's name, substring), 21st page — province bureau user, beside the keyset view and the admin."""
    from django.db.models import Count
    from django.urls import reverse

    from fazhi.enforcement.models import ActionParty, EnforcementAction

    url = reverse("enforcement:action_list")
    busiest = (
        EnforcementAction.objects.filter(org__path__startswith="/prov/c001/")
        .values("body_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:2]
    )
    body = list(busiest)[-1]["body_id"]  # a busy body, not the busiest
    kind = "license"
    name = ActionParty.objects.filter(kind="person").order_by("id").values_list("name", flat=True)[3]
    q = urllib.parse.quote(name)
    deep = base + url
    for _ in range(DEEP_PAGES):
        deep = next_page(base, deep, prov["page"])
    after_row = EnforcementAction.objects.order_by("-decided_on", "-id")[DEEP_PAGES * 50 - 1]
    admin = "/bench-admin/enforcement/enforcementaction/"
    keyset = "/bench-keyset/enforcement/"

    def p(path: str) -> Target:
        return Target(base + path, prov["page"])

    return [
        Row("执法决定列表，不筛选", p(url), p(keyset), p(admin)),
        Row(
            "执法决定列表，主体+类别",
            p(f"{url}?body={body}&action_type={kind}"),
            p(f"{keyset}?body={body}&action_type={kind}"),
            p(f"{admin}?body={body}&action_type__exact={kind}"),
        ),
        Row(
            "执法决定列表，按当事人搜索",
            p(f"{url}?party={q}"),
            p(f"{keyset}?party={q}"),
            p(f"{admin}?q={q}"),
        ),
        Row(
            f"执法决定列表，第{DEEP_PAGES + 1}页",
            Target(deep, prov["page"]),
            p(f"{keyset}?after={after_row.decided_on}_{after_row.pk}"),
            p(f"{admin}?p={DEEP_PAGES * 50 // 100}"),
        ),
    ]


def fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report(rows: list[Row], levels: list[int]) -> int:
    """Print the table; returns the number of rows that miss a goal at the highest concurrency."""
    top = max(levels)
    missed = 0
    for c in levels:
        print(f"\n并发 c={c}（req/s，{len(next(iter(rows[0].results.values())))} 次重复取中位数）")
        print("| 页面 | 产品 | keyset 视图 | Django admin | 产品÷keyset | 产品÷admin | 目标 |")
        print("|---|---|---|---|---|---|---|")
        for row in rows:
            prod, ks, adm = (row.rate(v, c) for v in ("product", "keyset", "admin"))
            r_ks = prod / ks if prod and ks else None
            r_adm = prod / adm if prod and adm else None
            ok = (r_ks or 0) >= GOAL_KEYSET and (r_adm or 0) >= GOAL_ADMIN
            mark = ("✔" if ok else "✘") if c == top else ""
            missed += c == top and not ok
            print(
                f"| {row.label} | {fmt(prod, 1)} | {fmt(ks, 1)} | {fmt(adm, 1)} | {fmt(r_ks)} | {fmt(r_adm)} | {mark} |"
            )
    print(
        f"\n目标（DESIGN §10，c={top}）：产品 ≥ {GOAL_KEYSET}× keyset 视图且 ≥ {GOAL_ADMIN:g}× Django admin；"
        f"{len(rows) - missed}/{len(rows)} 行达到目标。"
    )
    return missed


def run(scale: Scale, *, seconds: float, reps: int, levels: list[int], workers: int, only: str = "") -> int:
    setup_django()
    print(generate(scale, progress=True), flush=True)
    from django.db import connection
    from django.utils import timezone

    from fazhi.orgs.models import User

    # the accounts may be older than the password policy allows when the province is reused
    User.objects.filter(username__in=["prov_bureau", "c001_bureau", "c001_clerk"]).update(
        password_changed_at=timezone.now()
    )
    connection.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "fazhi.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=300",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(120):
            try:
                if fetch(f"{base}/healthz", {}, timeout=2)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn 未能启动")

        def prepare(username: str) -> dict[str, dict[str, str]]:
            return {
                "page": {"Cookie": login_session(base, username)},
                "api": {"Authorization": f"Token {login_token(base, username)}"},
            }

        rows = [r for r in build_rows(base, prepare) if only in r.label]
        for row in rows:  # warm-up and sanity: every variant answers 200 before anything is timed
            for name, target in row.variants():
                status, _ = fetch(target.url, target.headers)
                if status != 200:
                    raise SystemExit(f"{row.label} / {name}: HTTP {status} {target.url}")
        print(f"gunicorn ×{workers}，每项 {seconds:g} 秒，{reps} 次重复，并发 {levels}", flush=True)
        for rep in range(reps):
            for c in levels:
                for i, row in enumerate(rows):
                    variants = row.variants()
                    shift = (rep + i) % len(variants)  # rotate who goes first: no variant always runs warm
                    for name, target in variants[shift:] + variants[:shift]:
                        rate, errors = measure(target, c, seconds)
                        if errors:
                            print(f"  {row.label} / {name}: {errors} 个错误响应", flush=True)
                        row.results.setdefault((name, c), []).append(rate)
            print(f"  第 {rep + 1}/{reps} 轮完成", flush=True)
        report(rows, levels)
        return 0
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "2")))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--conc", default="1,8")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="只测标签含此文字的行，如「执法」")
    args, rest = parser.parse_known_args()
    levels = [int(c) for c in args.conc.split(",")]
    sys.exit(
        run(
            scale_from_args(rest),
            seconds=args.seconds,
            reps=args.reps,
            levels=levels,
            workers=args.workers,
            only=args.only,
        )
    )


if __name__ == "__main__":
    main()
