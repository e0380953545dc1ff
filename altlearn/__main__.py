"""Run altlearn as ``python -m altlearn``."""

from altlearn.cli import main

if __name__ == "__main__":
    main()
