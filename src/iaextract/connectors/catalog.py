"""What a source holds, as reflected: its tables, columns and primary keys.

Every connector answers with a Catalog; the mapping stage checks mappings against it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Catalog:
    """Tables and columns of a source, as reflected: table → {column: type name}."""

    tables: dict[str, dict[str, str]]
    primary_keys: dict[str, list[str]]

    def table(self, name: str) -> str | None:
        """The real name of a table, matched exactly, else case-insensitively."""
        if name in self.tables:
            return name
        matches = [t for t in self.tables if t.lower() == name.lower()]
        return matches[0] if len(matches) == 1 else None

    def column(self, table: str, name: str) -> str | None:
        columns = self.tables[table]
        if name in columns:
            return name
        matches = [c for c in columns if c.lower() == name.lower()]
        return matches[0] if len(matches) == 1 else None
