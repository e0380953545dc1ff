"""What changed between two versions of a pack: pure, old :class:`Pack` vs new.

Lessons and questions are compared by id. An id that disappears is

- **renamed** when the new manifest's ``[ids.renamed]`` leads from it (following
  chains) to an id that exists in the new version: learners' progress follows it;
- **retired** when the new manifest retires it (or the rename leads to a retired id):
  it leaves the review queue, its history stays;
- **removed** otherwise: the author dropped it without saying, and progress on it is
  orphaned (the sync report says so, so authors learn to retire ids).

An id present in both (or a renamed pair) is **changed** when its content differs;
source positions do not count, so editing one lesson does not mark every question
below it as changed.

The old side may be a :class:`PackFingerprint` instead of a whole :class:`Pack`: the
ids and a content hash of each lesson and question, small enough to store beside an
installed version, so that an update does not have to parse the old version again
(on a 500-lesson pack that parse was half of an update's time).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from altlearn.domain.model import Lesson, Pack
from altlearn.domain.questions import Question
from altlearn.packs.serialize import lesson_to_dict, question_to_dict


@dataclass(frozen=True)
class IdChanges:
    """Changes to one kind of item (lessons or questions), ids sorted.

    Attributes:
        added: Ids new in this version.
        changed: Ids whose content changed (for renamed items, the new id).
        renamed: ``(old id, new id)`` pairs.
        retired: Ids the new version retires.
        removed: Ids gone without a rename or a retirement.
    """

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    retired: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing changed."""
        return not (self.added or self.changed or self.renamed or self.retired or self.removed)

    def counts(self) -> dict[str, int]:
        """Non-zero counts by kind of change, in a stable order."""
        counts = {
            "new": len(self.added),
            "changed": len(self.changed),
            "renamed": len(self.renamed),
            "retired": len(self.retired),
            "removed": len(self.removed),
        }
        return {k: v for k, v in counts.items() if v}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "added": list(self.added),
            "changed": list(self.changed),
            "renamed": [{"from": old, "to": new} for old, new in self.renamed],
            "retired": list(self.retired),
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class PackDiff:
    """Everything that changed from one version of a pack to the next.

    Attributes:
        old_version: The version before (None for a first install).
        new_version: The version after.
        lessons: Changes to lessons.
        questions: Changes to questions.
    """

    old_version: str | None
    new_version: str
    lessons: IdChanges = field(default_factory=IdChanges)
    questions: IdChanges = field(default_factory=IdChanges)

    @property
    def is_empty(self) -> bool:
        """True when no lesson or question changed."""
        return self.lessons.is_empty and self.questions.is_empty

    def summary(self) -> str:
        """One line, e.g. ``lessons: 1 changed; questions: 2 new, 1 renamed``."""
        parts = []
        for label, changes in (("lessons", self.lessons), ("questions", self.questions)):
            counts = changes.counts()
            if counts:
                parts.append(f"{label}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        return "; ".join(parts) or "no lesson or question changed"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "lessons": self.lessons.to_dict(),
            "questions": self.questions.to_dict(),
        }


@dataclass(frozen=True)
class PackFingerprint:
    """What a diff needs of an old version: its version, and a content hash per id.

    Attributes:
        version: The pack's version.
        lessons: Lesson id -> hash of its content (positions excluded).
        questions: Question id -> hash of its content (positions excluded).
    """

    version: str
    lessons: Mapping[str, str]
    questions: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"version": self.version, "lessons": dict(self.lessons), "questions": dict(self.questions)}

    @classmethod
    def from_dict(cls, data: Any) -> PackFingerprint | None:
        """Read a stored fingerprint; None when it is malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("version"), str):
            return None
        maps = [data.get("lessons"), data.get("questions")]
        if not all(isinstance(m, dict) and all(isinstance(v, str) for v in m.values()) for m in maps):
            return None
        return cls(data["version"], dict(maps[0]), dict(maps[1]))  # type: ignore[arg-type]


def fingerprint(pack: Pack) -> PackFingerprint:
    """The ids and content hashes of ``pack``'s lessons and questions."""
    return PackFingerprint(
        pack.version,
        {lesson.id: _digest(_lesson_content(lesson)) for lesson in pack.lessons},
        {question.id: _digest(_question_content(question)) for question in pack.questions},
    )


def diff_packs(old: Pack | PackFingerprint | None, new: Pack) -> PackDiff:
    """Compare two versions of a pack (``old`` None: everything is new).

    Args:
        old: The version before, whole or as a :func:`fingerprint`.
        new: The version after.
    """
    if old is None:
        return PackDiff(
            None,
            new.version,
            IdChanges(added=tuple(sorted(new.lessons_by_id))),
            IdChanges(added=tuple(sorted(new.questions_by_id))),
        )
    before = old if isinstance(old, PackFingerprint) else fingerprint(old)
    after = fingerprint(new)
    return PackDiff(
        before.version,
        new.version,
        _compare(before.lessons, after.lessons, new),
        _compare(before.questions, after.questions, new),
    )


def _compare(old: Mapping[str, str], new: Mapping[str, str], new_pack: Pack) -> IdChanges:
    """Compare id -> content-hash maps."""
    renamed: list[tuple[str, str]] = []
    retired: list[str] = []
    removed: list[str] = []
    retired_ids = set(new_pack.retired)
    for old_id in old:
        if old_id in new:
            continue
        target = _follow(old_id, new_pack.renamed)
        if target in new:
            renamed.append((old_id, target))
        elif old_id in retired_ids or target in retired_ids:
            retired.append(old_id)
        else:
            removed.append(old_id)
    rename_targets = {target for _, target in renamed}
    added = [i for i in new if i not in old and i not in rename_targets]
    pairs = [(i, i) for i in new if i in old] + renamed
    changed = {new_id for old_id, new_id in pairs if old[old_id] != new[new_id]}
    return IdChanges(
        added=tuple(sorted(added)),
        changed=tuple(sorted(changed)),
        renamed=tuple(sorted(renamed)),
        retired=tuple(sorted(retired)),
        removed=tuple(sorted(removed)),
    )


def _follow(start: str, renamed: Mapping[str, str]) -> str:
    """Follow rename chains from ``start``; stops at a cycle."""
    seen = {start}
    current = start
    while current in renamed:
        current = renamed[current]
        if current in seen:
            break
        seen.add(current)
    return current


def _digest(content: Any) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_positions(v) for k, v in value.items() if k not in ("location", "id")}
    if isinstance(value, list):
        return [_without_positions(v) for v in value]
    return value


def _question_content(question: Question) -> Any:
    return _without_positions(question_to_dict(question))


def _lesson_content(lesson: Lesson) -> Any:
    data = lesson_to_dict(lesson)
    data["questions"] = [q.id for q in lesson.questions]
    return _without_positions(data)
