"""Where altlearn keeps its files: one seam for the data directory.

Resolution order: ``--home DIR`` on the command line, then the
``ALTLEARN_HOME`` environment variable, then the platform's user data directory
(platformdirs). A whole install can therefore live on a USB stick.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "ALTLEARN_HOME"


@dataclass(frozen=True)
class Paths:
    """The files and folders under one altlearn home."""

    home: Path

    @property
    def database(self) -> Path:
        """The progress store (SQLite)."""
        return self.home / "progress.sqlite3"

    @property
    def config(self) -> Path:
        """The settings file (TOML)."""
        return self.home / "config.toml"

    @property
    def packs(self) -> Path:
        """Installed (synced) packs, one folder per pack id."""
        return self.home / "packs"

    @property
    def sync(self) -> Path:
        """Git repositories altlearn owns, one per subscription."""
        return self.home / "sync"

    @property
    def cache(self) -> Path:
        """Caches that can be deleted at any time."""
        return self.home / "cache"

    def ensure(self) -> Paths:
        """Create the home folder if needed; return self."""
        self.home.mkdir(parents=True, exist_ok=True)
        return self


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Paths:
    """The :class:`Paths` for ``explicit``, ``$ALTLEARN_HOME`` or the platform default."""
    if explicit:
        return Paths(Path(explicit).expanduser().absolute())
    env = os.environ.get(HOME_ENV)
    if env:
        return Paths(Path(env).expanduser().absolute())
    import platformdirs

    return Paths(Path(platformdirs.user_data_dir("altlearn", appauthor=False)))


def bundled_content_dir() -> Path:
    """The packs shipped with altlearn.

    In a wheel they are installed as ``altlearn/_content``; in a source checkout
    (editable install) they are the repository's ``content/`` folder.
    """
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_content"
    if installed.is_dir():
        return installed
    return package_dir.parent / "content"
