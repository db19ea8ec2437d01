"""``python -m iaextract`` runs the command line."""

from .cli import main

if __name__ == "__main__":  # run as ``python -m iaextract``, not when imported
    main()
