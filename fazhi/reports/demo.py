"""Demo: a 2019 draft annual report of the demo government (``gov``), prefilled from the demo records of
whatever modules are installed, with narrative paragraphs laid out like a real report (our own wording).
Idempotent: an existing report is left as it is."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from fazhi.core.registry import registry
from fazhi.orgs.models import OrgUnit, User

from .compose import figure_paragraphs, renumber, with_ordinals
from .models import AnnualReport, SectionVersion
from .roles import ensure_reviewer_group
from .selectors import live_figures

DEMO_YEAR = 2019

MEASURES_HEAD = """（一）坚持统筹谋划，法治建设保障更加有力
一是健全领导体制。组建市委全面依法治市委员会及其办公室，明确各成员单位职责分工，把法治政府建设纳入全市经济社会发展总体布局统一部署、统一考核。
二是压实工作责任。年初印发法治政府建设工作要点，逐项明确牵头单位和完成时限；年中开展专项督查，年底组织考核评估，推动各项任务按期落地。
（二）坚持依法决策，制度体系建设更加完善
一是规范重大行政决策。编制并公布年度重大行政决策事项目录，落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定等法定程序。
二是加强规范性文件管理。落实规范性文件统一登记、统一编号、统一发布制度，开展规范性文件全面清理，对不符合上位法规定的文件及时废止或宣布失效。
（三）坚持源头治理，行政争议化解更加有效"""

SHORTCOMINGS = """一是法治思维仍需强化。少数领导干部运用法治思维和法治方式解决问题的能力有待提高，个别单位对法律顾问意见重视不够，负责人出庭应诉的主动性仍需增强。
二是执法规范化水平仍需提升。基层执法中仍存在程序不够严谨、文书制作不够规范、裁量尺度不够统一等问题。
三是法治工作力量仍显薄弱。随着涉法事务不断增多，部分部门和乡镇（街道）法制审核人员配备不足，专业能力与工作要求还有差距。"""

LEADERS = """（一）市委主要负责人切实履行推进法治建设第一责任人职责。主持召开市委全面依法治市委员会会议，研究部署年度法治建设重点任务；带头在市委常委会会议上学习宪法和法律法规；对降低行政诉讼败诉率、落实行政机关负责人出庭应诉制度等工作作出批示。
（二）市政府主要负责人切实履行推进法治政府建设第一责任人职责。主持召开法治政府建设工作领导小组会议，听取年度工作情况汇报；主持市政府常务会议会前学法；对重大行政决策合法性审查、行政复议规范化建设等工作提出明确要求。"""

PLANS = """（一）持续加强统筹协调。完善法治政府建设考核评价体系，加大督察力度，推动基层依法治理向纵深发展。
（二）持续完善依法决策机制。严格执行重大行政决策程序，提高规范性文件制定质量，全面落实合法性审查制度。
（三）持续深化数字赋能。推进法治政府建设数字化应用，促进政务公开，以法治方式持续优化营商环境。
（四）持续规范行政执法。深化综合行政执法改革，全面落实行政执法三项制度，加强重点领域执法监督。
（五）持续推进争议化解。发挥行政复议化解行政争议主渠道作用，严格执行败诉责任调查制度，推动行政诉讼案件数量和败诉率双下降。"""


def _set(report: AnnualReport, code: str, text: str, actor: Any) -> None:
    section = report.sections.get(code=code)
    section.text = text
    section.version += 1
    section.save(update_fields=["text", "version"])
    SectionVersion.objects.create(
        section=section, number=section.version, title=section.title, text=text, saved_by=actor
    )


@transaction.atomic
def load(stdout: Any = None) -> AnnualReport | None:
    from .services import _create

    group = ensure_reviewer_group()
    bureau = User.objects.filter(username="bureau").first()
    # 保密审查 must be passed by someone other than the submitter: the demo bureau account reviews
    # reports others submit, and the leader reviews those the bureau submits.
    for reviewer in User.objects.filter(username__in=["bureau", "leader"]):
        reviewer.groups.add(group)
    gov = OrgUnit.objects.filter(code="gov").first()
    if gov is None:
        return None
    report = AnnualReport.objects.filter(org=gov, year=DEMO_YEAR).first()
    if report is not None:
        return report
    report = _create(actor=bureau, org=gov, year=DEMO_YEAR)
    report.planned_publication_on = date(DEMO_YEAR + 1, 3, 23)
    report.save(update_fields=["planned_publication_on"])
    paragraphs = figure_paragraphs(live_figures(report))
    # What the modules write from their records (section 三 from the duty records, suggestions for 二 …)
    # goes into the demo draft as it goes into any draft; the hand-written text fills what no module writes.
    lines = {
        code: registry.report_lines(code, DEMO_YEAR, gov)
        for code in ("measures", "shortcomings", "leaders", "plans")
    }
    _set(report, "measures", renumber("\n".join([MEASURES_HEAD, *paragraphs, *lines["measures"]])), bureau)
    _set(
        report,
        "shortcomings",
        "\n".join(with_ordinals([*lines["shortcomings"], *SHORTCOMINGS.splitlines()])),
        bureau,
    )
    _set(report, "leaders", "\n".join(lines["leaders"]) or LEADERS, bureau)
    _set(report, "plans", "\n".join(lines["plans"]) or PLANS, bureau)
    if stdout is not None:
        stdout.write(f"  已生成{DEMO_YEAR}年度法治政府建设年度报告草稿")
    return report
