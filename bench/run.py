"""Run every benchmark in bench/ (each prints its own ratios). Speed is measured here, never in tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
scripts = sorted(p for p in here.glob("*.py") if p.name not in {"run.py", "common.py"})
failed = 0
for script in scripts:
    print(f"== {script.name} ==", flush=True)
    failed |= subprocess.call([sys.executable, str(script), *sys.argv[1:]])
sys.exit(failed)
