"""Packs, courses, lessons and glossaries."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from altlearn.domain.questions import Question


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a pack: a path relative to the pack root, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, kw_only=True)
class GlossaryEntry:
    """A Japanese term with its reading in romaji and its meaning."""

    term: str
    romaji: str
    meaning: str
    location: SourceLocation


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """One Markdown file: teaching text followed (or interleaved) by questions.

    Attributes:
        body: The lesson's Markdown without its front matter and questions.
        body_line: The line of the file where ``body`` starts.
        prerequisites: Ids of lessons to complete first (any course of the pack).
    """

    id: str
    title: str
    minutes: int
    summary: str = ""
    prerequisites: tuple[str, ...] = ()
    body: str
    body_line: int = 1
    questions: tuple[Question, ...] = ()
    course_id: str
    location: SourceLocation


@dataclass(frozen=True, kw_only=True)
class Course:
    """An ordered list of lessons with a mastery threshold and a glossary."""

    id: str
    title: str
    description: str = ""
    mastery: float = 0.8
    lessons: tuple[Lesson, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    location: SourceLocation


@dataclass(frozen=True, kw_only=True)
class Pack:
    """A versioned collection of courses, as its manifest and files describe it.

    Attributes:
        renamed: Old question or lesson id -> current id, so progress follows.
        retired: Ids that are gone for good; their history is kept.
        min_altlearn: The oldest altlearn version that can use the pack.
    """

    id: str
    title: str
    version: str
    description: str = ""
    authors: tuple[str, ...] = ()
    license: str = ""
    language: str = "en"
    min_altlearn: str = "0"
    courses: tuple[Course, ...] = ()
    renamed: Mapping[str, str] = field(default_factory=dict, hash=False)
    retired: tuple[str, ...] = ()
    location: SourceLocation

    @property
    def lessons(self) -> Iterator[Lesson]:
        """Every lesson of every course, in course order."""
        for course in self.courses:
            yield from course.lessons

    @property
    def questions(self) -> Iterator[Question]:
        """Every question of every lesson, in order."""
        for lesson in self.lessons:
            yield from lesson.questions

    @cached_property
    def lessons_by_id(self) -> dict[str, Lesson]:
        """Lessons keyed by id."""
        return {lesson.id: lesson for lesson in self.lessons}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        """Questions keyed by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def lesson_of_question(self) -> dict[str, Lesson]:
        """The lesson holding each question, keyed by question id."""
        return {q.id: lesson for lesson in self.lessons for q in lesson.questions}

    def resolve_id(self, old_id: str) -> str | None:
        """Follow the renamed map from ``old_id`` to the current id.

        Returns None when the id is retired or no longer exists.
        """
        seen: set[str] = set()
        current = old_id
        while current in self.renamed and current not in seen:
            seen.add(current)
            current = self.renamed[current]
        if current in self.retired:
            return None
        if current in self.questions_by_id or current in self.lessons_by_id:
            return current
        return None
