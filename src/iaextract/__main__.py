"""``python -m iaextract`` runs the command line."""

from .cli import main

main()
