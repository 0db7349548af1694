"""External anchors of the audit chain: the newest seal (sequence number + hash), signed with
HMAC-SHA256 under a key the database does not hold, appended as one line to a file outside the
database (issue 8, item 4a).

A DBA who can bypass the triggers can rewrite events and recompute every hash after them, delete
the newest events, or TRUNCATE the table; the chain alone then still looks whole. The anchors fix
points of the chain outside their reach: ``fazhi audit verify`` compares the chain with every
anchor and fails when a signed point is missing or has a different hash.

Key: ``FAZHI_AUDIT_ANCHOR_KEY`` (production sets it, docs/deploy.md), else a random key created with
mode 0600 in ``FAZHI_AUDIT_ANCHOR_KEY_FILE`` (default FAZHI_DATA_DIR/audit-anchor.key) on first use.
File: ``FAZHI_AUDIT_ANCHOR_FILE`` (default FAZHI_DATA_DIR/audit-anchors.log), opened append-only.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Anchor:
    line: int
    seq: int
    hash: str
    at: str


class AnchorFileError(Exception):
    """The anchor file itself was tampered with (a line whose signature does not verify)."""


def anchor_path() -> Path:
    configured = getattr(settings, "FAZHI_AUDIT_ANCHOR_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchors.log"


def _key_path() -> Path:
    configured = getattr(settings, "FAZHI_AUDIT_ANCHOR_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-anchor.key"


def anchor_key() -> bytes:
    configured = getattr(settings, "FAZHI_AUDIT_ANCHOR_KEY", "")
    if configured:
        return str(configured).encode()
    path = _key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def _body(seq: int, hash_: str, at: str) -> str:
    return json.dumps({"at": at, "hash": hash_, "seq": seq}, sort_keys=True, separators=(",", ":"))


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def write_anchor(seq: int, hash_: str) -> Anchor:
    """Append one signed line ``{"at","hash","seq","mac"}``; the file is only ever appended to."""
    at = timezone.now().isoformat(timespec="seconds")
    body = _body(seq, hash_, at)
    line = json.dumps(
        {"at": at, "hash": hash_, "seq": seq, "mac": _mac(anchor_key(), body)},
        sort_keys=True,
        separators=(",", ":"),
    )
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return Anchor(0, seq, hash_, at)


def read_anchors() -> list[Anchor]:
    """Every anchor in the file, signatures checked; raises AnchorFileError on a bad line."""
    path = anchor_path()
    if not path.exists():
        return []
    key = anchor_key()
    anchors: list[Anchor] = []
    with path.open(encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
                seq, hash_, at, mac = int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"])
            except (ValueError, KeyError, TypeError):
                raise AnchorFileError(f"外部锚定文件 {path} 第 {number} 行格式错误（文件被改动）") from None
            if not hmac.compare_digest(mac, _mac(key, _body(seq, hash_, at))):
                raise AnchorFileError(
                    f"外部锚定文件 {path} 第 {number} 行签名无效（文件被改动，或锚定密钥与写入时不同）"
                )
            anchors.append(Anchor(number, seq, hash_, at))
    return anchors
