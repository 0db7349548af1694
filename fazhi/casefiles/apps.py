"""案卷 (case files): the platform app that writes a case's documents (文书), records their service (送达),
indexes the case file (卷宗) and archives it (归档). A platform app like core/orgs/audit, not a domain
module: any case module declares what it needs (``ModuleConfig.case_files``), nothing is copied."""

from __future__ import annotations

from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "fazhi.casefiles"
    label = "casefiles"
    verbose_name = "案卷与文书"

    def ready(self) -> None:
        from fazhi.core import actions

        from .approvals import use_approval
        from .archive import archived_refusal

        # An archived case is read-only on every path that runs a transition (pages, API, import, jobs).
        actions.add_write_guard(archived_refusal)
        # A step the law reserves to the head runs on the head's approval only, on every path.
        actions.add_approval_check(use_approval)
