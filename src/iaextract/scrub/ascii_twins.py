"""ASCII twins of the scrubber's costliest patterns, for text that is plain ASCII.

Python's ``re`` reads ``\\d``, ``\\w``, ``\\s``, ``\\b`` and case-insensitive letters
through the Unicode tables unless a pattern is compiled with ``re.ASCII``, a
few times slower per character. On text made only of ASCII characters both
compilations match the same spans, except for the four ASCII separators
``\\x1c``–``\\x1f``, which Unicode counts as white space and ASCII does not; text
holding one is read with the Unicode pattern. Most narratives are ASCII, so the
scrubber's full-text scans use the twin where they can (same output, less CPU).

In such text a pattern is also tried only where it can start (:func:`matches_from`):
``re`` tries a pattern that opens with a look-ahead, a look-behind or a word boundary at
every character, where one cheap scan (or the runs of digits, found once per text and
shared by every pattern that opens with one) finds the few places it can match.
"""

from __future__ import annotations

import re


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` compiled again with ``re.ASCII``."""
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


def plain_ascii(text: str) -> bool:
    """Whether a pattern and its :func:`ascii_twin` match ``text`` alike."""
    # (four substring searches in C: asked several times of each text)
    return text.isascii() and "\x1c" not in text and "\x1d" not in text \
        and "\x1e" not in text and "\x1f" not in text


def gated_matches(gate: re.Pattern[str], pattern: re.Pattern[str], text: str
                  ) -> list[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, with ``pattern`` tried only where
    ``gate`` matches.

    A pattern that opens with a look-ahead or a word boundary is tried by ``re`` at
    every character; ``gate`` (a pattern whose first character is a class, which ``re``
    skips to in a tight loop) must match at every position where ``pattern`` can start,
    and ``pattern`` must never match empty. Then the matches are the same: ``finditer``
    takes the first position from which ``pattern`` matches, and ``match`` at a position
    reads the text before it (look-behinds, ``\\b``) as a search does.
    """
    return matches_from(pattern, text, [m.start() for m in gate.finditer(text)])


def matches_from(pattern: re.Pattern[str], text: str, starts: list[int]
                 ) -> list[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, given (in order) every position where
    ``pattern`` can start, and more (see :func:`gated_matches`)."""
    found: list[re.Match[str]] = []
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            m = match(text, start)
            if m is not None:
                found.append(m)
                end = m.end()
    return found


_DIGIT_RUN_RE = re.compile(r"[0-9](?<![0-9].)", re.ASCII)
_last_runs: tuple[str, list[int]] = ("", [])


def digit_runs(text: str) -> list[int]:
    """Where the runs of digits of ``text`` (plain ASCII) start: where every pattern that
    opens with a digit not after a word character can start. Several patterns ask this
    of one text in turn: the last text's answer is kept."""
    global _last_runs
    last = _last_runs
    if last[0] == text and text:
        return last[1]
    runs = [m.start() for m in _DIGIT_RUN_RE.finditer(text)]
    _last_runs = (text, runs)
    return runs
