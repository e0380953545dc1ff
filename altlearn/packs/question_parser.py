"""One question section (heading to next heading) to a domain question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from altlearn.domain.diagnostics import Diagnostic, error, warning
from altlearn.domain.model import SourceLocation
from altlearn.domain.questions import (
    BLANK_MARKER,
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
from altlearn.packs.markdown import top_level_blocks

_LABEL_RE = re.compile(
    r"^(?:\*\*|__)?(answer|accept|explanation)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$", re.IGNORECASE
)
_CHOICE_RE = re.compile(r"^\[([ xX])\][ \t]+(.*)$", re.DOTALL)
_BLANK_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_BOOL_WORDS = {"true": True, "false": False}


@dataclass
class Section:
    """A question's slice of a lesson: its heading and the tokens under it."""

    path: str
    lines: list[str]
    line_offset: int
    tokens: list[Token]
    heading: int
    end: int
    end_line: int
    question_id: str
    id_derived: bool
    kind: QuestionKind
    title: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    # Positions passed in are 1-based lines of the body; ``line_offset`` is the
    # file line where the body starts.
    def file_line(self, body_line: int) -> int:
        return body_line + self.line_offset - 1

    def loc(self, body_line: int, col: int = 1) -> SourceLocation:
        return SourceLocation(self.path, self.file_line(body_line), col)

    def err(self, body_line: int, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(error(self.path, self.file_line(body_line), code, message, hint=hint))

    def warn(self, body_line: int, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(warning(self.path, self.file_line(body_line), code, message, hint=hint))

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")


@dataclass
class _Parts:
    prompt_end: int | None = None
    choices: list[Choice] | None = None
    choice_line: int = 0
    items: list[str] | None = None
    labels: dict[str, tuple[str, int]] = field(default_factory=dict)
    accepted: list[str] = field(default_factory=list)
    back: str | None = None
    explanation: str = ""
    ignored: list[int] = field(default_factory=list)


def parse_question(section: Section) -> Question | None:
    """Build the question a section describes; problems go to ``section.diagnostics``."""
    heading_tok = section.tokens[section.heading]
    assert heading_tok.map is not None
    heading_line = heading_tok.map[0]
    body_start = heading_tok.map[1]
    parts = _collect(section, section.heading + 3, body_start)
    prompt_end = parts.prompt_end if parts.prompt_end is not None else section.end_line
    prompt = section.text(body_start, prompt_end)
    if not prompt:
        prompt = section.title
    common = {
        "id": section.question_id,
        "title": section.title,
        "prompt": prompt,
        "explanation": parts.explanation,
        "location": section.loc(heading_line + 1),
        "id_derived": section.id_derived,
    }
    if not prompt.strip():
        section.err(
            heading_line + 1, "empty-prompt", "question has no prompt", "write the question under the heading"
        )
        return None
    for line in parts.ignored:
        section.warn(
            line + 1,
            "ignored-content",
            "this text is not part of the question and is not shown",
            "label it 'Explanation:' or move it above the answers",
        )
    builder = _BUILDERS[section.kind]
    return builder(section, parts, common, heading_line)


def _collect(section: Section, first: int, body_start: int) -> _Parts:
    parts = _Parts()
    tokens = section.tokens
    kind = section.kind
    in_back = False
    for start, end in top_level_blocks(tokens, first, section.end):
        token = tokens[start]
        block_map = token.map or [body_start, body_start + 1]
        if token.type == "paragraph_open":
            inline = tokens[start + 1]
            lines = inline.content.split("\n")
            label = _LABEL_RE.match(lines[0])
            if label:
                if parts.prompt_end is None:
                    parts.prompt_end = block_map[0]
                done = _read_labels(section, parts, lines, block_map)
                if done:
                    return parts
                in_back = kind is QuestionKind.FLASHCARD and "answer" in parts.labels
                continue
        if in_back:
            continue  # part of the flashcard's back, sliced from source below
        if token.type == "bullet_list_open" and kind in _CHOICE_KINDS and parts.choices is None:
            parts.prompt_end = block_map[0] if parts.prompt_end is None else parts.prompt_end
            parts.choices = _read_choices(section, tokens, start, end)
            parts.choice_line = block_map[0]
            continue
        if token.type == "ordered_list_open" and kind is QuestionKind.ORDERING and parts.items is None:
            parts.prompt_end = block_map[0] if parts.prompt_end is None else parts.prompt_end
            parts.items = _read_items(section, tokens, start, end)
            parts.choice_line = block_map[0]
            continue
        if parts.prompt_end is not None:
            parts.ignored.append(block_map[0])
    if kind is QuestionKind.FLASHCARD and "answer" in parts.labels and parts.back is None:
        parts.back = _back_text(section, parts, section.end_line)
    return parts


def _read_labels(section: Section, parts: _Parts, lines: list[str], block_map: list[int]) -> bool:
    """Read label lines of one paragraph; True when ``Explanation:`` ended the question."""
    current: str | None = None
    for offset, raw in enumerate(lines):
        match = _LABEL_RE.match(raw)
        line = block_map[0] + offset
        if match:
            current = match.group(1).lower()
            value = match.group(2).strip()
            if current == "explanation":
                if section.kind is QuestionKind.FLASHCARD and "answer" in parts.labels and parts.back is None:
                    parts.back = _back_text(section, parts, block_map[0])
                rest = "\n".join([value, *lines[offset + 1 :]]).strip()
                after = section.text(block_map[1], section.end_line)
                parts.explanation = "\n\n".join(p for p in (rest, after) if p)
                return True
            if current == "accept":
                parts.accepted.extend(a.strip() for a in value.split("|") if a.strip())
                continue
            if current in parts.labels:
                section.err(line + 1, "duplicate-label", f"'{match.group(1)}:' is given twice")
                continue
            parts.labels[current] = (value, line)
        elif current == "answer":
            value, first = parts.labels["answer"]
            parts.labels["answer"] = ((value + "\n" + raw).strip(), first)
        elif current == "accept":
            parts.accepted.extend(a.strip() for a in raw.split("|") if a.strip())
    return False


def _back_text(section: Section, parts: _Parts, stop_line: int) -> str:
    value, line = parts.labels["answer"]
    # The label paragraph's own text, then every block after it up to stop_line.
    para_end = line + 1
    while para_end < len(section.lines) and section.lines[para_end].strip():
        para_end += 1
    after = section.text(para_end, stop_line)
    return "\n\n".join(p for p in (value, after) if p)


def _item_children(tokens: list[Token], start: int, end: int) -> list[tuple[int, int]]:
    """Index ranges of the list items between a list's open and close tokens."""
    return [
        (a, b) for a, b in top_level_blocks(tokens, start + 1, end - 1) if tokens[a].type == "list_item_open"
    ]


def _read_choices(section: Section, tokens: list[Token], start: int, end: int) -> list[Choice]:
    choices: list[Choice] = []
    for item_start, item_end in _item_children(tokens, start, end):
        item_map = tokens[item_start].map or [0, 1]
        text = ""
        feedback: list[str] = []
        first = True
        for child_start, _child_end in top_level_blocks(tokens, item_start + 1, item_end - 1):
            child = tokens[child_start]
            cmap = child.map or item_map
            if child.type == "paragraph_open" and first:
                text = tokens[child_start + 1].content
                first = False
            elif child.type == "blockquote_open":
                feedback.append(_dequote(section.lines[cmap[0] : cmap[1]]))
            elif child.type == "paragraph_open":
                text += "\n\n" + tokens[child_start + 1].content
            else:
                section.warn(
                    cmap[0] + 1, "ignored-content", "only text and '>' feedback are read in a choice"
                )
        match = _CHOICE_RE.match(text)
        if not match:
            section.err(
                item_map[0] + 1,
                "not-a-choice",
                "list item is not a choice",
                "start each choice with '[ ] ' or '[x] '",
            )
            continue
        choice_text = match.group(2).strip()
        if not choice_text:
            section.err(item_map[0] + 1, "empty-choice", "choice has no text")
            continue
        choices.append(
            Choice(
                text=choice_text,
                correct=match.group(1) in "xX",
                feedback="\n\n".join(f for f in feedback if f),
                location=section.loc(item_map[0] + 1),
            )
        )
    return choices


def _read_items(section: Section, tokens: list[Token], start: int, end: int) -> list[str]:
    items: list[str] = []
    for item_start, item_end in _item_children(tokens, start, end):
        item_map = tokens[item_start].map or [0, 1]
        texts = [
            tokens[a + 1].content
            for a, _ in top_level_blocks(tokens, item_start + 1, item_end - 1)
            if tokens[a].type == "paragraph_open"
        ]
        text = "\n\n".join(texts).strip()
        if not text:
            section.err(item_map[0] + 1, "empty-choice", "item has no text")
            continue
        items.append(text)
    return items


def _dequote(lines: list[str]) -> str:
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            if stripped.startswith(" "):
                stripped = stripped[1:]
        out.append(stripped)
    return "\n".join(out).strip()


_CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE}
_Common = dict[str, object]


def _need_choices(section: Section, parts: _Parts, heading_line: int) -> list[Choice] | None:
    if parts.choices is None:
        section.err(
            heading_line + 1,
            "no-choices",
            f"{section.kind.value} question has no choices",
            "add a list of '- [ ] wrong' and '- [x] right' items",
        )
        return None
    if len(parts.choices) < 2:
        section.err(parts.choice_line + 1, "too-few-choices", "a choice question needs at least two choices")
        return None
    texts = [c.text for c in parts.choices]
    for choice in parts.choices:
        if texts.count(choice.text) > 1:
            section.err(
                choice.location.line - section.line_offset + 1,
                "duplicate-choice",
                "two choices have the same text",
            )
            return None
    return parts.choices


def _build_single(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    choices = _need_choices(section, parts, heading_line)
    if choices is None:
        return None
    correct = sum(c.correct for c in choices)
    if correct != 1:
        section.err(
            parts.choice_line + 1,
            "single-not-one-correct" if correct else "no-correct-answer",
            f"single-choice question has {correct} correct answers; it needs exactly one",
            "tick one choice with [x], or use .multiple",
        )
        return None
    return SingleChoice(choices=tuple(choices), **common)  # type: ignore[arg-type]


def _build_multiple(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    choices = _need_choices(section, parts, heading_line)
    if choices is None:
        return None
    if not any(c.correct for c in choices):
        section.err(
            parts.choice_line + 1,
            "no-correct-answer",
            "no choice is marked correct",
            "tick the right ones with [x]",
        )
        return None
    return MultipleSelect(choices=tuple(choices), **common)  # type: ignore[arg-type]


def _build_truefalse(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    if "answer" in parts.labels and parts.choices is None:
        value, line = parts.labels["answer"]
        answer = _BOOL_WORDS.get(value.strip().strip(".*_").lower())
        if answer is None:
            section.err(
                line + 1, "invalid-answer", f"true/false answer must be 'true' or 'false', not {value!r}"
            )
            return None
        return TrueFalse(answer=answer, **common)  # type: ignore[arg-type]
    if parts.choices is None:
        section.err(
            heading_line + 1,
            "no-correct-answer",
            "true/false question has no answer",
            "add 'Answer: true' or 'Answer: false', or a [x] True / [ ] False list",
        )
        return None
    by_word: dict[bool, Choice] = {}
    for choice in parts.choices:
        word = _BOOL_WORDS.get(re.sub(r"[^a-z]", "", choice.text.lower()))
        if word is None or word in by_word:
            section.err(
                choice.location.line - section.line_offset + 1,
                "invalid-answer",
                "a true/false list has exactly the two choices 'True' and 'False'",
            )
            return None
        by_word[word] = choice
    if len(by_word) != 2 or sum(c.correct for c in by_word.values()) != 1:
        section.err(parts.choice_line + 1, "no-correct-answer", "tick exactly one of True and False")
        return None
    return TrueFalse(
        answer=by_word[True].correct,
        feedback_true=by_word[True].feedback,
        feedback_false=by_word[False].feedback,
        **common,  # type: ignore[arg-type]
    )


def _build_typed(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    if "answer" not in parts.labels or not parts.labels["answer"][0].strip():
        section.err(
            heading_line + 1, "no-correct-answer", "typed question has no answer", "add 'Answer: ...'"
        )
        return None
    answer = parts.labels["answer"][0].strip()
    accepted = tuple(dict.fromkeys(a for a in parts.accepted if a != answer))
    return TypedAnswer(answer=answer, accepted=accepted, **common)  # type: ignore[arg-type]


def _build_cloze(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    prompt = str(common["prompt"])
    blanks: list[Blank] = []

    def replace(match: re.Match[str]) -> str:
        answers = tuple(a.strip() for a in match.group(1).split("|"))
        if not all(answers):
            section.err(
                heading_line + 1, "empty-blank", f"blank {{{{{match.group(1)}}}}} has an empty answer"
            )
        blanks.append(Blank(answers=tuple(a for a in answers if a) or ("",)))
        return BLANK_MARKER % len(blanks)

    text = _BLANK_RE.sub(replace, prompt)
    if not blanks:
        section.err(
            heading_line + 1,
            "no-blanks",
            "cloze question has no blanks",
            "write each blank as {{answer}} in the text",
        )
        return None
    if any(not b.answers[0] for b in blanks):
        return None
    common = {**common, "prompt": text}
    return Cloze(blanks=tuple(blanks), **common)  # type: ignore[arg-type]


def _build_flashcard(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    if not parts.back:
        section.err(
            heading_line + 1, "no-correct-answer", "flashcard has no back", "add 'Answer: ...' with the back"
        )
        return None
    return Flashcard(back=parts.back, **common)  # type: ignore[arg-type]


def _build_ordering(section: Section, parts: _Parts, common: _Common, heading_line: int) -> Question | None:
    if parts.items is None:
        section.err(
            heading_line + 1,
            "no-choices",
            "ordering question has no numbered list",
            "write the steps as a numbered list in the right order",
        )
        return None
    if len(parts.items) < 2:
        section.err(parts.choice_line + 1, "too-few-choices", "an ordering question needs at least two items")
        return None
    if len(set(parts.items)) != len(parts.items):
        section.err(
            parts.choice_line + 1,
            "duplicate-choice",
            "two items have the same text, so the order is ambiguous",
        )
        return None
    return Ordering(items=tuple(parts.items), **common)  # type: ignore[arg-type]


_BUILDERS = {
    QuestionKind.SINGLE: _build_single,
    QuestionKind.MULTIPLE: _build_multiple,
    QuestionKind.TRUE_FALSE: _build_truefalse,
    QuestionKind.TYPED: _build_typed,
    QuestionKind.CLOZE: _build_cloze,
    QuestionKind.FLASHCARD: _build_flashcard,
    QuestionKind.ORDERING: _build_ordering,
}
