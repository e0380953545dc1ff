"""Checks that need the whole pack: ids, prerequisites, renames, links, glossary."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from altlearn.domain.diagnostics import Diagnostic, error, warning
from altlearn.domain.model import Course
from altlearn.packs.files import PackFiles
from altlearn.packs.glossary import missing_terms
from altlearn.packs.lesson_parser import ParsedLesson
from altlearn.packs.manifest import MANIFEST_NAME, Manifest

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = {"http", "https", "mailto"}


def check_ids(manifest: Manifest, parsed: list[ParsedLesson]) -> list[Diagnostic]:
    """Ids unique across courses, lessons and questions; renamed/retired coherent."""
    diags: list[Diagnostic] = []
    where: dict[str, str] = {}

    def claim(item_id: str, path: str, line: int, what: str) -> None:
        if item_id in where:
            diags.append(
                error(
                    path,
                    line,
                    "duplicate-id",
                    f"{what} id '{item_id}' is already used at {where[item_id]}",
                    hint="ids must be unique within a pack across courses, lessons and questions",
                )
            )
        else:
            where[item_id] = f"{path}:{line}"

    for course in manifest.courses:
        claim(course.id, MANIFEST_NAME, course.line, "course")
    for lesson_result in parsed:
        lesson = lesson_result.lesson
        if lesson is None:
            continue
        claim(lesson.id, lesson_result.path, lesson_result.id_line, "lesson")
        for question in lesson.questions:
            claim(question.id, question.location.path, question.location.line, "question")

    for old, new in manifest.renamed.items():
        renamed_line = manifest.id_lines.get(old, 1)
        if old in where:
            diags.append(
                error(
                    MANIFEST_NAME,
                    renamed_line,
                    "renamed-id-in-use",
                    f"'{old}' is renamed to '{new}' but is still used at {where[old]}",
                )
            )
        if old in manifest.retired:
            diags.append(
                error(
                    MANIFEST_NAME, renamed_line, "renamed-and-retired", f"'{old}' is both renamed and retired"
                )
            )
        target, seen = new, {old}
        while target in manifest.renamed and target not in seen:
            seen.add(target)
            target = manifest.renamed[target]
        if target in seen:
            diags.append(
                error(MANIFEST_NAME, renamed_line, "rename-cycle", f"renaming '{old}' goes round in a cycle")
            )
        elif target not in where:
            diags.append(
                error(
                    MANIFEST_NAME,
                    renamed_line,
                    "renamed-target-missing",
                    f"'{old}' is renamed to '{target}', which does not exist in the pack",
                )
            )
    for old in manifest.retired:
        renamed_line = manifest.id_lines.get(old, 1)
        if old in where:
            diags.append(
                error(
                    MANIFEST_NAME,
                    renamed_line,
                    "retired-id-in-use",
                    f"'{old}' is retired but still used at {where[old]}",
                    hint="remove it from ids.retired, or give the item a new id",
                )
            )
    return diags


def check_prerequisites(parsed: list[ParsedLesson]) -> list[Diagnostic]:
    """Prerequisites name lessons of this pack and form no cycle."""
    diags: list[Diagnostic] = []
    lessons = {p.lesson.id: p for p in parsed if p.lesson is not None}
    for result in lessons.values():
        assert result.lesson is not None
        for prerequisite in result.lesson.prerequisites:
            line = result.prerequisite_lines.get(prerequisite, 1)
            if prerequisite == result.lesson.id:
                diags.append(error(result.path, line, "prerequisite-cycle", "a lesson cannot require itself"))
            elif prerequisite not in lessons:
                diags.append(
                    error(
                        result.path,
                        line,
                        "unknown-prerequisite",
                        f"prerequisite '{prerequisite}' is not a lesson of this pack",
                    )
                )
    # Cycles longer than one: depth-first search with colours.
    state: dict[str, int] = {}

    def visit(lesson_id: str, trail: list[str]) -> None:
        state[lesson_id] = 1
        result = lessons[lesson_id]
        assert result.lesson is not None
        for nxt in result.lesson.prerequisites:
            if nxt not in lessons or nxt == lesson_id:
                continue
            if state.get(nxt) == 1:
                cycle = " -> ".join([*trail[trail.index(nxt) :], nxt]) if nxt in trail else nxt
                diags.append(
                    error(
                        result.path,
                        result.prerequisite_lines.get(nxt, 1),
                        "prerequisite-cycle",
                        f"prerequisites form a cycle: {cycle}",
                    )
                )
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[lesson_id] = 2

    for lesson_id in lessons:
        if lesson_id not in state:
            visit(lesson_id, [lesson_id])
    return diags


def check_links(files: PackFiles, parsed: list[ParsedLesson]) -> list[Diagnostic]:
    """Links stay in the pack, point at files that exist and use safe schemes."""
    diags: list[Diagnostic] = []
    for result in parsed:
        base = posixpath.dirname(result.path)
        for link in result.links:
            target = link.target.strip()
            what = "image" if link.image else "link"
            if not target:
                diags.append(
                    error(result.path, link.line, "broken-link", f"{what} has no target", col=link.col)
                )
                continue
            if target.startswith("#"):
                continue
            scheme = _SCHEME_RE.match(target)
            if scheme:
                if scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                    diags.append(
                        error(
                            result.path,
                            link.line,
                            "bad-link-scheme",
                            f"{what} uses the '{scheme.group(1)}:' scheme; only http, https and mailto are allowed",
                            col=link.col,
                        )
                    )
                continue
            if target.startswith("//"):
                diags.append(
                    error(
                        result.path,
                        link.line,
                        "bad-link-scheme",
                        f"write the {what} as https://…",
                        col=link.col,
                    )
                )
                continue
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            if not path:
                continue
            resolved = posixpath.normpath(posixpath.join(base, path))
            if path.startswith("/") or resolved == ".." or resolved.startswith("../"):
                diags.append(
                    error(
                        result.path,
                        link.line,
                        "link-outside-pack",
                        f"{what} '{target}' leads outside the pack",
                        col=link.col,
                    )
                )
            elif resolved not in files:
                diags.append(
                    error(
                        result.path,
                        link.line,
                        "broken-link",
                        f"{what} '{target}' points to '{resolved}', which does not exist",
                        col=link.col,
                    )
                )
    return diags


def check_glossary(course: Course, parsed: list[ParsedLesson]) -> list[Diagnostic]:
    """Warn about Japanese terms in a course's lessons that its glossary lacks."""
    if not course.glossary:
        return []
    diags: list[Diagnostic] = []
    for result in parsed:
        if result.lesson is None or result.lesson.course_id != course.id:
            continue
        for run, line, col in missing_terms(result.text, course.glossary):
            diags.append(
                warning(
                    result.path,
                    line,
                    "glossary-missing-term",
                    f"'{run}' is not in the course glossary",
                    col=col,
                    hint="add a row for it (Japanese | Romaji | Meaning) to the glossary",
                )
            )
    return diags
