"""Pages of 行政协议, declared (``fazhi.core.pages.RecordPages``): list, detail (with its legality reviews
and the 提交合法性审查 form), 登记 and the transitions' forms."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fazhi.core.dates import today
from fazhi.core.pages import RecordPages

from . import contract_selectors as selectors
from .contract_actions import CONTRACT_WORKFLOW
from .contract_filters import ContractFilterSet
from .contract_forms import ContractForm
from .contract_services import create_contract
from .models import ReviewStatus, SubjectKind


def _reviews(request: HttpRequest, c: Any) -> dict[str, Any]:
    reviews = selectors.reviews_of(request.user, c)
    pending = any(r.status != ReviewStatus.CONCLUDED for r in reviews)
    return {
        "reviews": reviews,
        # 提交合法性审查: posts to the review desk's own create page (services.create_review)
        "can_submit_review": request.user.can_write_business and not pending,
        "review_kind": SubjectKind.CONTRACT,
        "today": today(),
    }


pages = RecordPages(
    "decisions",
    "contract",
    selectors.contracts_for,
    selectors.with_related,
    ContractFilterSet,
    CONTRACT_WORKFLOW,
    form=ContractForm,
    create=create_contract,
    created="已登记行政协议 {number}",
    context_name="c",
    extra=_reviews,
    # the contract suite reads ``name`` as a step of the module's WORKFLOW (the decision's)
    step_param="step",
)
contract_list, contract_detail, contract_create, contract_action = pages.views()
