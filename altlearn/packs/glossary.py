"""Course glossaries: a Markdown table of Japanese | Romaji | Meaning."""

from __future__ import annotations

import re

from altlearn.domain.diagnostics import Diagnostic, error, warning
from altlearn.domain.model import GlossaryEntry, SourceLocation
from altlearn.packs.markdown import markdown_parser

_HEADERS = ("japanese", "romaji", "meaning")
JAPANESE_RUN_RE = re.compile(
    r"[\u3041-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\uff66-\uff9f]+"
)
"""A run of Japanese script: hiragana, katakana (full and half width), kanji and 々."""


def parse_glossary(path: str, text: str) -> tuple[list[GlossaryEntry], list[Diagnostic]]:
    """Read the first table of a glossary file."""
    tokens = markdown_parser().parse(text)
    diags: list[Diagnostic] = []
    start = next((i for i, t in enumerate(tokens) if t.type == "table_open"), None)
    if start is None:
        return [], [
            error(
                path,
                1,
                "glossary-no-table",
                "glossary has no table",
                hint="write a table with the columns Japanese | Romaji | Meaning",
            )
        ]
    rows: list[tuple[int, list[str]]] = []
    current: list[str] = []
    row_line = 1
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            current = []
            row_line = (token.map or [0])[0] + 1
        elif token.type == "inline":
            current.append(token.content.strip())
        elif token.type == "tr_close":
            rows.append((row_line, current))
    header_line, header = rows[0]
    if tuple(cell.lower() for cell in header[:3]) != _HEADERS:
        diags.append(
            error(
                path,
                header_line,
                "glossary-columns",
                "glossary table must start with the columns Japanese | Romaji | Meaning",
            )
        )
        return [], diags
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for line, cells in rows[1:]:
        cells = [*cells, "", "", ""][:3]
        if not all(cells):
            diags.append(
                error(
                    path, line, "glossary-incomplete", "glossary row needs a term, its romaji and its meaning"
                )
            )
            continue
        term = cells[0]
        if term in seen:
            diags.append(
                warning(path, line, "glossary-duplicate", f"'{term}' is already defined on line {seen[term]}")
            )
            continue
        seen[term] = line
        entries.append(
            GlossaryEntry(term=term, romaji=cells[1], meaning=cells[2], location=SourceLocation(path, line))
        )
    return entries, diags


def missing_terms(
    text: str, entries: list[GlossaryEntry] | tuple[GlossaryEntry, ...]
) -> list[tuple[str, int, int]]:
    """Japanese runs in ``text`` that no glossary term contains: ``(run, line, col)``, first use only."""
    known = "\n".join(entry.term for entry in entries)
    missing: list[tuple[str, int, int]] = []
    reported: set[str] = set()
    for match in JAPANESE_RUN_RE.finditer(text):
        run = match.group()
        if run in reported or run in known:
            continue
        reported.add(run)
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        missing.append((run, line, col))
    return missing
