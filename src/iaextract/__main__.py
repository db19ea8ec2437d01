"""``python -m iaextract`` runs the command line."""

from iaextract.cli.main import main

if __name__ == "__main__":  # run as ``python -m iaextract``, not when imported
    main()
