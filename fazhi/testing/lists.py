"""Read a list three ways — page (through every keyset page), API (through every cursor) and Excel
export — so a test can prove one filter declaration gives the same records everywhere."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

NEXT_PAGE = re.compile(r'href="(\?[^"]*cursor=[^"]+)" data-testid="next-page"')


def _url(base: str, params: Mapping[str, Any] | str) -> str:
    query = params if isinstance(params, str) else urlencode(params, doseq=True)
    return f"{base}?{query}" if query else base


def page_keys(client: Client, list_url: str, params: Mapping[str, Any] | str, row: str) -> set[str]:
    """Every row key on the list page (``row``: a regex with one group, e.g. ``data-case-id="(\\d+)"``)."""
    keys: set[str] = set()
    url = _url(list_url, params)
    while url:
        resp = client.get(url)
        assert resp.status_code == 200, resp.status_code
        html = resp.content.decode()
        keys |= set(re.findall(row, html))
        m = NEXT_PAGE.search(html)
        url = (list_url + m.group(1).replace("&amp;", "&")) if m else ""
    return keys


def api_keys(client: APIClient, api_url: str, params: Mapping[str, Any] | str, key: str = "id") -> set[str]:
    """Every record's ``key`` from the API list, following ``next``."""
    keys: set[str] = set()
    url: str | None = _url(api_url, params)
    while url:
        resp = client.get(url)
        assert resp.status_code == 200, resp.content
        body = resp.json()
        keys |= {str(r[key]) for r in body["results"]}
        url = body.get("next")
    return keys


def export_keys(client: Client, export_url: str, params: Mapping[str, Any] | str, column: str) -> set[str]:
    """The values of the export's ``column`` (by header) for the filtered list."""
    resp = client.get(_url(export_url, params))
    assert resp.status_code == 200, resp.status_code
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    wb = load_workbook(io.BytesIO(body), read_only=True)
    ws = wb["数据"] if "数据" in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    at = header.index(column)
    return {str(r[at]) for r in rows if r and r[at] is not None}
