"""FIGURES.md: the demo county reproduces every seed figure of the installed modules, through the same
code that counts real records (`fazhi demo` then `fazhi report annual --year 2019 --format json`)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.reports.figures import providers

SEED = json.loads((Path(__file__).parent / "seed_2019.json").read_text(encoding="utf-8"))
SEED.pop("_source")
FIGURES_MD = Path(settings.BASE_DIR).parent / "shared" / "FIGURES.md"


def _seed_column(text: str) -> dict[str, float]:
    values = {}
    for key, last in re.findall(r"^\| `([a-z_.]+)` \|.*\| ([^|]+) \|$", text, re.M):
        number = re.match(r"\s*([0-9]+(?:\.[0-9]+)?)", last)
        if number:
            values[key] = float(number.group(1))
    return values


def test_committed_seed_values_match_figures_md_where_present() -> None:
    installed = {p.module for p in providers()}
    assert {k.split(".")[0] for k in SEED} <= installed
    if FIGURES_MD.exists():  # the shared spec lies beside the clone on developer machines and in CI
        spec = _seed_column(FIGURES_MD.read_text(encoding="utf-8"))
        for key, value in SEED.items():
            assert spec[key] == pytest.approx(value), key
        missing = {k for k in spec if k.split(".")[0] in installed} - set(SEED)
        assert not missing, f"seed figures of installed modules not checked: {missing}"


@pytest.mark.django_db
def test_demo_reproduces_the_seed_report() -> None:
    call_command("demo", "--password", "Seed#2019x", stdout=io.StringIO())
    out = io.StringIO()
    call_command("report", "annual", "--year", "2019", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2019 and data["scope"] == "示例市人民政府"
    for key, value in SEED.items():
        assert data["figures"][key] == value, key
