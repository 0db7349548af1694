"""Trigram indexes for substring search on PostgreSQL (issue 11 item 3).

List pages and the API search party names and contested acts with ``icontains``, which Django emits on
PostgreSQL as ``UPPER("col"::text) LIKE UPPER('%…%')``. A B-tree cannot serve a leading wildcard; a GIN
index with ``gin_trgm_ops`` on exactly that expression can. SQLite has no such index and scans, which is
fine at a county's scale, so the migration does nothing there. The index lives outside Django's model
state (``Meta.indexes`` would need an expression the SQLite schema editor cannot build with a PostgreSQL
opclass), so ``makemigrations`` never sees it."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def trigram_expression(column: str) -> str:
    """The indexed expression: byte for byte what ``icontains`` compares, or the planner ignores it."""
    return f'UPPER(("{column}")::text)'


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A migration operation that, on PostgreSQL only, enables pg_trgm and indexes ``column`` of
    ``table`` for ``icontains``. Reversing drops the index but keeps the extension (other indexes may
    use it)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        # pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({trigram_expression(column)}) gin_trgm_ops)'
        )

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward, elidable=False)
