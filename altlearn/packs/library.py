"""The installed-pack library: the bundled packs plus those synced into the home folder.

Layout of a synced pack under ``<home>/packs/<pack-id>/``::

    current.json        which version is live (replaced atomically with os.replace)
    <version-dir>/      one folder per installed version, holding pack.toml

``current.json`` holds ``{"dir": ..., "source": ..., "commit": ..., "version": ...,
"synced_at": ISO-8601 UTC, "previous": <older current.json or null>}``. Writing a
new version therefore never touches the live one: the sync stages and checks the
new folder, then swaps the pointer. A synced pack with the same id as a bundled
one takes its place.

The sync also records ``"tree"`` (the git tree id of the pack folder, to see
quickly that nothing changed), ``"subscription"`` (which subscription installed it)
and ``"held"`` (a commit the learner rolled back from, not to be reinstalled by a
plain ``altlearn sync``). The ``previous`` chain is kept :data:`KEEP_VERSIONS` deep;
version folders it no longer names are deleted by :func:`prune_versions`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from altlearn.domain.ids import is_valid_id
from altlearn.packs.discovery import discover_packs
from altlearn.packs.manifest import MANIFEST_NAME
from altlearn.paths import Paths, bundled_content_dir

POINTER_NAME = "current.json"

KEEP_VERSIONS = 3
"""Installed versions kept per pack: the live one and two to roll back to."""


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


def write_json_atomic(path: Path, data: Mapping[str, Any]) -> None:
    """Write JSON so that readers see the old file or the new one, never half of one.

    The text goes to a temporary file in the same folder, is flushed to disk, then
    replaces ``path`` with :func:`os.replace`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_pointer(pack_home: Path, pointer: Mapping[str, Any]) -> None:
    """Make ``pointer`` the live version of the pack in ``pack_home`` (atomically).

    The ``previous`` chain is cut to :data:`KEEP_VERSIONS` entries.
    """
    write_json_atomic(pack_home / POINTER_NAME, truncate_history(pointer))


def truncate_history(pointer: Mapping[str, Any], keep: int = KEEP_VERSIONS) -> dict[str, Any]:
    """A copy of ``pointer`` whose ``previous`` chain holds at most ``keep`` versions in all."""
    head = dict(pointer)
    node = head
    for _ in range(keep - 1):
        previous = node.get("previous")
        if not isinstance(previous, dict):
            node["previous"] = None
            return head
        node["previous"] = dict(previous)
        node = node["previous"]
    node["previous"] = None
    return head


def pointer_dirs(pointer: Mapping[str, Any] | None) -> list[str]:
    """The version folders a pointer and its ``previous`` chain name, newest first."""
    dirs: list[str] = []
    node: Any = pointer
    while isinstance(node, dict) and len(dirs) < KEEP_VERSIONS + 1:
        if isinstance(node.get("dir"), str):
            dirs.append(node["dir"])
        node = node.get("previous")
    return dirs


def prune_versions(pack_home: Path) -> list[str]:
    """Delete version folders the live pointer no longer names; return their names.

    Hidden folders (staging in progress) and files are left alone.
    """
    keep = set(pointer_dirs(read_pointer(pack_home)))
    if not keep:
        return []
    removed = []
    for child in sorted(pack_home.iterdir()):
        if (
            child.is_dir()
            and not child.is_symlink()
            and not child.name.startswith(".")
            and child.name not in keep
        ):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    return removed


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
