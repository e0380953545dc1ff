"""Reading lessons and questions on demand, one file at a time.

The catalog in the store says where each lesson file is; opening a lesson
parses just that file (a few milliseconds) and keeps it in a small cache, so
neither start-up nor a review session ever parses a whole pack.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from altlearn.errors import PackError
from altlearn.packs.files import decode_utf8
from altlearn.packs.limits import MAX_FILE_BYTES

if TYPE_CHECKING:
    from altlearn.domain.model import Lesson
    from altlearn.domain.questions import Question


@dataclass
class LessonCache:
    """Parsed lessons by (pack id, lesson id), least recently used dropped first."""

    capacity: int = 64
    _items: OrderedDict[tuple[str, str, str], Lesson] = field(default_factory=OrderedDict)

    def load(self, root: Path, path: str, pack_id: str, lesson_id: str, course_id: str) -> Lesson:
        """Parse (or fetch from the cache) the lesson file ``root / path``.

        Raises:
            PackError: the file is gone, too large, not UTF-8, or no longer a lesson.
        """
        file = root / path
        try:
            stat = file.stat()
        except OSError as exc:
            raise PackError(
                f"lesson file '{path}' of pack '{pack_id}' cannot be read",
                hint="the pack may have been removed; run altlearn sync or altlearn pack check",
            ) from exc
        key = (pack_id, lesson_id, f"{stat.st_mtime_ns}:{stat.st_size}")
        cached = self._items.get(key)
        if cached is not None:
            self._items.move_to_end(key)
            return cached
        if stat.st_size > MAX_FILE_BYTES or file.is_symlink():
            raise PackError(f"lesson file '{path}' of pack '{pack_id}' is not usable")
        text, diagnostics = decode_utf8(path, file.read_bytes())
        if text is None:
            raise PackError(diagnostics[0].message if diagnostics else f"cannot read '{path}'")
        from altlearn.packs.lesson_parser import parse_lesson  # the Markdown parser, on first use

        result = parse_lesson(path, text, course_id)
        if result.lesson is None:
            first = result.diagnostics[0].format() if result.diagnostics else "not a lesson"
            raise PackError(f"lesson '{lesson_id}' of pack '{pack_id}' cannot be parsed: {first}")
        self._items[key] = result.lesson
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return result.lesson


def question_in(lesson: Lesson, question_id: str) -> Question | None:
    """The question with ``question_id`` in ``lesson``."""
    return next((q for q in lesson.questions if q.id == question_id), None)
