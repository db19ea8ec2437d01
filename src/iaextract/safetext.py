"""Source text as it may be shown: on a terminal, in a message, in the manifest.

A source is hostile input. A value printed raw can drive the reader's terminal
(``ESC[2J`` clears it, an OSC sequence retitles the window, a bidi override makes
text read backwards), and a "code" column can hold a name or a sentence typed by a
clerk. :func:`printable` makes any text inert for a terminal; :func:`code_label`
decides whether a value read from a code column may be listed at all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: What a value from a code column must look like to be listed by its text.
_CODE_SHAPE = re.compile(r"[A-Za-z0-9._/#&+?*-]{1,16}")
_MAX_CODE_DIGITS = 6  # seven digits or more could be a phone, SSN or ID number


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control and format character written as an escape
    (``\\x1b``, ``\\u202e``): C0 and C1 controls, DEL, bidi marks and overrides,
    zero-width characters, line and paragraph separators. ``newlines`` keeps ``\\n``
    (a message of several lines); without it a value stays on one line."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape(ch) if _unsafe(ch, newlines) else ch for ch in text)


def _unsafe(ch: str, newlines: bool) -> bool:
    if ch == "\n":
        return not newlines
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


@lru_cache(maxsize=4096)
def code_label(code: str) -> str:
    """``code`` when it looks like a code (up to 16 letters, digits and ``._/#&+?*-``,
    fewer than seven digits), else ``<free text, N chars>``: a code column can hold
    whatever a clerk typed. A single word that is a known person's name is left to the
    leak scan, which reads the manifest (keys included) like every output."""
    if _CODE_SHAPE.fullmatch(code) and sum(c.isdigit() for c in code) <= _MAX_CODE_DIGITS:
        return code
    return f"<free text, {len(code)} chars>"
