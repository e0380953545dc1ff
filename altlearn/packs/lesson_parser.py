"""A lesson file to a :class:`~altlearn.domain.Lesson`, with its links for the checker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from markdown_it.token import Token

from altlearn.domain.diagnostics import Diagnostic, error, warning
from altlearn.domain.ids import derive_question_id, is_valid_id, slugify
from altlearn.domain.model import Lesson, SourceLocation
from altlearn.domain.questions import Question, QuestionKind
from altlearn.packs.frontmatter import Field, split_front_matter
from altlearn.packs.markdown import markdown_parser
from altlearn.packs.question_parser import Section, parse_question

_ATTR_RE = re.compile(r"^(.*?)[ \t]*\{[ \t]*([#.][^{}]*)\}[ \t]*$", re.DOTALL)
_FRONT_KEYS = {"id", "title", "minutes", "summary", "prerequisites"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KINDS = {kind.value: kind for kind in QuestionKind}


@dataclass(frozen=True)
class Link:
    """A link or image target found in a lesson, with its position in the file."""

    target: str
    line: int
    col: int
    image: bool = False


@dataclass
class ParsedLesson:
    """What parsing one lesson file yields for the loader and checker."""

    path: str
    lesson: Lesson | None
    text: str
    body_line: int = 1
    links: list[Link] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    id_line: int = 1
    prerequisite_lines: dict[str, int] = field(default_factory=dict)


def parse_lesson(path: str, text: str, course_id: str) -> ParsedLesson:
    """Parse lesson source ``text`` found at pack-relative ``path``.

    Never raises on bad input: every problem is a diagnostic in the result.
    """
    result = ParsedLesson(path=path, lesson=None, text=text)
    diags = result.diagnostics
    _check_control_characters(path, text, diags)
    front, front_diags = split_front_matter(path, text)
    diags.extend(front_diags)
    if front is None:
        return result
    result.body_line = front.body_line
    fields = front.fields
    for key, value in fields.items():
        if key not in _FRONT_KEYS:
            diags.append(
                error(
                    path, value.line, "unknown-field", f"unknown front matter field '{key}'", hint=_hint(key)
                )
            )
    lesson_id = _lesson_id(path, fields, diags)
    result.id_line = fields["id"].line if "id" in fields else 1
    title = _text_field(path, fields, "title", diags) or lesson_id
    summary = _text_field(path, fields, "summary", diags, required=False) or ""
    minutes = _minutes(path, fields, diags)
    prerequisites = _prerequisites(path, fields, diags, result)

    tokens = markdown_parser().parse(front.body)
    lines = front.body.split("\n")
    offset = front.body_line
    questions, removed = _questions(path, tokens, lines, offset, lesson_id, diags)
    result.links = _links(tokens, lines, offset)
    body = "\n".join(line for index, line in enumerate(lines) if index not in removed).strip("\n")
    result.lesson = Lesson(
        id=lesson_id,
        title=title,
        minutes=minutes,
        summary=summary,
        prerequisites=prerequisites,
        body=body,
        body_line=offset,
        questions=tuple(questions),
        course_id=course_id,
        location=SourceLocation(path, 1, 1),
    )
    return result


def _hint(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(_FRONT_KEYS), n=1)
    return f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(sorted(_FRONT_KEYS))


def _lesson_id(path: str, fields: dict[str, Field], diags: list[Diagnostic]) -> str:
    fallback = slugify(PurePosixPath(path).stem) or "lesson"
    if "id" not in fields:
        diags.append(error(path, 1, "missing-field", "lesson has no 'id' in its front matter"))
        return fallback
    value = fields["id"].value
    if not isinstance(value, str) or not is_valid_id(value):
        diags.append(
            error(
                path,
                fields["id"].line,
                "invalid-id",
                f"lesson id {value!r} is not a valid id",
                hint="use lowercase letters, digits, '.', '_' and '-'",
            )
        )
        return fallback
    return value


def _text_field(
    path: str, fields: dict[str, Field], key: str, diags: list[Diagnostic], *, required: bool = True
) -> str | None:
    if key not in fields:
        if required:
            diags.append(error(path, 1, "missing-field", f"lesson has no '{key}' in its front matter"))
        return None
    value = fields[key].value
    if not isinstance(value, str) or not value.strip():
        diags.append(error(path, fields[key].line, "invalid-field", f"'{key}' must be non-empty text"))
        return None
    return value.strip()


def _minutes(path: str, fields: dict[str, Field], diags: list[Diagnostic]) -> int:
    if "minutes" not in fields:
        diags.append(
            error(
                path,
                1,
                "missing-field",
                "lesson has no 'minutes' in its front matter",
                hint="estimate, e.g. minutes: 10",
            )
        )
        return 10
    value = fields["minutes"].value
    if isinstance(value, str) and value.isdigit() and 1 <= int(value) <= 240:
        return int(value)
    diags.append(
        error(
            path,
            fields["minutes"].line,
            "invalid-field",
            f"'minutes' must be a whole number from 1 to 240, not {value!r}",
        )
    )
    return 10


def _prerequisites(
    path: str, fields: dict[str, Field], diags: list[Diagnostic], result: ParsedLesson
) -> tuple[str, ...]:
    if "prerequisites" not in fields:
        return ()
    field_ = fields["prerequisites"]
    values = [field_.value] if isinstance(field_.value, str) else field_.value
    kept = []
    for value in values:
        if not is_valid_id(value):
            diags.append(
                error(path, field_.line, "invalid-id", f"prerequisite {value!r} is not a valid lesson id")
            )
            continue
        kept.append(value)
        result.prerequisite_lines[value] = field_.line
    return tuple(dict.fromkeys(kept))


def _questions(
    path: str,
    tokens: list[Token],
    lines: list[str],
    offset: int,
    lesson_id: str,
    diags: list[Diagnostic],
) -> tuple[list[Question], set[int]]:
    """Find question headings; return the questions and the body lines they occupy."""
    headings = [
        (index, int(token.tag[1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0
    ]
    questions: list[Question] = []
    removed: set[int] = set()
    is_question: dict[int, bool] = {}
    seen_derived: set[str] = set()
    for position, (index, level) in enumerate(headings):
        inline = tokens[index + 1]
        match = _ATTR_RE.match(inline.content)
        is_question[index] = bool(match)
        if not match:
            continue
        start_line = (tokens[index].map or [0, 1])[0]
        end_index, end_line = len(tokens), len(lines)
        for later, later_level in headings[position + 1 :]:
            if later_level <= level:
                end_index, end_line = later, (tokens[later].map or [len(lines)])[0]
                break
        removed.update(range(start_line, end_line))
        title = match.group(1).strip()
        parsed = _attributes(path, start_line + offset, match.group(2), diags)
        if parsed is None:
            continue
        question_id, kind = parsed
        derived = question_id is None
        if question_id is None:
            question_id = derive_question_id(lesson_id, title)
            while question_id in seen_derived:
                question_id += "-2"
            seen_derived.add(question_id)
            diags.append(
                warning(
                    path,
                    start_line + offset,
                    "derived-id",
                    f"question has no id; using '{question_id}'",
                    hint="add {#your-id} to the heading so rewording keeps learners' progress",
                )
            )
        if kind is None:
            diags.append(
                error(
                    path,
                    start_line + offset,
                    "missing-type",
                    "question has no type",
                    hint="add one of " + ", ".join("." + k for k in _KINDS) + " to the heading's {…}",
                )
            )
            continue
        section = Section(
            path=path,
            lines=lines,
            line_offset=offset,
            tokens=tokens,
            heading=index,
            end=end_index,
            end_line=end_line,
            question_id=question_id,
            id_derived=derived,
            kind=kind,
            title=title,
        )
        question = parse_question(section)
        diags.extend(section.diagnostics)
        if question is not None:
            questions.append(question)
    # Drop headings whose whole section is questions (typically "## Quiz").
    for position, (index, level) in enumerate(headings):
        if is_question[index]:
            continue
        start_line = (tokens[index].map or [0, 1])[0]
        end_line = len(lines)
        for later, later_level in headings[position + 1 :]:
            if later_level <= level:
                end_line = (tokens[later].map or [len(lines)])[0]
                break
        heading_end = (tokens[index].map or [0, 1])[1]
        rest = range(heading_end, end_line)
        if any(i in removed for i in rest) and all(i in removed or not lines[i].strip() for i in rest):
            removed.update(range(start_line, heading_end))
    return questions, removed


def _attributes(
    path: str, line: int, attrs: str, diags: list[Diagnostic]
) -> tuple[str | None, QuestionKind | None] | None:
    question_id: str | None = None
    kind: QuestionKind | None = None
    for part in attrs.split():
        if part.startswith("#") and question_id is None:
            question_id = part[1:]
            if not is_valid_id(question_id):
                diags.append(
                    error(
                        path,
                        line,
                        "invalid-id",
                        f"question id '{question_id}' is not a valid id",
                        hint="use lowercase letters, digits, '.', '_' and '-'",
                    )
                )
                return None
        elif part.startswith(".") and kind is None:
            kind = _KINDS.get(part[1:].lower())
            if kind is None:
                import difflib

                close = difflib.get_close_matches(part[1:].lower(), list(_KINDS), n=1)
                diags.append(
                    error(
                        path,
                        line,
                        "unknown-type",
                        f"unknown question type '{part}'",
                        hint=f"did you mean '.{close[0]}'?"
                        if close
                        else "use one of " + ", ".join("." + k for k in _KINDS),
                    )
                )
                return None
        else:
            diags.append(
                error(
                    path,
                    line,
                    "bad-attribute",
                    f"unexpected '{part}' in the heading's {{…}}",
                    hint="write one #id and one .type, e.g. {#my-question .single}",
                )
            )
            return None
    return question_id, kind


def _links(tokens: list[Token], lines: list[str], offset: int) -> list[Link]:
    links: list[Link] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        block_map = token.map or [0, 1]
        for child in token.children:
            if child.type == "link_open":
                target = str(child.attrs.get("href", ""))
                image = False
            elif child.type == "image":
                target = str(child.attrs.get("src", ""))
                image = True
            else:
                continue
            line, col = _locate(lines, block_map, target)
            links.append(Link(target=target, line=line + offset, col=col, image=image))
    return links


def _locate(lines: list[str], block_map: list[int], needle: str) -> tuple[int, int]:
    for index in range(block_map[0], min(block_map[1], len(lines))):
        col = lines[index].find(needle) if needle else -1
        if col >= 0:
            return index, col + 1
    return block_map[0], 1


def _check_control_characters(path: str, text: str, diags: list[Diagnostic]) -> None:
    match = _CONTROL_RE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        diags.append(
            warning(
                path,
                line,
                "control-character",
                f"control character U+{ord(match.group()):04X} in text; it will be removed when shown",
                col=col,
            )
        )
