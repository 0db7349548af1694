"""The bulk import is guarded by the model's validations and the database's invariants (issue 10 item 7)."""

from __future__ import annotations

from typing import Any

import pytest

from fazhi.reconsideration import imports, rules
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.tests.test_import import _row, _xlsx

pytestmark = pytest.mark.django_db


def test_a_historical_extension_imports_without_an_approval_date(
    bureau: Any, police: Any, tmp_path: Any
) -> None:
    path = tmp_path / "ext.xlsx"
    path.write_bytes(_xlsx([_row(extension_days=rules.MAX_EXTENSION_DAYS)]))
    result = imports.import_file(path, bureau)
    assert result.ok, result.errors
    case = ReconsiderationCase.objects.get()
    assert case.extension_days == rules.MAX_EXTENSION_DAYS and case.extended_on is None
    assert case.numbering_government == police.government


def test_a_row_breaking_a_model_constraint_is_refused_with_its_message_and_nothing_is_written(
    bureau: Any, police: Any, tmp_path: Any
) -> None:
    """The check step evaluates the model's own CHECK constraints (here the extension range of 行政复议法
    Art 62) on every row, so the row is named with the constraint's Chinese message before anything is
    written. (Replaces a test of the old importer's separate ``validate``/``import_rows`` steps.)"""
    path = tmp_path / "ext.xlsx"
    path.write_bytes(_xlsx([_row(), _row(applicant="李四", extension_days=rules.MAX_EXTENSION_DAYS + 1)]))
    result = imports.import_file(path, bureau)
    constraint = next(c for c in ReconsiderationCase._meta.constraints if c.name.endswith("extension_range"))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "延长天数", str(constraint.violation_error_message))
    ]
    assert result.created == 0 and not ReconsiderationCase.objects.exists()
