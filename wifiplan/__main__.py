"""Run the command-line interface as ``python -m wifiplan``."""

from wifiplan.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
