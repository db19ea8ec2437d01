"""Word lists the scrubber reasons with: titles, ordinary words, name lexicon.

The first/last-name lexicon is the US Census name frequency lists shipped in
``iaextract/pii/data`` (public domain; :mod:`iaextract.pii.words`). Ordinary
English words come from faker's en_US lorem list (read from its module's text, not
imported: :func:`_lorem_words`) plus the hand-written lists below, which cover the
words that matter most here: given names that are also words, and capitalised
institutional vocabulary of police prose that must never be mistaken for a surname.
"""

from __future__ import annotations

import ast
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from iaextract.errors import RedactionError
from iaextract.pii import words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Names that are also ordinary words: redacted only with name evidence around them.
WORD_NAMES = _words(
    """
    will rose king may young grant mark hope joy brown white black frank guy bill lane
    wood summer june page hunter april august dawn faith grace iris ivy jack jay jewel
    star stone storm sky rich rob sue pat dean miles chase cash bell bird baker
    carpenter cook fisher gardener glass hill house long love major mason miller park
    parker rice ruby sage short small snow strong swift walker ward wells west will
    woods day field ford gray green hall holly lee low moore north price reed ray read
    rose sterling sharp early may art ash autumn april beau buck carol crystal destiny
    drew gene gay holly honey lily penny pearl violet wade win
    """
)

# Honorifics and ranks: the capitalised words after them are a name.
TITLES = _words(
    """
    officer ofc off sgt sergeant lt lieutenant cpl corporal det detective capt captain
    chief deputy dep mr mrs ms miss dr trooper inspector commander cmdr agent patrolman
    patrolwoman po investigator inv sheriff undersheriff
    """
)
# Role words of a case file: "complainant Jones", "witness MARIA LOPEZ".
ROLES = _words(
    """
    complainant witness suspect victim subject arrestee driver passenger named
    respondent claimant reporter defendant juvenile
    """
)

MONTHS = _words(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
DAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun
    """
)

# Capitalised words of police prose that are never a person's name in this domain.
INSTITUTIONAL = (
    _words(
        """
    district station internal affairs body worn camera bwc cew taser oc spray unit
    division department dept police sheriff county city state office bureau precinct
    patrol squad team section detail command academy headquarters hq court jail report
    statement complaint case incident investigation finding findings allegation
    allegations sustained unfounded exonerated policy procedure procedures general order
    orders manual directive use force review board chain supervisor supervisors street
    avenue road boulevard drive place highway parkway north south east west northeast
    northwest southeast southwest main central downtown hospital medical center centre
    emergency services service fire ems dispatch communications radio cad records
    evidence property room lab laboratory crime scene vehicle car cruiser van suv truck
    sedan hispanic asian male female he she they his her their him them it its we you i
    the a an and or but of in on at to from by with for as after before during while
    when then there here this that these those no not yes none yes unknown n/a na
    investigator investigators lieutenant sergeant officer officers deputy detective
    captain chief commander corporal trooper agent complainant witness suspect victim
    subject arrestee driver passenger respondent mr mrs ms dr american african native
    caucasian latino latina christmas thanksgiving easter memorial labor independence
    veterans english spanish ia pd sgt lt cpl det capt ofc dl id ssn dob
        safety training involved shooting services statement crimes response support
        traffic narcotics vice homicide robbery burglary gang canine k9 swat
        description information info interview transcript narrative summary name
        address phone contact details identification history advocate liaison
    """
    )
    | MONTHS
    | DAYS
)

_TEXT_FOLD = {ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'", ord("`"): "'"}


def fold_char(ch: str) -> str:
    """One character, accent-stripped where that keeps it one character."""
    if ch in "\u2019\u2018\u02bc`":
        return "'"
    base = unicodedata.normalize("NFD", ch)[:1]
    return base if base else ch


class Folder:
    """Length-preserving accent/apostrophe folding, so offsets stay valid.

    ``Núñez`` folds to ``Nunez`` and ``O’Brien`` to ``O'Brien``; every character
    maps to exactly one character, so a span found in the folded text is the
    same span in the original.
    """

    def __init__(self) -> None:
        self._table: dict[int, str] = dict(_TEXT_FOLD)

    def __call__(self, text: str) -> str:
        if text.isascii():
            return text.replace("`", "'")
        table = self._table
        for ch in set(text):
            o = ord(ch)
            if o > 127 and o not in table:
                table[o] = fold_char(ch)
        return text.translate(table)


fold = Folder()


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Lower-case ordinary English words (faker's en_US lorem list + domain lists).

    Falls back to the built-in lists alone when faker is not installed."""
    try:
        lorem = _lorem_words()
    except RedactionError:
        # Without faker fewer words count as ordinary, so more known names are
        # removed unconditionally: a safe direction, so lexicon=False still works.
        lorem = ()
    return frozenset(w.lower() for w in lorem) | WORD_NAMES | INSTITUTIONAL


def first_names() -> frozenset[str]:
    """Lower-case US first names: the US Census lists shipped in ``pii/data``."""
    return words.first_names()


def last_names() -> frozenset[str]:
    """Lower-case US surnames: the US Census list shipped in ``pii/data``."""
    return words.surnames()


_LOREM = "faker.providers.lorem.en_US"


def _lorem_words() -> tuple[str, ...]:
    """faker's en_US lorem word list. Read from the module's text, a literal tuple,
    without importing faker (whose import costs a tenth of a second of CPU in every
    scrubbing process); imported when the text is not as expected."""
    spec = find_spec(_LOREM.split(".")[0])  # a top-level package: found, not imported
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations)), *_LOREM.split(".")[1:],
                    "__init__.py")
        try:
            found = _literal_word_list(ast.parse(path.read_bytes()))
        except (OSError, SyntaxError, ValueError):
            found = None
        if found is not None:
            return found
    return _faker_attr(_LOREM, "word_list")


def _literal_word_list(module: ast.Module) -> tuple[str, ...] | None:
    # class Provider(...): word_list = ("a", ...): the one assignment, a tuple of text
    for node in module.body:
        if isinstance(node, ast.ClassDef) and node.name == "Provider":
            assigned = [stmt.value for stmt in node.body if isinstance(stmt, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "word_list"
                                for t in stmt.targets)]
            if len(assigned) == 1:
                value = ast.literal_eval(assigned[0])
                if isinstance(value, tuple) and all(isinstance(w, str) for w in value):
                    return value
    return None


def _faker_attr(module: str, attr: str) -> tuple[str, ...]:
    # Imported lazily: faker is only needed when the lexicon layer is on, and a
    # missing lexicon must fail loudly rather than silently weaken redaction.
    import importlib

    try:
        provider = importlib.import_module(module).Provider
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RedactionError(
            "the name lexicon needs the 'faker' package; install it or pass lexicon=False"
        ) from exc
    return tuple(getattr(provider, attr))
