"""The one text normalisation shared by the narrative scrubber and the leak scan.

Hostile or careless text hides a name or a number from a matcher that reads code
points: bidi marks and zero-width characters inside a surname (``Oka\\u200ffor``),
Cyrillic or Greek look-alike letters (``Окафор`` written with Cyrillic о, а),
full-width letters (``Ｏｋａｆｏｒ``), letters spaced out (``O k a f o r``), a name
broken over a line with a hyphen (``Oka-\\nfor``) and HTML entities (``Oka&#102;or``).
:func:`normalise` undoes all of these: entities decoded, format characters dropped,
NFKC, accents stripped, look-alikes replaced by the Latin letter they imitate (the
Unicode confusables table that ``confusable-homoglyphs`` ships), spaced-out letters
and hyphenated line breaks joined. Each character of the result remembers where it
came from, so a span found in the normalised text is removed from the original.
The scan matches on :func:`scan_form`, the same result without offsets.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LETTER = r"[^\W\d_]"
# What may need normalising; everything between matches is copied as it is.
_SPECIAL_RE = re.compile(
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    rf"|(?P<break>(?<={_LETTER})[-\u00ad\u2010\u2011][ \t]*\r?\n[ \t]*(?={_LETTER}))"
    rf"|(?P<spaced>(?<![\w&]){_LETTER}(?:[ \u00a0]{_LETTER}(?![\w])){{3,}})"
    r"|(?P<other>[^\x00-\x7f])"
)
# Whether ASCII text holds anything _SPECIAL_RE changes: an entity needs "&" and a broken
# line a "\n" (substring searches in C); spaced-out letters are looked for from their
# first space, a literal the scan skips to, with the letter before it read behind.
_LINE_BREAK_RE = re.compile(r"-[ \t]*\r?\n")
_SPECIAL_BREAK_RE = re.compile(r"[-\u00ad\u2010\u2011][ \t]*\r?\n")
_SPACED_ASCII_RE = re.compile(
    r" (?<=(?<![A-Za-z0-9_])[A-Za-z] )[A-Za-z] [A-Za-z] [A-Za-z](?![A-Za-z0-9_])")
_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u2032\uff07`"
# Where _SPECIAL_RE's "spaced" alternative would match, found from the first space (as
# _SPACED_ASCII_RE is, for any text): text with none of it, no entity and no broken line
# is changed only a character at a time (its "other" matches).
_SPACED_RE = re.compile(
    rf"[ \u00a0](?<=(?<![\w&]){_LETTER}[ \u00a0]){_LETTER}[ \u00a0]{_LETTER}[ \u00a0]{_LETTER}"
    r"(?!\w)")


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for each of its characters, its index in the original.

    ``origin`` is None when the text needed no change (offsets are the same)."""

    text: str
    origin: list[int] | None
    length: int  # of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from.

        It reaches from the previous kept character to the next one, so a decoded
        entity or a dropped invisible character (a bidi override) at either edge of
        the span goes with it."""
        origin = self.origin
        if origin is None:
            return start, end
        first = origin[start] if start < len(origin) else self.length
        if 0 < start < len(origin):  # and invisible characters right before it
            first = min(first, origin[start - 1] + 1)
        if end <= start:
            return first, first
        last = origin[end - 1] + 1
        return first, max(last, origin[end]) if end < len(origin) else last


def normalise(text: str) -> Normalised:
    """``text`` with hidden and look-alike characters undone (see the module doc)."""
    if _unchanged(text):
        return Normalised(text, None, len(text))
    if _only_characters(text):
        # Each non-ASCII character folded on its own, all at once in C: where each
        # folds to one character, every offset stays where it was (no origin to keep).
        folded = text.translate(_FOLDS)
        if _FOLDS.uneven.isdisjoint(text):
            return Normalised(folded, None, len(text))
    return _each_match(text)


class _FoldTable(dict[int, str]):
    """``str.translate``'s table of :func:`fold_char`, filled as characters are met
    (bounded: emptied when full, as fold_char's memo is); ``uneven`` holds the
    characters met that fold to none or to several (a translation moved the offsets)."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        if len(self) >= _FOLD_TABLE_SIZE:
            self.clear()
        piece = self[code] = fold_char(chr(code))
        if len(piece) != 1:
            self.uneven.add(chr(code))  # (some thousands at most: marks, ligatures)
        return piece


_FOLD_TABLE_SIZE = 65_536
_FOLDS = _FoldTable()


def _each_match(text: str) -> Normalised:
    """:func:`normalise` the long way: each match of _SPECIAL_RE replaced in turn."""
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _SPECIAL_RE.finditer(text):
        start = m.start()
        if start > pos:
            out.append(text[pos:start])
            origin.extend(range(pos, start))
        kind = m.lastgroup
        if kind == "entity":
            piece = _fold_chars(html.unescape(m.group()))
            out.append(piece)
            origin.extend([start] * len(piece))
        elif kind == "spaced":
            for i in range(start, m.end(), 2):
                piece = _fold_chars(text[i])
                out.append(piece)
                origin.extend([i] * len(piece))
        elif kind == "other":
            piece = fold_char(text[start])
            out.append(piece)
            origin.extend([start] * len(piece))
        pos = m.end()  # a hyphenated line break is dropped whole
    out.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return Normalised("".join(out), origin, len(text))


def _unchanged(text: str) -> bool:
    """Whether ``text`` is ASCII with nothing to normalise (most narratives)."""
    return text.isascii() and "&" not in text \
        and not ("\n" in text and _LINE_BREAK_RE.search(text)) \
        and _SPACED_ASCII_RE.search(text) is None


def _only_characters(text: str) -> bool:
    """Whether _SPECIAL_RE finds in ``text`` nothing but single non-ASCII characters."""
    return "&" not in text and not ("\n" in text and _SPECIAL_BREAK_RE.search(text)) \
        and _SPACED_RE.search(text) is None


def scan_form(text: str) -> str:
    """The normalised text alone: what the leak scan matches on."""
    if _unchanged(text):
        return text
    return normalise(text).text


def _fold_chars(text: str) -> str:
    return "".join(fold_char(c) for c in text) if not text.isascii() else text


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character as matchers read it: "" for a format character or a lone
    combining mark, else NFKC, accents stripped, look-alikes made Latin."""
    if ch.isascii():
        return ch
    if ch in _APOSTROPHES:
        return "'"
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me", "Cc"):
        return ""
    if category == "Pd":  # every dash, the non-breaking hyphen too
        return "-"
    if category == "Zs":
        return " "
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        for d in unicodedata.normalize("NFD", c):
            if unicodedata.combining(d):
                continue
            out.append(d if d.isascii() else _latin().get(d, d))
    return "".join(out)


@lru_cache(maxsize=1)
def _latin() -> dict[str, str]:
    """Non-Latin letters that look like one Latin letter → that letter, same case
    preferred (Cyrillic І → I, not l), from Unicode's confusables table."""
    import confusable_homoglyphs

    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    table = json.loads(path.read_text(encoding="utf-8"))
    candidates: dict[str, list[str]] = {}
    for latin in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        for glyph in table.get(latin, ()):
            c = glyph["c"]
            if len(c) == 1 and not c.isascii() and c.isalpha():
                candidates.setdefault(c, []).append(latin)
    return {c: next((x for x in options if x.isupper() == c.isupper()), options[0])
            for c, options in candidates.items()}


def fold(text: str) -> str:
    """Normalised and case-folded: how the leak scan compares words."""
    return scan_form(text).casefold()


def fold_many(texts: list[str]) -> list[str]:
    """:func:`fold` of each of ``texts``: a batch of plain ASCII with nothing to normalise
    (most e-mail addresses) folded in one pass; any other batch, a text at a time."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or not _unchanged(joined):
        return list(map(fold, texts))
    return joined.casefold().split("\n")
