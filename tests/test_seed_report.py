"""FIGURES.md: the demo county reproduces every seed figure of the installed modules, through the same
code that counts real records (`fazhi demo` then `fazhi report annual --year 2019 --format json`).

FIGURES.md (the shared spec) is the source of the expectations; ``tests/seed_2019.json`` is its committed
copy for the installed modules. The spec must be readable: a missing file or a missing key is a failure,
never a silently passing test."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from fazhi.reports.figures import providers

SEED = json.loads((Path(__file__).parent / "seed_2019.json").read_text(encoding="utf-8"))
SEED.pop("_source")
# An empty copy would let every loop below pass without checking anything.
assert len(SEED) >= 10, "tests/seed_2019.json 中的种子指标过少或为空"


class SpecUnreadable(AssertionError):
    """FIGURES.md cannot give the expectations (file missing, no seed column, key absent)."""


def figures_md_path() -> Path:
    """``$FAZHI_SHARED_DIR/FIGURES.md``, else ``shared/FIGURES.md`` beside the clone (CI: ../shared) or
    beside a folder that holds it (a git worktree in /work/wt/<name> finds /work/shared)."""
    env = os.environ.get("FAZHI_SHARED_DIR")
    if env:
        return Path(env) / "FIGURES.md"
    clone = Path(settings.BASE_DIR)
    for folder in clone.parents:
        candidate = folder / "shared" / "FIGURES.md"
        if candidate.exists():
            return candidate
    return clone.parent / "shared" / "FIGURES.md"


def seed_column(text: str) -> dict[str, float]:
    """The seed value of every key whose last table column starts with a number ("146 (…)", "近260")."""
    values = {}
    for key, last in re.findall(r"^\| `([a-z_.<>]+)` \|.*\| ([^|]+) \|\s*$", text, re.M):
        number = re.match(r"\s*[^0-9—]{0,2}?([0-9]+(?:\.[0-9]+)?)", last)
        if number:
            values[key] = float(number.group(1))
    return values


def approximate(text: str) -> set[str]:
    """Keys whose seed cell says 近N ("nearly N"): the report gives no exact number, the demo a little under."""
    return {
        k for k, last in re.findall(r"^\| `([a-z_.<>]+)` \|.*\| ([^|]+) \|\s*$", text, re.M) if "近" in last
    }


#: How far under N a "近N" seed may lie (近260: 255–260).
NEARLY = 0.98


def more_than(text: str) -> set[str]:
    """Keys whose seed cell says N多 ("N-odd": 200多名 is 200–299): the demo gives one such number."""
    return {
        k for k, last in re.findall(r"^\| `([a-z_.<>]+)` \|.*\| ([^|]+) \|\s*$", text, re.M) if "多" in last
    }


def odd_range(n: float) -> tuple[float, float]:
    """200多 → [200, 300): N up to the next step of its leading digit."""
    return n, n + 10 ** (len(str(int(n))) - 1)


def expectations(text: str, keys: list[str]) -> dict[str, float]:
    """The seed values of ``keys`` from FIGURES.md text; raises ``SpecUnreadable`` for a key it lacks."""
    spec = seed_column(text)
    if not spec:
        raise SpecUnreadable("FIGURES.md 中没有找到任何带种子值的指标（表格格式变了？）")
    missing = [k for k in keys if k not in spec]
    if missing:
        raise SpecUnreadable(f"FIGURES.md 中缺少这些指标的种子值：{missing}")
    return {k: spec[k] for k in keys}


def read_spec() -> str:
    path = figures_md_path()
    if not path.exists():
        raise SpecUnreadable(f"找不到 FIGURES.md（{path}）：CI 中 shared/ 应位于仓库旁边（../shared）")
    return path.read_text(encoding="utf-8")


def test_committed_seed_values_match_figures_md() -> None:
    installed = {p.module for p in providers()}
    assert SEED, "tests/seed_2019.json 没有种子指标"
    assert {k.split(".")[0] for k in SEED} <= installed
    text = read_spec()
    spec = expectations(text, list(SEED))
    nearly, odd = approximate(text), more_than(text)
    for key, value in SEED.items():
        if key in nearly:
            assert spec[key] * NEARLY <= value <= spec[key], key
        elif key in odd:
            low, high = odd_range(spec[key])
            assert low <= value < high, key
        else:
            assert spec[key] == pytest.approx(value), key
    missing = {k for k in seed_column(text) if k.split(".")[0] in installed} - set(SEED)
    assert not missing, f"seed figures of installed modules not checked: {missing}"


def test_the_seed_counts_accepted_not_received() -> None:
    """FIGURES.md: the seed's 「受理复议申请146件」 is reconsideration.accepted; received has no seed value."""
    spec = seed_column(read_spec())
    assert spec["reconsideration.accepted"] == 146
    assert "reconsideration.received" not in spec and "reconsideration.received" not in SEED


CRAFTED = """| key | definition | seed 2019 |
|---|---|---|
| `reconsideration.received` | applications received | — (the seed gives 受理 only) |
| `reconsideration.accepted` | cases accepted | 146 ("全年共受理复议申请146件") |
| `decisions.legality_reviewed` | reviews | 近260 |
| `litigation.loss_rate` | lost / concluded | 0.0873 |
"""


def test_spec_parsing_reads_seed_values_and_fails_on_an_absent_key() -> None:
    assert seed_column(CRAFTED) == {
        "reconsideration.accepted": 146,
        "decisions.legality_reviewed": 260,
        "litigation.loss_rate": 0.0873,
    }
    assert expectations(CRAFTED, ["reconsideration.accepted"]) == {"reconsideration.accepted": 146}
    assert approximate(CRAFTED) == {"decisions.legality_reviewed"}
    with pytest.raises(SpecUnreadable, match="reconsideration.received"):
        expectations(CRAFTED, ["reconsideration.accepted", "reconsideration.received"])
    with pytest.raises(SpecUnreadable):
        expectations("# FIGURES.md without tables", ["reconsideration.accepted"])


def test_a_missing_figures_md_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAZHI_SHARED_DIR", str(tmp_path))
    with pytest.raises(SpecUnreadable, match="找不到 FIGURES.md"):
        read_spec()
    (tmp_path / "FIGURES.md").write_text(CRAFTED, encoding="utf-8")
    assert "reconsideration.accepted" in read_spec()


@pytest.mark.django_db
def test_demo_reproduces_the_seed_report() -> None:
    call_command("demo", "--password", "Seed#2019x", stdout=io.StringIO())
    out = io.StringIO()
    call_command("report", "annual", "--year", "2019", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2019 and data["scope"] == "示例市人民政府"
    assert SEED, "tests/seed_2019.json 没有种子指标"
    for key, value in SEED.items():
        assert data["figures"][key] == value, key
    # received and accepted are different figures (FIGURES.md); received ≥ accepted.
    assert data["figures"]["reconsideration.received"] > data["figures"]["reconsideration.accepted"]
