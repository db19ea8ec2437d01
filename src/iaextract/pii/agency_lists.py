"""The agency's own word lists: ``[policy] scrub_deny`` (always removed from narratives)
and ``scrub_allow`` (never removed as a name: unit names, place names, programmes).

Both are matched as whole words, ignoring case, on the normalised text
(:mod:`iaextract.pii.normalise`), by the scrubber and by the leak scan alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iaextract.pii.normalise import scan_form


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of ``phrases`` as whole words in normalised text (any case,
    any run of spaces between words), longest first; None for no phrases."""
    words = sorted({" ".join(scan_form(p).split()) for p in phrases if p and p.strip()},
                   key=len, reverse=True)
    if not words:
        return None
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies wholly within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)
