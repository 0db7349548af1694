"""The declared case files, read from the manifests (``ModuleConfig.case_files``) once the apps are loaded."""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from .declare import CaseFiles


@cache
def declared() -> dict[str, CaseFiles]:
    from fazhi.core.modules import installed

    out: dict[str, CaseFiles] = {}
    for config in installed():
        path = getattr(config, "case_files", "")
        if not path:
            continue
        cf: CaseFiles = import_string(path)
        cf.label, cf.mount, cf.module = config.label, config.mount, path.rsplit(".", 1)[0]
        out[config.label] = cf
    return out


def for_label(label: str) -> CaseFiles:
    return declared()[label]


def for_record(obj: object) -> CaseFiles | None:
    return next((cf for cf in declared().values() if isinstance(obj, cf.model)), None)
