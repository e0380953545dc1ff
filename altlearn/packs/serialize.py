"""The pack model as plain JSON-ready data (``altlearn pack show --format json``)."""

from __future__ import annotations

from typing import Any

from altlearn.domain.model import Course, GlossaryEntry, Lesson, Pack, SourceLocation
from altlearn.domain.questions import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)


def location_to_dict(location: SourceLocation) -> dict[str, Any]:
    """``{"path", "line", "col"}``."""
    return {"path": location.path, "line": location.line, "col": location.col}


def question_to_dict(question: Question) -> dict[str, Any]:
    """A question with its kind-specific fields."""
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.kind.value,
        "title": question.title,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "id_derived": question.id_derived,
        "location": location_to_dict(question.location),
    }
    match question:
        case SingleChoice(choices=choices) | MultipleSelect(choices=choices):
            data["choices"] = [
                {
                    "text": c.text,
                    "correct": c.correct,
                    "feedback": c.feedback,
                    "location": location_to_dict(c.location),
                }
                for c in choices
            ]
        case TrueFalse():
            data["answer"] = question.answer
            data["feedback_true"] = question.feedback_true
            data["feedback_false"] = question.feedback_false
        case TypedAnswer():
            data["answer"] = question.answer
            data["accepted"] = list(question.accepted)
        case Cloze():
            data["blanks"] = [list(b.answers) for b in question.blanks]
        case Flashcard():
            data["back"] = question.back
        case Ordering():
            data["items"] = list(question.items)
    return data


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """A lesson, its body and its questions."""
    return {
        "id": lesson.id,
        "title": lesson.title,
        "minutes": lesson.minutes,
        "summary": lesson.summary,
        "prerequisites": list(lesson.prerequisites),
        "course": lesson.course_id,
        "location": location_to_dict(lesson.location),
        "body": lesson.body,
        "questions": [question_to_dict(q) for q in lesson.questions],
    }


def glossary_to_dict(entry: GlossaryEntry) -> dict[str, Any]:
    """A glossary row."""
    return {
        "term": entry.term,
        "romaji": entry.romaji,
        "meaning": entry.meaning,
        "location": location_to_dict(entry.location),
    }


def course_to_dict(course: Course) -> dict[str, Any]:
    """A course and its lessons."""
    return {
        "id": course.id,
        "title": course.title,
        "description": course.description,
        "mastery": course.mastery,
        "location": location_to_dict(course.location),
        "lessons": [lesson_to_dict(lesson) for lesson in course.lessons],
        "glossary": [glossary_to_dict(e) for e in course.glossary],
    }


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    """The whole pack."""
    return {
        "id": pack.id,
        "title": pack.title,
        "version": pack.version,
        "description": pack.description,
        "authors": list(pack.authors),
        "license": pack.license,
        "language": pack.language,
        "min_altlearn": pack.min_altlearn,
        "ids": {"renamed": dict(pack.renamed), "retired": list(pack.retired)},
        "courses": [course_to_dict(c) for c in pack.courses],
    }
