"""The ``fazhi`` console script (DESIGN.md §6). Each subcommand is also a Django management command.

fazhi serve [--host H] [--port P] [--workers N]
fazhi demo [--password P]
fazhi audit verify | seal
fazhi calendar check [--year Y] | add START DAYS [--working] | import FILE.txt|.ics|.xlsx [--year Y] [--confirm]
fazhi report annual --year Y [--format json|docx|pdf|html] [-o FILE]
fazhi report backfill-pdfs [--user NAME]
fazhi import KIND FILE.xlsx | export KIND FILE.xlsx
"""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_xlsx", "export": "export_xlsx"}


def serve(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="fazhi serve", description="启动 Web 服务（gunicorn）")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "2"))
    args = parser.parse_args(argv)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "fazhi.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "120",
    ]
    print(f"fazhi 已启动：http://{args.host}:{args.port}/", flush=True)
    worker = _start_job_worker()
    try:
        run()
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except Exception:
                worker.kill()
    return 0


def _start_job_worker() -> object | None:
    """The django-q2 cluster that runs imports, as a child of ``fazhi serve`` (stopped with it).
    In production systemd runs it instead (docs/deploy.md); FAZHI_JOB_WORKER=0 turns this off."""
    if os.environ.get("FAZHI_JOB_WORKER", "1") == "0":
        return None
    import subprocess

    return subprocess.Popen([sys.executable, "-m", "fazhi.cli", "qcluster"])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    if argv[0] == "serve":
        return serve(argv[1:])
    from django.core.management import execute_from_command_line

    command = ALIASES.get(argv[0], argv[0])
    execute_from_command_line(["fazhi", command, *argv[1:]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
