"""Lesson front matter: a small, strict subset of YAML with line numbers.

Supported: ``key: value`` lines; values as plain or quoted strings; lists as
``[a, b]`` or as following ``- item`` lines; ``#`` comments. Anything else is
reported with its line, because a learner-facing error is better than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from altlearn.domain.diagnostics import Diagnostic, error

_KEY_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*))?$")
_ITEM_RE = re.compile(r"\s+-\s+(.*)$|\s*-\s+(.*)$")


@dataclass(frozen=True)
class Field:
    """One front matter value and the line it came from."""

    value: str | list[str]
    line: int


@dataclass
class FrontMatter:
    """The parsed front matter and where the Markdown body starts (1-based)."""

    fields: dict[str, Field]
    body_line: int
    body: str


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Split ``text`` into front matter fields and the Markdown body.

    Returns None (with an error) when the file has no well-formed front matter.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, [
            error(
                path,
                1,
                "missing-front-matter",
                "lesson must start with front matter between '---' lines",
                hint="begin the file with ---, then id:, title: and minutes: lines, then ---",
            )
        ]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [error(path, 1, "unclosed-front-matter", "front matter is not closed by a '---' line")]
    diagnostics: list[Diagnostic] = []
    fields: dict[str, Field] = {}
    pending_list: tuple[str, int] | None = None
    for index in range(1, end):
        raw = lines[index]
        line_no = index + 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if pending_list is not None:
            item = _ITEM_RE.match(raw)
            if item:
                key, _key_line = pending_list
                current = fields[key].value
                assert isinstance(current, list)
                current.append(_scalar(item.group(1) or item.group(2) or ""))
                continue
        if raw[:1].isspace():
            diagnostics.append(
                error(path, line_no, "front-matter-syntax", "unexpected indented line in front matter")
            )
            continue
        match = _KEY_RE.match(raw.rstrip())
        if not match:
            diagnostics.append(
                error(
                    path,
                    line_no,
                    "front-matter-syntax",
                    f"expected 'key: value' in front matter, found {stripped[:40]!r}",
                )
            )
            pending_list = None
            continue
        key, value = match.group(1), (match.group(2) or "").strip()
        if key in fields:
            diagnostics.append(
                error(
                    path,
                    line_no,
                    "duplicate-field",
                    f"'{key}' is given twice (first on line {fields[key].line})",
                )
            )
            continue
        value = _strip_comment(value)
        if value == "":
            fields[key] = Field([], line_no)
            pending_list = (key, line_no)
            continue
        pending_list = None
        if value.startswith("["):
            if not value.endswith("]"):
                diagnostics.append(
                    error(path, line_no, "front-matter-syntax", f"list for '{key}' is not closed with ']'")
                )
                continue
            inner = value[1:-1].strip()
            items = [_scalar(part) for part in inner.split(",")] if inner else []
            fields[key] = Field([item for item in items if item], line_no)
        else:
            fields[key] = Field(_scalar(value), line_no)
    body_lines = lines[end + 1 :]
    return FrontMatter(fields=fields, body_line=end + 2, body="\n".join(body_lines)), diagnostics


def _strip_comment(value: str) -> str:
    if value[:1] in ('"', "'"):
        return value
    cut = value.find(" #")
    return value[:cut].rstrip() if cut >= 0 else value


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in ('"', "'"):
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return value
