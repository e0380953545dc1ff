"""The installed-pack library: the bundled packs plus those synced into the home folder.

Layout of a synced pack under ``<home>/packs/<pack-id>/``::

    current.json        which version is live (replaced atomically with os.replace)
    <version-dir>/      one folder per installed version, holding pack.toml

``current.json`` holds ``{"dir": ..., "source": ..., "commit": ..., "version": ...,
"synced_at": ISO-8601 UTC, "previous": <older current.json or null>}``. Writing a
new version therefore never touches the live one: the sync stages and checks the
new folder, then swaps the pointer. A synced pack with the same id as a bundled
one takes its place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from altlearn.domain.ids import is_valid_id
from altlearn.packs.loader import discover_packs
from altlearn.packs.manifest import MANIFEST_NAME
from altlearn.paths import Paths, bundled_content_dir

POINTER_NAME = "current.json"


@dataclass(frozen=True)
class InstalledPack:
    """A pack altlearn can study, and where it came from."""

    id: str
    root: Path
    source: str
    bundled: bool
    commit: str | None = None
    version: str | None = None
    synced_at: datetime | None = None


def read_pointer(pack_home: Path) -> dict[str, Any] | None:
    """The live-version pointer of one synced pack, or None when absent or unreadable."""
    try:
        data = json.loads((pack_home / POINTER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("dir"), str):
        return None
    return data


def synced_packs(paths: Paths) -> list[InstalledPack]:
    """Packs installed by sync, each at its live version."""
    found: list[InstalledPack] = []
    try:
        homes = sorted(p for p in paths.packs.iterdir() if p.is_dir() and is_valid_id(p.name))
    except OSError:
        return found
    for pack_home in homes:
        pointer = read_pointer(pack_home)
        if pointer is None:
            continue
        root = pack_home / pointer["dir"]
        if "/" in pointer["dir"] or pointer["dir"] in ("", ".", "..") or not (root / MANIFEST_NAME).is_file():
            continue
        synced_at = None
        if isinstance(pointer.get("synced_at"), str):
            try:
                synced_at = datetime.fromisoformat(pointer["synced_at"])
            except ValueError:
                synced_at = None
        found.append(
            InstalledPack(
                id=pack_home.name,
                root=root,
                source=str(pointer.get("source") or ""),
                bundled=False,
                commit=pointer.get("commit") if isinstance(pointer.get("commit"), str) else None,
                version=pointer.get("version") if isinstance(pointer.get("version"), str) else None,
                synced_at=synced_at,
            )
        )
    return found


def bundled_packs() -> list[InstalledPack]:
    """The packs shipped with altlearn (their id is their folder name)."""
    content = bundled_content_dir()
    if not content.is_dir():
        return []
    return [
        InstalledPack(id=root.name, root=root, source="bundled", bundled=True)
        for root in discover_packs(content)
    ]


def installed_packs(paths: Paths, *, include_bundled: bool = True) -> list[InstalledPack]:
    """Every pack to study: synced ones, and bundled ones no synced pack replaces."""
    synced = synced_packs(paths)
    ids = {p.id for p in synced}
    bundled = [p for p in bundled_packs() if p.id not in ids] if include_bundled else []
    return bundled + synced
