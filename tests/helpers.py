"""Constants and small helpers shared by tests."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).parent
REPO_ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
PACK_FIXTURES = FIXTURES / "packs"
CONTENT = REPO_ROOT / "content"


def console_script(name: str = "altlearn") -> str:
    """The installed console script, next to the running interpreter."""
    path = Path(sys.executable).parent / name
    if not path.exists():  # pragma: no cover - only on unusual installs
        raise RuntimeError(f"console script {name!r} is not installed next to {sys.executable}")
    return str(path)
