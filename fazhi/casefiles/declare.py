"""What a case module declares to get documents, service records and a case file (docs/modules.md).

::

    CASEFILES = CaseFiles(
        model=ReconsiderationCase, scoped=selectors.cases_for, detail="reconsideration:case_detail",
        kinds=[DocumentKind("acceptance_notice", "受理通知书", "{abbr}复受〔{year}〕{seq}号", build, ...)],
        attachments=attachment_entries, closed=lambda case: case.status in CLOSED, issuer_roles={"bureau"})

and names it in its manifest: ``case_files = "fazhi.reconsideration.casefiles.CASEFILES"``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Letter:
    """The content of one document: what the template fills in (GB/T 9704: 标题, 发文字号, 主送, 正文, 落款).

    ``sections`` are (heading, paragraphs): a heading "" prints the paragraphs alone; ``fields`` are extra
    names an administrator's replaced template may use (e.g. ``applicant``)."""

    recipient: str
    sections: list[tuple[str, list[str]]]
    fields: dict[str, Any] = field(default_factory=dict)
    cc: str = ""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document a module issues. ``build(case, data) -> Letter`` reads the case (and the
    optional ``data``: a hearing's date, a reason) and raises ``ValidationError`` (Chinese) when the case
    is not at the step the document belongs to. ``served(case, service, actor, request)`` runs when the
    document's service is recorded: the step whose period runs from the other side's receipt (e.g.
    ``serve_correction``), through the module's workflow."""

    code: str
    title: str
    number_pattern: str
    build: Callable[[Any, dict[str, Any]], Letter]
    order: int
    served: Callable[[Any, Any, Any, Any], None] | None = None
    recipient_label: str = "受送达人"
    # Served on the respondent unit (提出答复通知书): once served, its clerk answers on the respond page.
    to_respondent: bool = False
    # Published on the portal after the office's check (行政复议决定书), natural persons' names masked.
    publishable: bool = False


@dataclass(frozen=True)
class FileEntry:
    """An item of the case file that is not a generated document (an uploaded attachment)."""

    order: int
    title: str
    on: date | None
    filename: str
    open: Callable[[], bytes]
    url: str = ""


@dataclass(frozen=True)
class Respondent:
    """The respondent side of a case (issue 15 item 7): what the respondent unit's clerk may see of the
    case and how its answer is recorded.

    ``summary(case) -> [(label, text)]``: shown on the respond page (a party's ID number masked by the
    module, always); ``answered_on(case)``: the answer date the case holds (None: still to answer);
    ``pending``: a ``Q`` of the cases still waiting for an answer; ``answer(case, files, on, actor,
    request)`` stores the files (``[(kind, upload)]``, kind ``answer`` or ``evidence``) and runs the
    module's own answer step (e.g. ``record_answer``), in the platform's transaction."""

    summary: Callable[[Any], list[tuple[str, str]]]
    answered_on: Callable[[Any], date | None]
    pending: Any
    answer: Callable[[Any, list[tuple[str, Any]], date, Any, Any], None]


@dataclass
class CaseFiles:
    model: type
    scoped: Callable[[Any], Any]  # user -> the records they may read (404 outside)
    detail: str  # URL name of the record's detail page ("reconsideration:case_detail")
    kinds: list[DocumentKind]
    closed: Callable[[Any], bool]  # may be archived
    issued_on: Callable[[Any], date | None] = lambda case: None
    attachments: Callable[[Any], Iterable[FileEntry]] = lambda case: ()
    issuer_roles: frozenset[str] = frozenset({"bureau"})
    # The unit that issues the documents, named on them; default: the numbering government.
    issuer: Callable[[Any], Any] | None = None
    respondent: Respondent | None = None
    # The natural persons a published document must not name: (name, ID number, phone) of each; default:
    # the ``parties`` of kind 自然人.
    persons: Callable[[Any], list[tuple[str, str, str]]] | None = None
    # 履行监督: a concluded case whose decision orders the respondent to act (责令履行, 撤销并责令重作 …).
    orders_action: Callable[[Any], bool] | None = None
    label: str = ""  # filled from the manifest: the module's label, URL namespace and audit prefix
    mount: str = ""
    module: str = ""  # the declaring Python module (its views are the module's own)

    def kind(self, code: str) -> DocumentKind | None:
        return next((k for k in self.kinds if k.code == code), None)

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
        return [(k.code, k.title) for k in self.kinds]
