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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from altlearn.domain.model import Lesson, Pack
from altlearn.domain.questions import Question
from altlearn.packs.serialize import lesson_to_dict, question_to_dict

T = TypeVar("T")


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


def diff_packs(old: Pack | None, new: Pack) -> PackDiff:
    """Compare two versions of a pack (``old`` None: everything is new)."""
    if old is None:
        return PackDiff(
            None,
            new.version,
            IdChanges(added=tuple(sorted(new.lessons_by_id))),
            IdChanges(added=tuple(sorted(new.questions_by_id))),
        )
    return PackDiff(
        old.version,
        new.version,
        _compare(old.lessons_by_id, new.lessons_by_id, new, _lesson_content),
        _compare(old.questions_by_id, new.questions_by_id, new, _question_content),
    )


def _compare(
    old: Mapping[str, T], new: Mapping[str, T], new_pack: Pack, content: Callable[[T], Any]
) -> IdChanges:
    renamed: list[tuple[str, str]] = []
    retired: list[str] = []
    removed: list[str] = []
    changed: list[str] = []
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
    for old_id, new_id in pairs:
        if content(old[old_id]) != content(new[new_id]):
            changed.append(new_id)
    return IdChanges(
        added=tuple(sorted(added)),
        changed=tuple(sorted(set(changed))),
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
