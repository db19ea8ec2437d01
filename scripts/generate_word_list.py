"""Regenerate src/iaextract/pii/data/english_words.txt.gz from the english-words package.

    PYTHONPATH=src python scripts/generate_word_list.py

Run after upgrading english-words; tests/pii/test_english_words.py fails while the
shipped list differs from the package's.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from iaextract.pii.words import ENGLISH_WORDS, english_words_from_package

TARGET = Path(__file__).resolve().parents[1] / "src" / "iaextract" / "pii" / "data" / ENGLISH_WORDS


def main() -> None:
    text = "\n".join(sorted(english_words_from_package())).encode("utf-8")
    # mtime=0: the same words give the same bytes.
    TARGET.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{TARGET}: {len(text):,} bytes of words")


if __name__ == "__main__":
    main()
