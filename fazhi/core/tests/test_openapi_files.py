"""``manage.py openapi``: writes one document per module plus the platform's and the combined one, and
``--check`` fails naming the stale file with its diff (issue 10 item 8)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from fazhi.core import openapi


def test_write_then_check_finds_a_stale_module_file(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.BASE_DIR = tmp_path
    (tmp_path / "docs").mkdir()
    call_command("openapi", "--write", stdout=io.StringIO())
    written = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.yaml")}
    modules = {f"openapi/{m.label}.yaml" for m in openapi.committed_modules()}
    assert {"openapi.yaml", "openapi/platform.yaml", "openapi/reconsideration.yaml"} <= written
    assert written - {"openapi.yaml", "openapi/platform.yaml"} <= modules
    recon = tmp_path / "docs" / "openapi" / "reconsideration.yaml"
    doc = yaml.safe_load(recon.read_text(encoding="utf-8"))
    assert doc["paths"] and all(p.startswith("/api/v1/reconsideration/") for p in doc["paths"])
    out = io.StringIO()
    call_command("openapi", "--check", stdout=out)
    assert "均为最新" in out.getvalue()

    recon.write_text(recon.read_text(encoding="utf-8").replace("受理", "收下", 1), encoding="utf-8")
    (tmp_path / "docs" / "openapi" / "gone.yaml").write_text("openapi: 3.0.3\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 个 OpenAPI 文件已过期") as exc:
        call_command("openapi", "--check", stdout=out)
    assert "docs/openapi/reconsideration.yaml" in str(exc.value) and "docs/openapi/gone.yaml" in str(
        exc.value
    )
    assert "-" in out.getvalue() and "收下" in out.getvalue() and "+" in out.getvalue()
    call_command("openapi", "--write", stdout=io.StringIO())
    assert not (tmp_path / "docs" / "openapi" / "gone.yaml").exists()
    call_command("openapi", "--check", stdout=io.StringIO())
