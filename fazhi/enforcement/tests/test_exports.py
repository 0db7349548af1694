"""Excel of the decision list: the body by name and the decision's problems by label, as the list shows them
(``core.exports.field`` and ``joined``), read back with openpyxl."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.enforcement.models import ActionProblem
from fazhi.enforcement.tests import factories as f
from fazhi.enforcement.tests.test_supervision_exports import read_sheet

pytestmark = pytest.mark.django_db


def test_decision_export_names_body_and_problems(bureau, units) -> None:  # type: ignore[no-untyped-def]
    b = f.body(bureau, units["d01"], "执法主体d01")
    flagged = f.action(bureau, b, "罚1", date(2019, 5, 6))  # a penalty without two officers
    f.action(bureau, b, "许1", date(2019, 5, 7), action_type="license")
    labels = [p.get_code_display() for p in ActionProblem.objects.filter(record=flagged).order_by("code")]
    assert labels  # the export has something to join

    rows = read_sheet(bureau, "/enforcement/export/")
    header = rows[0]
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["罚1"][header.index("执法主体")] == "执法主体d01"
    assert by_number["罚1"][header.index("问题")] == "、".join(labels)
    assert by_number["许1"][header.index("问题")] in ("", None)
