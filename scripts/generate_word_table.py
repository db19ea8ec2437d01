"""Regenerate src/iaextract/pii/data/word_table.bin from the word lists.

    PYTHONPATH=src python scripts/generate_word_table.py

Run after changing a shipped word list, upgrading pyspellchecker, or changing how
scrub/word_lists.py or pii/wordtable.py build the table: tests/scrub/test_word_lists.py
fails while the shipped file is not what this script writes. An installed copy whose
lists differ is not used (the table is then built in memory each run).
"""

from __future__ import annotations

from pathlib import Path

from iaextract.scrub.word_lists import TABLE_FILE, build, stamp

TARGET = Path(__file__).resolve().parents[1] / "src" / "iaextract" / "pii" / "data" / TABLE_FILE


def main() -> None:
    data = build().dump(stamp())
    TARGET.write_bytes(data)
    print(f"{TARGET}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
