"""Fill a DOCX template (docxtpl) with a document's content: the government's newest template for the
kind, else its general one, else the shipped default (``docx/default.docx``, GB/T 9704 layout)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from fazhi.core.dates import cn_date

from .declare import Letter
from .models import DocumentTemplate

DEFAULT = Path(__file__).resolve().parent / "docx" / "default.docx"

#: The names a template may use (shown on the template page).
CONTEXT_HELP = {
    "issuer": "发文机关",
    "signature": "落款署名（本级政府设置的署名；文书由其他机关制作时为该机关名称）",
    "seal_text": "印章文字（本级政府设置；未设置时为空）",
    "title": "文书名称",
    "number": "文号",
    "recipient": "主送／受送达人",
    "sections": "正文各部分：s.heading 小标题，s.paragraphs 段落",
    "issued_on_cn": "落款日期（2024年3月1日）",
    "cc": "抄送",
    "fields": "该文书的其他字段（如 fields.applicant）",
}


def template_for(government: Any, kind: str) -> DocumentTemplate | None:
    rows = DocumentTemplate.objects.filter(government=government, kind__in=(kind, "")).order_by(
        "-version", "-id"
    )
    found = {t.kind: t for t in reversed(list(rows))}
    return found.get(kind) or found.get("")


def context(
    *,
    issuer: str,
    title: str,
    number: str,
    issued_on: date,
    letter: Letter,
    signature: str = "",
    seal_text: str = "",
) -> dict[str, Any]:
    return {
        "issuer": issuer,
        "signature": signature or issuer,
        "seal_text": seal_text,
        "title": title,
        "number": number,
        "recipient": letter.recipient,
        "sections": [{"heading": h, "paragraphs": list(ps)} for h, ps in letter.sections],
        "issued_on": issued_on,
        "issued_on_cn": cn_date(issued_on),
        "cc": letter.cc,
        "fields": dict(letter.fields),
    }


def closing_of(issuer: Any, government: Any) -> dict[str, str]:
    """署名 and 印章文字 of a document issued by ``issuer``: the government's own settings (issue 16 item 2,
    ``orgs.GovernmentSettings``) when the government itself issues it; another organ signs with its name."""
    from fazhi.orgs.gov_settings import settings_for

    if issuer.pk != government.pk:
        return {"signature": issuer.name, "seal_text": ""}
    own = settings_for(government)
    return {"signature": own.signature or issuer.name, "seal_text": own.seal_text}


def render(source: bytes | Path, values: dict[str, Any]) -> bytes:
    """The filled DOCX; a broken replacement template is a Chinese error, never a 500."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        doc = DocxTemplate(stream)
        doc.render(values, autoescape=True)
        out = io.BytesIO()
        doc.save(out)
    except TemplateError as e:
        raise ValidationError(f"文书模板有误，无法生成：{e}") from None
    except Exception:
        raise ValidationError("文书模板不是可用的 DOCX 模板文件，请重新上传或删除该版本") from None
    return out.getvalue()


def source_of(template: DocumentTemplate | None) -> bytes | Path:
    if template is None:
        return DEFAULT
    with template.file.open("rb") as f:
        return f.read()


SAMPLE = Letter(recipient="张三", sections=[("一、示例", ["示例段落。"])], fields={}, cc="")


def check_template(data: bytes) -> None:
    """An uploaded template must render the sample document (jinja syntax, DOCX structure)."""
    render(
        data,
        context(
            issuer="示例市人民政府",
            signature="示例市人民政府",
            seal_text="示例市人民政府",
            title="示例",
            number="示〔2024〕1号",
            issued_on=date(2024, 1, 2),
            letter=SAMPLE,
        ),
    )
