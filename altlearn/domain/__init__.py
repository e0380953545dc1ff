"""The pack and study model: plain frozen dataclasses, standard library only.

Nothing in this package imports textual, sqlite_utils, fsrs or markdown_it; a
test enforces it.
"""

from altlearn.domain.diagnostics import Diagnostic, Severity
from altlearn.domain.model import Course, GlossaryEntry, Lesson, Pack, SourceLocation
from altlearn.domain.questions import (
    Blank,
    Choice,
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    Question,
    QuestionKind,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.domain.rating import Rating

__all__ = [
    "Blank",
    "Choice",
    "Cloze",
    "Course",
    "Diagnostic",
    "Flashcard",
    "GlossaryEntry",
    "Lesson",
    "MultipleSelect",
    "Ordering",
    "Pack",
    "Question",
    "QuestionKind",
    "Rating",
    "Severity",
    "SingleChoice",
    "SourceLocation",
    "TrueFalse",
    "TypedAnswer",
]
