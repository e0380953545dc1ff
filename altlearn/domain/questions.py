"""The seven kinds of question a lesson can hold.

Text fields (prompts, choices, feedback, explanations) hold Markdown source as
the author wrote it; rendering is the screens' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from altlearn.domain.model import SourceLocation


class QuestionKind(StrEnum):
    """The question types, named as authors write them (``{.single}``)."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "truefalse"
    TYPED = "typed"
    CLOZE = "cloze"
    FLASHCARD = "flashcard"
    ORDERING = "ordering"

    @property
    def label(self) -> str:
        """A name for learners."""
        return _LABELS[self]


_LABELS = {
    QuestionKind.SINGLE: "Choose one",
    QuestionKind.MULTIPLE: "Choose all that apply",
    QuestionKind.TRUE_FALSE: "True or false",
    QuestionKind.TYPED: "Type the answer",
    QuestionKind.CLOZE: "Fill in the blanks",
    QuestionKind.FLASHCARD: "Flashcard",
    QuestionKind.ORDERING: "Put in order",
}


@dataclass(frozen=True, kw_only=True)
class Choice:
    """One option of a choice question, with its own feedback."""

    text: str
    correct: bool
    feedback: str = ""
    location: SourceLocation


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has.

    Attributes:
        id: Stable id; progress is keyed by (pack id, question id).
        title: The heading text, without the ``{#id .kind}`` attributes.
        prompt: Markdown shown above the answer area (the title when empty).
        explanation: Markdown shown after answering, right or wrong.
        location: Where the question's heading is.
        id_derived: True when the author wrote no id and one was derived.
    """

    kind: ClassVar[QuestionKind]
    id: str
    title: str
    prompt: str
    explanation: str = ""
    location: SourceLocation
    id_derived: bool = False

    @property
    def auto_graded(self) -> bool:
        """False only for flashcards, which the learner rates."""
        return self.kind is not QuestionKind.FLASHCARD


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick the one right option."""

    kind: ClassVar[QuestionKind] = QuestionKind.SINGLE
    choices: tuple[Choice, ...]

    @property
    def correct_index(self) -> int:
        """Index of the right option."""
        return next(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, kw_only=True)
class MultipleSelect(Question):
    """Pick every right option and none of the wrong ones."""

    kind: ClassVar[QuestionKind] = QuestionKind.MULTIPLE
    choices: tuple[Choice, ...]

    @property
    def correct_indices(self) -> frozenset[int]:
        """Indices of the right options."""
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Decide whether a statement is true."""

    kind: ClassVar[QuestionKind] = QuestionKind.TRUE_FALSE
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


@dataclass(frozen=True, kw_only=True)
class TypedAnswer(Question):
    """Type a short answer; ``answer`` is shown, ``accepted`` are also right."""

    kind: ClassVar[QuestionKind] = QuestionKind.TYPED
    answer: str
    accepted: tuple[str, ...] = ()

    @property
    def all_answers(self) -> tuple[str, ...]:
        """The canonical answer followed by the accepted alternatives."""
        return (self.answer, *self.accepted)


@dataclass(frozen=True, kw_only=True)
class Blank:
    """One gap in a cloze: the first answer is shown, all are accepted."""

    answers: tuple[str, ...]

    @property
    def answer(self) -> str:
        """The answer shown after the learner tries."""
        return self.answers[0]


BLANK_MARKER = "{{%d}}"
_MARKER_RE = re.compile(r"\{\{(\d+)\}\}")


@dataclass(frozen=True, kw_only=True)
class Cloze(Question):
    """A text with one or more blanks.

    ``prompt`` holds the text with each blank replaced by ``{{1}}``, ``{{2}}``...
    """

    kind: ClassVar[QuestionKind] = QuestionKind.CLOZE
    blanks: tuple[Blank, ...]

    def render_prompt(self, fill: list[str] | None = None, *, blank: str = "_____") -> str:
        """The prompt with each marker replaced by ``fill[i]`` or a numbered gap."""

        def replace(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if fill is not None and index < len(fill):
                return fill[index]
            return f"{blank}({index + 1})"

        return _MARKER_RE.sub(replace, self.prompt)


@dataclass(frozen=True, kw_only=True)
class Flashcard(Question):
    """Front (the prompt) and back; the learner rates their own recall."""

    kind: ClassVar[QuestionKind] = QuestionKind.FLASHCARD
    back: str


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in order; ``items`` holds them in the right order."""

    kind: ClassVar[QuestionKind] = QuestionKind.ORDERING
    items: tuple[str, ...]


QUESTION_TYPES: dict[QuestionKind, type[Question]] = {
    cls.kind: cls
    for cls in (SingleChoice, MultipleSelect, TrueFalse, TypedAnswer, Cloze, Flashcard, Ordering)
}
