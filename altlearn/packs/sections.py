"""Splitting a lesson body into sections (for search, and opening a lesson at a hit)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Section:
    """A heading and the text under it, up to the next heading."""

    index: int
    heading: str
    level: int
    text: str


def split_sections(body: str) -> list[Section]:
    """Sections of a Markdown body; text before the first heading is section 0 with no heading."""
    sections: list[Section] = []
    heading, level = "", 0
    lines: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)[0]
            fence = None if fence == marker else (fence or marker)
        match = _HEADING.match(line) if fence is None else None
        if match:
            if heading or any(part.strip() for part in lines):
                sections.append(Section(len(sections), heading, level, "\n".join(lines).strip()))
            heading, level, lines = match.group(2).strip(), len(match.group(1)), []
        else:
            lines.append(line)
    if heading or any(part.strip() for part in lines):
        sections.append(Section(len(sections), heading, level, "\n".join(lines).strip()))
    return sections
