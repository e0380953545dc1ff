"""The pack and study model: plain frozen dataclasses, standard library only.

Nothing in this package imports textual, sqlite_utils, fsrs or markdown_it; a
test enforces it. The names below are loaded on first use (PEP 562), so that
importing one submodule does not build every dataclass of the package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Diagnostic": "diagnostics",
    "Severity": "diagnostics",
    "Course": "model",
    "GlossaryEntry": "model",
    "Lesson": "model",
    "Pack": "model",
    "SourceLocation": "model",
    "Blank": "questions",
    "Choice": "questions",
    "Cloze": "questions",
    "Flashcard": "questions",
    "MultipleSelect": "questions",
    "Ordering": "questions",
    "Question": "questions",
    "QuestionKind": "questions",
    "SingleChoice": "questions",
    "TrueFalse": "questions",
    "TypedAnswer": "questions",
    "Rating": "rating",
}

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'altlearn.domain' has no attribute {name!r}")
    return getattr(importlib.import_module(f"altlearn.domain.{module}"), name)


if TYPE_CHECKING:
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
