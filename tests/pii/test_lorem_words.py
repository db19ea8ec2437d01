"""The ordinary-word list is faker's en_US lorem list, read from its module's text
without importing faker: exactly the list the import gives, and the import itself when
the text is not a plain literal."""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from iaextract.pii import lexicon


def _imported() -> tuple[str, ...]:
    from faker.providers.lorem.en_US import Provider

    return tuple(Provider.word_list)


def test_the_list_read_from_the_text_is_the_imported_list() -> None:
    read = lexicon._lorem_words()
    assert read == _imported() and len(read) > 500


@pytest.mark.parametrize("text", [
    "class Provider:\n    word_list = tuple(w for w in ('a', 'b'))\n",  # not a literal
    "class Provider:\n    word_list = ('a', 'b')\n    word_list = word_list + ('c',)\n",
    "class Provider:\n    word_list = ('a', 2)\n",  # not all text
    "word_list = ('a',)\n",  # no Provider
    "class Provider(:\n",  # not Python
    None,  # no file
])
def test_text_not_as_expected_is_imported_instead(tmp_path: Path, text: str | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path.joinpath("faker", "providers", "lorem", "en_US", "__init__.py")
    module.parent.mkdir(parents=True)
    if text is not None:
        module.write_text(text, encoding="utf-8")
    spec = ModuleSpec("faker", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path / "faker")]
    monkeypatch.setattr(lexicon, "find_spec", lambda name: spec)
    assert lexicon._lorem_words() == _imported()


def test_ordinary_words_import_no_faker() -> None:
    import subprocess

    code = ("import sys; from iaextract.pii.lexicon import ordinary_words; "
            "assert 'about' in ordinary_words(); print('faker' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
