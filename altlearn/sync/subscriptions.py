"""Subscriptions: the sources ``altlearn sync`` (no argument) updates.

Stored in ``<home>/sync/subscriptions.json``, replaced atomically::

    {"format": 1, "subscriptions": [
        {"id": "github-com-aiko-alt-packs-1a2b3c4d", "source": "https://...",
         "kind": "url", "ref": null, "packs": ["alt-classroom"],
         "added_at": "2025-04-01T09:00:00+00:00", "last_sync": "...", "commit": "..."}]}

Each subscription owns one bare repository, ``<home>/sync/repos/<id>.git``. A pack
belongs to the subscription that installed it last: syncing a newer bundle from a
new place (another USB stick) moves its packs to the new subscription and drops the
old one once it provides nothing, so it reads as the same subscription updated.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from altlearn.domain.ids import slugify
from altlearn.packs.library import write_json_atomic
from altlearn.paths import Paths
from altlearn.sync.sources import Source, SourceKind

FILE_NAME = "subscriptions.json"
FORMAT = 1


@dataclass(frozen=True)
class Subscription:
    """A source the learner synced, and what it provides.

    Attributes:
        id: Stable name, also the name of its repository folder.
        source: URL or absolute path, as :class:`~altlearn.sync.sources.Source` normalised it.
        kind: ``url``, ``path`` or ``bundle``.
        ref: The pinned branch, tag or commit; None follows the default branch.
        packs: Ids of the packs it installed.
        added_at: When it was first synced (ISO 8601, UTC).
        last_sync: When it was last synced successfully (ISO 8601, UTC).
        commit: The commit last synced.
    """

    id: str
    source: str
    kind: str
    ref: str | None = None
    packs: tuple[str, ...] = field(default_factory=tuple)
    added_at: str = ""
    last_sync: str | None = None
    commit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        data = asdict(self)
        data["packs"] = list(self.packs)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Subscription | None:
        """Read one stored subscription; None when it is malformed."""
        try:
            sub_id, source, kind = str(data["id"]), str(data["source"]), str(data["kind"])
        except (KeyError, TypeError):
            return None
        if kind not in {k.value for k in SourceKind} or not sub_id or "/" in sub_id or sub_id.startswith("."):
            return None
        packs = data.get("packs") or []
        return cls(
            id=sub_id,
            source=source,
            kind=kind,
            ref=data.get("ref") if isinstance(data.get("ref"), str) else None,
            packs=tuple(p for p in packs if isinstance(p, str)) if isinstance(packs, list) else (),
            added_at=str(data.get("added_at") or ""),
            last_sync=data.get("last_sync") if isinstance(data.get("last_sync"), str) else None,
            commit=data.get("commit") if isinstance(data.get("commit"), str) else None,
        )


def subscription_id(source: Source) -> str:
    """A readable, stable id for a source: a slug plus a short hash."""
    digest = hashlib.sha256(source.location.encode("utf-8")).hexdigest()[:8]
    slug = slugify(source.location.split("://", 1)[-1], max_length=40) or source.kind.value
    return f"{slug}-{digest}"


def repo_dir(paths: Paths, sub_id: str) -> Path:
    """The bare repository a subscription owns."""
    return paths.sync / "repos" / f"{sub_id}.git"


def load(paths: Paths) -> list[Subscription]:
    """Every subscription (an unreadable file counts as none, never as an error)."""
    try:
        data = json.loads((paths.sync / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("subscriptions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    subs = [Subscription.from_dict(item) for item in items if isinstance(item, dict)]
    return [s for s in subs if s is not None]


def save(paths: Paths, subs: list[Subscription]) -> None:
    """Replace the subscriptions file atomically."""
    write_json_atomic(
        paths.sync / FILE_NAME, {"format": FORMAT, "subscriptions": [s.to_dict() for s in subs]}
    )


def find(subs: list[Subscription], source: Source) -> Subscription | None:
    """The subscription for ``source``, if there is one."""
    return next((s for s in subs if s.source == source.location), None)


def record_success(
    paths: Paths, sub: Subscription, *, packs: list[str], commit: str, now: datetime
) -> Subscription:
    """Save a successful sync of ``sub`` and give it ownership of ``packs``.

    Other subscriptions lose those packs; one left with none is removed, with its
    repository.

    Returns:
        The subscription as saved.
    """
    stamp = now.isoformat()
    subs = load(paths)
    stored = next((s for s in subs if s.id == sub.id), sub)
    owned = tuple(dict.fromkeys([*stored.packs, *sub.packs, *packs]))
    updated = replace(sub, packs=owned, last_sync=stamp, commit=commit, added_at=stored.added_at or stamp)
    kept: list[Subscription] = []
    for other in subs:
        if other.id == sub.id:
            continue
        remaining = tuple(p for p in other.packs if p not in packs)
        if remaining or not other.packs:
            kept.append(replace(other, packs=remaining))
        else:
            shutil.rmtree(repo_dir(paths, other.id), ignore_errors=True)
    position = next((i for i, s in enumerate(subs) if s.id == sub.id), len(kept))
    kept.insert(min(position, len(kept)), updated)
    save(paths, kept)
    return updated
