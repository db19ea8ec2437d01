#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine:
# system packages (database server, ODBC drivers, browser) and the Python package
# with its [dev] extra. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# postgresql: a throwaway server the tests start; unixodbc + odbc-postgresql +
# libsqliteodbc: real ODBC drivers for the odbc: source tests; time: GNU time, peak
# memory in benchmarks/; chromium: renders the preview's HTML report headless.
# fonts-liberation: the site's charts are measured and drawn in Liberation Sans (Arial's metrics)
# mdbtools: reads the Access file of the mdb: source tests.
APT_PACKAGES=(sqlite3 postgresql unixodbc odbc-postgresql libsqliteodbc time chromium fonts-liberation mdbtools)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install -q -e '.[dev,ner]'
# The shipped word table (pii/data/word_table.bin) is stamped with pyspellchecker's
# frequencies; tests check it equals a fresh build, so they run against the release it
# was built from (another release still exports correctly: the table is then built in
# memory each run, about a second slower). Update both together with
# scripts/generate_word_table.py.
python3 -m pip install -q 'pyspellchecker==0.9.1'
# The Access dialect is only compiled in tests (Access runs on Windows only).
# sqlalchemy-access 2.x imports win32com when loaded, so Linux can only load 1.0.8,
# whose SQL compiler is the same; it comes without dependencies (pywin32).
python3 -m pip install -q --no-deps 'sqlalchemy-access==1.0.8'
# pycanon (an independent k-anonymity implementation, the oracle of tests/disclosure)
# pins exact numpy and pandas releases; its anonymity module needs only numpy and
# pandas, which the project and [dev] already bring, so it comes without its pins.
python3 -m pip install -q --no-deps 'pycanon==1.3.6'
