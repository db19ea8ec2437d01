"""The officers of a source by their name words, each with the ``officer_id`` the export
publishes (read by :mod:`.officers`). Its own module, importing nothing heavy: a
scrubbing worker (:mod:`.worker`) is handed a directory and never reads a source."""

from __future__ import annotations

from collections.abc import Iterable

from iaextract.scrub.placeholders import badge_key, name_words

_ANSWERS = 32_768  # officer_id answers remembered (about 100 bytes each)
_Entry = tuple[frozenset[str], frozenset[str], str, str]
_NONE: frozenset[_Entry] = frozenset()


class OfficerDirectory:
    """The officers of a source by name words, each with their published id."""

    def __init__(self) -> None:
        # name word -> the officers with it among their names (last, first, middle,
        # nick), each as (last-name words, every name word, published id, badge). A
        # mention's officers are those of every one of its words: one intersection of
        # sets in C, where trying each officer of a common surname took 100 us.
        self._by_word: dict[str, set[_Entry]] = {}
        # Answers already given: an officer is named again and again across summaries,
        # and a common surname has many officers to try (bounded: memory stays flat).
        # Each question is remembered as one string (:func:`_question`), not the sets
        # of a mention: about 100 bytes an answer instead of 650.
        self._answers: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len({entry for entries in self._by_word.values() for entry in entries})

    def add(self, officer_id: str, last: str, others: Iterable[str] = (),
            badge: object = None) -> None:
        """An officer: published id, last name, other names (first, middle, nick) and
        badge number, if known."""
        last_words = name_words(last)
        every = last_words.union(*(name_words(name) for name in others))
        entry = (last_words, every, officer_id, badge_key(badge))
        self._answers.clear()
        if not last_words:
            return  # (no last name to tell: never named)
        for word in every:
            self._by_word.setdefault(word, set()).add(entry)

    def officer_id(self, words: frozenset[str], titled: bool,
                   badges: frozenset[str] = frozenset()) -> str | None:
        """The published id of the one officer written with ``words`` (None: none or
        several fit); ``titled``: a police title was written before a mention;
        ``badges``: badge numbers written right after one (``Capt. BROWN #9562``), which
        tell apart officers of one name."""
        if not self._by_word.keys() >= words:
            return None  # a word no officer has (most people): asked in C, no question
        question = _question(words, titled, badges)
        try:
            return self._answers[question]
        except KeyError:
            pass
        if len(self._answers) >= _ANSWERS:
            self._answers.clear()
        answer = self._answers[question] = self._find(words, titled, badges)
        return answer

    def _find(self, words: frozenset[str], titled: bool, badges: frozenset[str]
              ) -> str | None:
        # (the officers whose names hold every word of the mention: words <= every)
        postings = sorted([self._by_word.get(word, _NONE) for word in words], key=len)
        if not postings:
            return None
        named = postings[0].intersection(*postings[1:])
        if not badges:
            return _one_named(named, words, titled)
        fits = {(officer, badge) for last, _, officer, badge in named
                if last <= words and (titled or words - last)}
        by_badge = {officer for officer, badge in fits if badge and badge in badges}
        found = by_badge or {officer for officer, _ in fits}
        return found.pop() if len(found) == 1 else None


def _one_named(named: Iterable[_Entry], words: frozenset[str], titled: bool) -> str | None:
    """The one officer of ``named`` that a mention of ``words`` fits, None if none or
    several: read until a second one shows (a common surname alone names dozens)."""
    one: str | None = None
    for last, _, officer, _ in named:
        if last <= words and (titled or words - last):
            if one is not None and officer != one:
                return None
            one = officer
    return one


def _question(words: frozenset[str], titled: bool, badges: frozenset[str]) -> str:
    """``officer_id``'s question as one string, the same for the same question and
    different for any other (``repr`` of the sorted sets: a word may hold any character)."""
    return repr((titled, sorted(words), sorted(badges)))
