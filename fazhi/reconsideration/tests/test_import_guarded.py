"""The bulk import is guarded by the model's validations and the database's invariants (issue 10 item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

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


def test_a_row_the_checks_let_through_is_refused_by_the_model_and_nothing_is_written(
    bureau: Any, police: Any, tmp_path: Any
) -> None:
    """A row the file checks pass but the model refuses (here an outcome code unknown to the model, as a
    bug in the checks would let through) stops the whole batch with a Chinese message naming the row."""
    path = tmp_path / "ok.xlsx"
    path.write_bytes(_xlsx([_row(), _row(applicant="李四")]))
    result = imports.validate(path, bureau)
    assert result.ok
    result.rows[1]["outcome"] = "overturned"
    with pytest.raises(ValidationError) as exc:
        imports.import_rows(result, bureau)
    assert f"第{result.rows[1]['_row']}行" in exc.value.messages[0]
    assert not ReconsiderationCase.objects.exists()
