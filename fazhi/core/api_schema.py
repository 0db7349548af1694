"""drf-spectacular hooks that keep the committed OpenAPI (docs/openapi.yaml) identical on every database."""

from __future__ import annotations

from typing import Any

# Integer bounds Django derives from the *connected* database (SQLite: 64-bit everywhere;
# PostgreSQL: smallint/integer/bigint). They describe the storage, not the contract, and would make
# the schema generated on SQLite differ from the one generated on PostgreSQL.
_BACKEND_BOUNDS = {
    32767,
    -32768,
    2147483647,
    -2147483648,
    9223372036854775807,
    -9223372036854775808,
}


def drop_backend_integer_bounds(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """POSTPROCESSING_HOOKS entry: remove database-range min/max (and the int64 format they imply)."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in _BACKEND_BOUNDS:
                        del node[key]
                if node.get("format") == "int64":
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
