"""CPU per request of every row of ``bench/lists.py``, in process, product beside the keyset view.

    .venv/bin/python bench/cpu_lists.py [--scale small] [--reps 9] [--only 复议] [--profile 复议列表，不筛选]

On a shared machine req/s measures the neighbours; ``time.process_time`` of one request through Django's
test client (``bench.settings``: the product's settings and middleware, the bench URLConf) measures the
product. Same rows, users and URLs as ``bench/lists.py`` (its ``build_rows``; the deep page follows the
product's own 下一页 links), pages with a logged-in session, API lists with a knox token as in
``lists.py``. Each target is warmed up once, then the rows are interleaved ``--reps`` times and the best
(smallest) CPU time is kept. Prints CPU ms per request of the product and of the keyset view and their
ratio (keyset ÷ product: the fraction of the keyset view's throughput the product would reach on CPU
alone; the goal is ≥ 0.6). ``--dump DIR`` writes each row's product response there (to diff two trees' output). ``--profile LABEL`` prints a cProfile of that row's product request instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("FAZHI_INSECURE_HTTP", "1")

from bench import lists
from bench.province import generate, scale_from_args, setup_django

if os.environ.get("BENCH_CODE"):  # another tree's product code (``fazhi``) on the same database: before/after
    sys.path.insert(0, os.environ["BENCH_CODE"])
    for name in [m for m in sys.modules if m == "fazhi" or m.startswith("fazhi.")]:
        del sys.modules[name]

USER = "X-Bench-User"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--only", default="", help="rows whose label contains this")
    parser.add_argument("--profile", default="", help="cProfile this row's product request")
    parser.add_argument("--dump", default="", help="write each row's product response into this directory")
    args, rest = parser.parse_known_args()
    scale = scale_from_args(rest)
    setup_django()
    generate(scale, progress=False)
    from django.conf import settings
    from django.test import Client
    from knox.models import AuthToken

    from fazhi.orgs.models import User

    # Not ``setup_test_environment()``: it instruments every template render for the test client (a copy
    # of the context per template and include), a cost of the measurement, not of the product.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[str, Client] = {}

    def prepare(username: str) -> dict[str, dict[str, str]]:
        user = User.objects.get(username=username)
        page = Client()
        page.force_login(user)
        clients[username] = page
        _, token = AuthToken.objects.create(user)
        return {"page": {USER: username}, "api": {USER: username, "Authorization": f"Token {token}"}}

    def request(target: lists.Target) -> Callable[[], bytes]:
        headers = dict(target.headers)
        username = headers.pop(USER)
        client = Client() if "Authorization" in headers else clients[username]
        extra = {f"HTTP_{k.upper()}": v for k, v in headers.items()}

        def run() -> bytes:
            response = client.get(target.url, **extra)
            if response.status_code != 200:
                raise SystemExit(f"{target.url}: HTTP {response.status_code}")
            return response.content

        return run

    def next_page(base: str, url: str, headers: dict[str, str]) -> str:
        body = request(lists.Target(url, headers))()
        link = re.search(rb'<a[^>]*data-testid="next-page"[^>]*>', body)
        href = re.search(rb'href="([^"]+)"', link.group(0)) if link else None
        if href is None:
            raise SystemExit(f"{url} 没有下一页链接")
        import html

        return urllib.parse.urljoin(url, html.unescape(href.group(1).decode()))

    lists.next_page = next_page  # the in-process client instead of urllib
    rows = [r for r in lists.build_rows("", prepare) if args.only in r.label]
    if args.dump:  # each row's product response, CSRF tokens blanked: diff two trees' output
        out = Path(args.dump)
        out.mkdir(parents=True, exist_ok=True)
        for i, r in enumerate(rows):
            body = re.sub(
                rb'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', rb'\1""', request(r.product)()
            )
            (out / f"{i:02d}.html").write_bytes(body)
        return
    if args.profile:
        row = next(r for r in rows if r.label == args.profile)
        fn = request(row.product)
        fn()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            fn()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    fns = {
        (r.label, v): request(r.product if v == "product" else r.keyset)
        for r in rows
        for v in ("product", "keyset")
        if r.keyset
    }
    for fn in fns.values():
        fn()
    best = {k: float("inf") for k in fns}
    for _ in range(args.reps):
        for key, fn in fns.items():
            t = time.process_time()
            fn()
            best[key] = min(best[key], time.process_time() - t)
    print(f"\nCPU 每请求（process_time，{args.reps} 次取最小值；load {os.getloadavg()[0]:.1f}）")
    print("| 页面 | 产品 | keyset 视图 | keyset÷产品 | ≥ 0.6 |")
    print("|---|---|---|---|---|")
    for r in rows:
        p, k = best[(r.label, "product")], best[(r.label, "keyset")]
        ratio = k / p
        print(
            f"| {r.label} | {p * 1000:.1f} ms | {k * 1000:.1f} ms | {ratio:.2f} | {'✔' if ratio >= 0.6 else '✘'} |"
        )


if __name__ == "__main__":
    main()
