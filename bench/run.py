"""``make bench``: the province, then lists side by side, figures vs SQL and import scaling, in one run.

    BENCH_SCALE=small make bench                        # the default: a few minutes on SQLite or PostgreSQL
    BENCH_SCALE=moderate DATABASE_URL=postgres://…/fazhi_bench make bench
    BENCH_SCALE=full DATABASE_URL=postgres://…/fazhi_bench make bench   # issue 11's province (hours)
    make bench BENCH_ARGS="--counties 10 --cases 200000"

Each step is its own program in ``bench/`` (``province.py``, ``lists.py``, ``figures.py``, ``imports.py``)
and prints its own table; ``docs/performance.md`` says how to read them. The older single-page
micro-benchmarks (``reconsideration_list.py``, ``litigation.py``, ``audit_list.py``) write their own rows
into the database and are run by hand only, never into the province's database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = ["province.py", "lists.py", "figures.py", "pages.py", "imports.py"]
#: per scale: seconds per measurement in lists.py, row counts in imports.py
DEFAULTS = {
    "tiny": ("0.5", "100,300"),
    "small": ("1", "100,500"),
    "moderate": ("3", "1000,10000"),
    "full": ("5", "1000,10000,100000"),
}


def main() -> int:
    scale = os.environ.setdefault("BENCH_SCALE", "small")
    seconds, rows = DEFAULTS.get(scale, DEFAULTS["full"])
    os.environ.setdefault("BENCH_SECONDS", seconds)
    os.environ.setdefault("BENCH_IMPORT_ROWS", rows)
    os.environ.setdefault("FAZHI_INSECURE_HTTP", "1")
    failed = 0
    for step in STEPS:
        print(f"\n== {step} ==", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / step), *sys.argv[1:]])
    return failed


if __name__ == "__main__":
    sys.exit(main())
