"""Finding packs in a folder: at its root, or in subfolders up to two levels down.

Kept apart from the loader so that listing the installed packs at start-up does
not import the Markdown parser.
"""

from __future__ import annotations

from pathlib import Path

from altlearn.errors import PackError
from altlearn.packs.manifest import MANIFEST_NAME

DISCOVERY_DEPTH = 2
"""How many folder levels below a repository root are searched for packs."""


def discover_packs(path: Path, depth: int = DISCOVERY_DEPTH) -> list[Path]:
    """Pack directories at or below ``path``: ``path`` itself if it has a manifest.

    Otherwise every folder up to ``depth`` levels down holding a ``pack.toml``
    (hidden folders and symbolic links are skipped).

    Raises:
        PackError: ``path`` does not exist or holds no pack.
    """
    if not path.exists():
        raise PackError(f"'{path}' does not exist")
    if path.is_file():
        if path.name == MANIFEST_NAME:
            return [path.parent]
        for parent in path.parents:
            if (parent / MANIFEST_NAME).is_file():
                return [parent]
        raise PackError(f"'{path}' is not inside a pack", hint=f"a pack is a folder with a {MANIFEST_NAME}")
    if (path / MANIFEST_NAME).is_file():
        return [path]
    found: list[Path] = []
    frontier = [path]
    for _ in range(depth):
        next_frontier = []
        for folder in frontier:
            try:
                children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
            except OSError:
                continue
            for child in children:
                if child.name.startswith("."):
                    continue
                if (child / MANIFEST_NAME).is_file():
                    found.append(child)
                else:
                    next_frontier.append(child)
        frontier = next_frontier
    if not found:
        raise PackError(
            f"no pack found in '{path}'",
            hint=f"a pack is a folder with a {MANIFEST_NAME}; see docs/pack-format.md",
        )
    return found
