"""``python -m iaextract`` runs the command line."""

from .cli import main

if __name__ == "__main__":  # not when a spawned scan process imports this module
    main()
