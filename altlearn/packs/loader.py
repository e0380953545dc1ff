"""Load a pack directory: files -> manifest -> lessons -> one :class:`Pack`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from altlearn.domain.diagnostics import Diagnostic, error, warning
from altlearn.domain.model import Course, GlossaryEntry, Pack, SourceLocation
from altlearn.packs.discovery import DISCOVERY_DEPTH, discover_packs
from altlearn.packs.files import PackFiles, scan_pack
from altlearn.packs.glossary import parse_glossary
from altlearn.packs.lesson_parser import ParsedLesson, parse_lesson
from altlearn.packs.limits import LESSON_WARN_BYTES
from altlearn.packs.manifest import MANIFEST_NAME, parse_manifest
from altlearn.packs.validate import check_glossary, check_ids, check_links, check_prerequisites


@dataclass
class LoadResult:
    """A loaded pack (None when the manifest is unusable) and everything found wrong.

    Diagnostics carry paths relative to ``root``.
    """

    root: Path
    pack: Pack | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the diagnostics that block installing the pack."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        """True when the pack loaded and has no errors (warnings allowed)."""
        return self.pack is not None and not self.errors


def load_pack(root: Path) -> LoadResult:
    """Parse and validate the pack in ``root``. Never raises on bad content."""
    files = scan_pack(root)
    result = LoadResult(root=root, pack=None, diagnostics=list(files.diagnostics))
    diags = result.diagnostics
    if MANIFEST_NAME not in files.sizes:
        diags.append(error(MANIFEST_NAME, 1, "missing-manifest", f"no {MANIFEST_NAME} in the pack directory"))
        return _sorted(result)
    text, read_diags = files.read_text(MANIFEST_NAME)
    diags.extend(read_diags)
    if text is None:
        return _sorted(result)
    manifest, manifest_diags = parse_manifest(text)
    diags.extend(manifest_diags)
    if manifest is None:
        return _sorted(result)

    parsed: list[ParsedLesson] = []
    courses: list[Course] = []
    for spec in manifest.courses:
        course_lessons: list[ParsedLesson] = []
        for path in spec.lessons:
            lesson_result = _load_lesson(files, path, spec.id, spec.lesson_lines[path], diags)
            if lesson_result is not None:
                course_lessons.append(lesson_result)
        glossary: tuple[GlossaryEntry, ...] = ()
        if spec.glossary is not None:
            if spec.glossary not in files.sizes:
                diags.append(
                    error(
                        MANIFEST_NAME,
                        spec.glossary_line,
                        "missing-file",
                        f"glossary '{spec.glossary}' does not exist",
                    )
                )
            else:
                glossary_text, glossary_read = files.read_text(spec.glossary)
                diags.extend(glossary_read)
                if glossary_text is not None:
                    entries, glossary_diags = parse_glossary(spec.glossary, glossary_text)
                    diags.extend(glossary_diags)
                    glossary = tuple(entries)
        course = Course(
            id=spec.id,
            title=spec.title,
            description=spec.description,
            mastery=spec.mastery,
            lessons=tuple(p.lesson for p in course_lessons if p.lesson is not None),
            glossary=glossary,
            location=SourceLocation(MANIFEST_NAME, spec.line),
        )
        courses.append(course)
        parsed.extend(course_lessons)
        diags.extend(check_glossary(course, course_lessons))

    diags.extend(check_ids(manifest, parsed))
    diags.extend(check_prerequisites(parsed))
    diags.extend(check_links(files, parsed))
    diags.extend(_orphans(files, manifest_lessons={p for s in manifest.courses for p in s.lessons}))
    result.pack = Pack(
        id=manifest.id,
        title=manifest.title or manifest.id,
        version=manifest.version,
        description=manifest.description,
        authors=tuple(manifest.authors),
        license=manifest.license,
        language=manifest.language,
        min_altlearn=manifest.min_altlearn,
        courses=tuple(courses),
        renamed=dict(manifest.renamed),
        retired=tuple(manifest.retired),
        location=SourceLocation(MANIFEST_NAME, 1),
    )
    return _sorted(result)


def _load_lesson(
    files: PackFiles, path: str, course_id: str, manifest_line: int, diags: list[Diagnostic]
) -> ParsedLesson | None:
    if path not in files.sizes:
        diags.append(
            error(
                MANIFEST_NAME,
                manifest_line,
                "missing-file",
                f"lesson '{path}' is listed but does not exist",
                hint="check the path's spelling and that the file is committed",
            )
        )
        return None
    text, read_diags = files.read_text(path)
    diags.extend(read_diags)
    if text is None:
        return None
    if files.sizes[path] > LESSON_WARN_BYTES:
        diags.append(
            warning(
                path,
                1,
                "long-lesson",
                f"lesson is {files.sizes[path] // 1024} KiB; over {LESSON_WARN_BYTES // 1024} KiB reads slowly",
                hint="split it into shorter lessons",
            )
        )
    lesson_result = parse_lesson(path, text, course_id)
    diags.extend(lesson_result.diagnostics)
    return lesson_result


def _orphans(files: PackFiles, manifest_lessons: set[str]) -> list[Diagnostic]:
    diags = []
    for path in sorted(files.sizes):
        if not path.endswith(".md") or path in manifest_lessons or files.sizes[path] > LESSON_WARN_BYTES:
            continue
        try:
            with open(files.root / path, "rb") as handle:
                head = handle.read(64)
        except OSError:
            continue
        if head.startswith(b"---") and b"\nid:" in head:
            diags.append(
                warning(
                    path,
                    1,
                    "unlisted-lesson",
                    "this file looks like a lesson but no course in pack.toml lists it",
                    hint="add it to a course's lessons, or delete it",
                )
            )
    return diags


def _sorted(result: LoadResult) -> LoadResult:
    result.diagnostics.sort(key=lambda d: (d.path != MANIFEST_NAME, d.path, d.line, d.col))
    return result


__all__ = ["DISCOVERY_DEPTH", "LoadResult", "discover_packs", "load_pack"]
