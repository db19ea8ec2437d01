"""Regenerate src/iaextract/pii/data/english_words.txt from the english-words package.

    PYTHONPATH=src python scripts/generate_word_list.py

Run after upgrading english-words; tests/pii/test_english_words.py fails while the
shipped list differs from the package's.
"""

from __future__ import annotations

from pathlib import Path

from iaextract.pii.words import ENGLISH_WORDS, english_words_from_package

TARGET = Path(__file__).resolve().parents[1] / "src" / "iaextract" / "pii" / "data" / ENGLISH_WORDS


def main() -> None:
    text = "\n".join(sorted(english_words_from_package())).encode("utf-8")
    TARGET.write_bytes(text)
    print(f"{TARGET}: {len(text):,} bytes of words")


if __name__ == "__main__":
    main()
