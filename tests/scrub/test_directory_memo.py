"""The officer directory remembers its answers in bounded memory and never gives one
question's answer to another (issue 20: scrub-mode memory flat)."""

from __future__ import annotations

from iaextract.scrub import directory
from iaextract.scrub.directory import OfficerDirectory


def officers() -> OfficerDirectory:
    found = OfficerDirectory()
    found.add("id-hill-m", "Hill", ["Marcus"], badge="9562")
    found.add("id-hill-j", "Hill", ["June"], badge="B-17")
    found.add("id-vell", "O\u2019Shaughnessy-Vell", ["Dana"])
    found.add("id-odd", "a b", [])  # no name word: questions of odd words must not mix
    return found


QUESTIONS = [
    (frozenset({"hill", "marcus"}), False, frozenset()),
    (frozenset({"hill"}), True, frozenset()),
    (frozenset({"hill"}), True, frozenset({"9562"})),
    (frozenset({"hill"}), True, frozenset({"B17"})),
    (frozenset({"hill"}), False, frozenset({"B17"})),
    (frozenset({"shaughnessy", "vell", "dana"}), False, frozenset()),
    (frozenset({"vell", "dana"}), False, frozenset()),
    (frozenset({"shaughnessy"}), True, frozenset()),
    (frozenset({"a b"}), True, frozenset()),
    (frozenset({"a", "b"}), True, frozenset()),
]


def test_remembered_answers_are_the_answers_asked_afresh() -> None:
    remembered = officers()
    for _ in range(3):  # asked again and again, in turn: each from the memo after once
        for words, titled, badges in QUESTIONS:
            fresh = officers()._find(words, titled, badges)
            assert remembered.officer_id(words, titled, badges) == fresh, (words, titled)
    answers = [remembered.officer_id(*q) for q in QUESTIONS]
    assert {"id-hill-m", "id-hill-j", "id-vell", None} <= set(answers)  # the test can fail


def test_the_memo_stays_bounded(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(directory, "_ANSWERS", 100)
    remembered = officers()
    for n in range(1000):
        remembered.officer_id(frozenset({"hill", f"x{n:04d}"}), bool(n % 2))
        assert len(remembered._answers) <= 100
    assert remembered.officer_id(frozenset({"hill", "marcus"}), False) == "id-hill-m"
