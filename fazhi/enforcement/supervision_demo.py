"""Demo 执法监督 of 2019 (``demo.load``): a few evaluations, complaints and notices written through the
services and steps (every rule and audit event as in use), each kind with one left overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.core.actions import TRUSTED, run
from fazhi.core.pii import make_id_card

from . import supervision_services as ss
from .models import EnforcementAction, EnforcementBody
from .supervision_actions import COMPLAINT_WORKFLOW, NOTICE_WORKFLOW, REVIEW_WORKFLOW

REVIEWS = [  # (evaluation date, score, rectification due, rectified on)
    (date(2019, 6, 14), 92, None, None),
    (date(2019, 9, 20), 78, date(2019, 10, 31), date(2019, 10, 25)),
    (date(2019, 11, 22), 65, date(2019, 12, 20), None),  # rectification overdue
]
COMPLAINTS = [  # (received, handled)
    (date(2019, 3, 4), date(2019, 3, 29)),
    (date(2019, 5, 6), date(2019, 6, 10)),
    (date(2019, 8, 12), date(2019, 10, 31)),  # handled late
    (date(2019, 11, 4), None),  # overdue
]
NOTICES = [  # (kind, issued, replied)
    ("opinion", date(2019, 4, 8), date(2019, 4, 30)),
    ("suggestion", date(2019, 7, 1), date(2019, 7, 19)),
    ("opinion", date(2019, 11, 11), None),  # reply overdue
]


def load(bodies: list[EnforcementBody]) -> int:
    """Written by the system (``actor=None``); ``bodies``: published bodies with decisions in 2019."""
    n = 0
    for i, (on, score, due, done) in enumerate(REVIEWS):
        body = bodies[i % len(bodies)]
        sampled = list(EnforcementAction.objects.filter(body=body, decided_on__year=2019).order_by("id")[:3])
        if not sampled:
            continue
        r = ss.create_case_review(
            actor=None,
            data={
                "body": body.pk,
                "title": f"2019年度行政执法案卷评查（第{i + 1}批）",
                "reviewer": "司法局执法监督科",
                "started_on": on.replace(day=1),
                "actions": [a.pk for a in sampled],
            },
        )
        problems = "文书说理不充分；证据目录不完整" if due else ""
        data: dict[str, Any] = {"date": on, "score": score, "problems_found": problems, "rectify_due": due}
        r = run(REVIEW_WORKFLOW, "conclude", r, actor=None, data=data, version=TRUSTED)
        if done:
            data = {"date": done, "rectification": "已补正文书并完善证据目录"}
            run(REVIEW_WORKFLOW, "rectify", r, actor=None, data=data, version=TRUSTED)
        n += 1
    for i, (received, handled) in enumerate(COMPLAINTS):
        party = {
            "kind": "person",
            "name": f"投诉人{i + 1}",
            "id_number": make_id_card("330381", date(1975, 3, 1), 40 + i),
        }
        c = ss.create_complaint(
            actor=None,
            data={
                "body": bodies[i % len(bodies)].pk,
                "received_on": received,
                "summary": "反映执法人员未出示执法证件、未告知陈述申辩权利",
                "parties": [party],
            },
        )
        if handled:
            data = {"date": handled, "result": "经核查，责令执法主体改正并向投诉人说明情况"}
            run(COMPLAINT_WORKFLOW, "handle", c, actor=None, data=data, version=TRUSTED)
        n += 1
    for i, (kind, issued, replied) in enumerate(NOTICES):
        notice = ss.create_notice(
            actor=None,
            data={
                "body": bodies[i % len(bodies)].pk,
                "kind": kind,
                "number": f"示司执监〔2019〕{i + 1}号",
                "issued_on": issued,
                "content": "执法决定公示不及时，请限期整改并书面回复",
            },
        )
        if replied:
            data = {"date": replied, "reply": "已完成整改，建立公示台账"}
            run(NOTICE_WORKFLOW, "reply", notice, actor=None, data=data, version=TRUSTED)
        n += 1
    return n
