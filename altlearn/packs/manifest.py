"""``pack.toml``: read, validate and locate every value by line.

``tomllib`` gives no positions, so values are located by searching the source
text; that is exact for the keys and strings a manifest holds and good enough
to point an author at the right line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from altlearn import __version__
from altlearn.domain.diagnostics import Diagnostic, error
from altlearn.domain.ids import is_valid_id
from altlearn.packs.files import safe_relpath
from altlearn.packs.versions import parse_version

MANIFEST_NAME = "pack.toml"
FORMAT_VERSION = 1

_TOP_KEYS = {
    "format",
    "id",
    "title",
    "version",
    "description",
    "authors",
    "license",
    "language",
    "min_altlearn",
    "courses",
    "ids",
}
_REQUIRED_TOP = ("id", "title", "version", "description", "authors", "license", "language", "courses")
_COURSE_KEYS = {"id", "title", "description", "mastery", "glossary", "lessons"}
_IDS_KEYS = {"renamed", "retired"}
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass
class CourseSpec:
    """A course as the manifest declares it."""

    id: str
    title: str
    description: str
    mastery: float
    glossary: str | None
    lessons: list[str]
    line: int
    lesson_lines: dict[str, int] = field(default_factory=dict)
    glossary_line: int = 1


@dataclass
class Manifest:
    """The validated manifest. Fields hold defaults where a value was invalid."""

    id: str = ""
    title: str = ""
    version: str = "0"
    description: str = ""
    authors: list[str] = field(default_factory=list)
    license: str = ""
    language: str = "en"
    min_altlearn: str = "0"
    courses: list[CourseSpec] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    retired: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    id_lines: dict[str, int] = field(default_factory=dict)
    """Line of each old id in ``[ids.renamed]`` and each id in ``ids.retired``."""


class _Lines:
    """Find the line of keys and strings in the manifest source."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.course_headers = [
            i + 1 for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*courses\s*\]\]", line)
        ]

    def key(self, key: str, start: int = 1, end: int | None = None) -> int:
        pattern = re.compile(rf"\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        return self._search(pattern, start, end)

    def string(self, value: str, start: int = 1, end: int | None = None, nth: int = 1) -> int:
        """Line of the ``nth`` quoted occurrence of ``value`` from ``start``."""
        pattern = re.compile(rf"[\"']{re.escape(value)}[\"']")
        stop = len(self.lines) if end is None else min(end, len(self.lines))
        seen = 0
        for index in range(max(start, 1) - 1, stop):
            seen += len(pattern.findall(self.lines[index]))
            if seen >= nth:
                return index + 1
        return start

    def table(self, name: str) -> int:
        return self._search(re.compile(rf"\s*\[\s*{re.escape(name)}\s*\]"), 1, None)

    def _search(
        self, pattern: re.Pattern[str], start: int, end: int | None, *, anywhere: bool = False
    ) -> int:
        stop = len(self.lines) if end is None else min(end, len(self.lines))
        find = pattern.search if anywhere else pattern.match
        for index in range(max(start, 1) - 1, stop):
            if find(self.lines[index]):
                return index + 1
        return start

    def course_range(self, index: int) -> tuple[int, int | None]:
        if index < len(self.course_headers):
            start = self.course_headers[index]
            end = self.course_headers[index + 1] if index + 1 < len(self.course_headers) else None
            if end is None:
                # A later top-level table ends the course table.
                for i in range(start, len(self.lines)):
                    if re.match(r"\s*\[(?!\[)", self.lines[i]) and not self.lines[i].strip().startswith(
                        "[courses"
                    ):
                        end = i + 1
                        break
            return start, end
        return 1, None


def parse_manifest(text: str, path: str = MANIFEST_NAME) -> tuple[Manifest | None, list[Diagnostic]]:
    """Validate manifest source ``text``; None when it cannot be used at all."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _toml_position(str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return None, [error(path, line, "manifest-syntax", f"invalid TOML: {message}", col=col)]
    lines = _Lines(text)
    diags: list[Diagnostic] = []
    manifest = Manifest()

    def err(line: int, code: str, message: str, hint: str = "") -> None:
        diags.append(error(path, line, code, message, hint=hint))

    for key in data:
        if key not in _TOP_KEYS:
            err(lines.key(key), "unknown-field", f"unknown manifest field '{key}'", _suggest(key, _TOP_KEYS))
    for key in _REQUIRED_TOP:
        if key not in data:
            err(1, "missing-field", f"manifest has no '{key}'", f"add {key} = ... to {path}")

    fmt = data.get("format", FORMAT_VERSION)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        err(lines.key("format"), "invalid-field", "'format' must be a positive whole number")
    elif fmt > FORMAT_VERSION:
        err(
            lines.key("format"),
            "format-too-new",
            f"pack format {fmt} is newer than this altlearn understands ({FORMAT_VERSION})",
            "update altlearn",
        )

    manifest.id = _string(data, "id", lines, err) or ""
    if manifest.id and not is_valid_id(manifest.id):
        err(lines.key("id"), "invalid-id", f"pack id '{manifest.id}' is not a valid id", _ID_HINT)
    manifest.title = _string(data, "title", lines, err) or ""
    manifest.description = _string(data, "description", lines, err, allow_empty=True) or ""
    manifest.license = _string(data, "license", lines, err) or ""
    manifest.language = _string(data, "language", lines, err) or "en"
    if "language" in data and not _LANGUAGE_RE.fullmatch(manifest.language):
        err(
            lines.key("language"),
            "invalid-field",
            f"'{manifest.language}' is not a language tag like 'en' or 'ja'",
        )
    version = _string(data, "version", lines, err)
    if version is not None:
        if parse_version(version) is None:
            err(
                lines.key("version"),
                "invalid-version",
                f"version '{version}' must be dotted numbers like 1.2.0",
            )
        else:
            manifest.version = version
    min_version = data.get("min_altlearn")
    if min_version is not None:
        parsed = parse_version(min_version) if isinstance(min_version, str) else None
        if parsed is None:
            err(
                lines.key("min_altlearn"),
                "invalid-version",
                "'min_altlearn' must be dotted numbers like 0.1.0",
            )
        else:
            manifest.min_altlearn = str(min_version)
            current = parse_version(__version__)
            if current is not None and parsed > current:
                err(
                    lines.key("min_altlearn"),
                    "needs-newer-altlearn",
                    f"pack needs altlearn {min_version} or newer; this is {__version__}",
                    "update altlearn",
                )
    authors = data.get("authors")
    if authors is not None:
        if not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors):
            err(lines.key("authors"), "invalid-field", "'authors' must be a list of names")
        elif not authors:
            err(lines.key("authors"), "invalid-field", "'authors' must name at least one author")
        else:
            manifest.authors = [a.strip() for a in authors]
    manifest.lines = {key: lines.key(key) for key in data}

    _parse_courses(data.get("courses"), lines, manifest, err)
    _parse_ids(data.get("ids"), lines, manifest, err)
    usable = bool(manifest.id) and is_valid_id(manifest.id)
    return (manifest if usable else None), diags


_ID_HINT = "use lowercase letters, digits, '.', '_' and '-'; start and end with a letter or digit"


def _string(
    data: dict[str, Any], key: str, lines: _Lines, err: Any, *, allow_empty: bool = False
) -> str | None:
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str):
        err(lines.key(key), "invalid-field", f"'{key}' must be a string")
        return None
    if not value.strip() and not allow_empty:
        err(lines.key(key), "invalid-field", f"'{key}' must not be empty")
        return None
    return value.strip()


def _parse_courses(courses: Any, lines: _Lines, manifest: Manifest, err: Any) -> None:
    if courses is None:
        return
    if not isinstance(courses, list) or not courses:
        err(lines.key("courses"), "invalid-field", "'courses' must be one or more [[courses]] tables")
        return
    for index, course in enumerate(courses):
        start, end = lines.course_range(index)
        if not isinstance(course, dict):
            err(start, "invalid-field", "each course must be a [[courses]] table")
            continue
        for key in course:
            if key not in _COURSE_KEYS:
                err(
                    lines.key(key, start, end),
                    "unknown-field",
                    f"unknown course field '{key}'",
                    _suggest(key, _COURSE_KEYS),
                )
        course_id = course.get("id")
        if not isinstance(course_id, str) or not course_id:
            err(start, "missing-field", f"course {index + 1} has no 'id'")
            continue
        if not is_valid_id(course_id):
            err(
                lines.key("id", start, end),
                "invalid-id",
                f"course id '{course_id}' is not a valid id",
                _ID_HINT,
            )
            continue
        title = course.get("title")
        if not isinstance(title, str) or not title.strip():
            err(start, "missing-field", f"course '{course_id}' has no 'title'")
            title = course_id
        description = course.get("description", "")
        if not isinstance(description, str):
            err(
                lines.key("description", start, end), "invalid-field", "course 'description' must be a string"
            )
            description = ""
        mastery = course.get("mastery", 0.8)
        if isinstance(mastery, bool) or not isinstance(mastery, int | float) or not 0.5 <= mastery <= 1.0:
            err(
                lines.key("mastery", start, end),
                "invalid-field",
                f"course '{course_id}': 'mastery' must be a number from 0.5 to 1.0",
            )
            mastery = 0.8
        spec = CourseSpec(
            id=course_id,
            title=title.strip(),
            description=description.strip(),
            mastery=float(mastery),
            glossary=None,
            lessons=[],
            line=start,
        )
        glossary = course.get("glossary")
        if glossary is not None:
            spec.glossary_line = lines.key("glossary", start, end)
            safe = safe_relpath(glossary) if isinstance(glossary, str) else None
            if safe is None:
                err(
                    spec.glossary_line, "unsafe-path", f"glossary path {glossary!r} must stay inside the pack"
                )
            else:
                spec.glossary = safe
        lessons = course.get("lessons")
        if not isinstance(lessons, list) or not lessons:
            err(
                lines.key("lessons", start, end) if lessons is not None else start,
                "missing-field",
                f"course '{course_id}' lists no lessons",
                'add lessons = ["path/to/lesson.md", ...]',
            )
        else:
            occurrences: dict[str, int] = {}
            for item in lessons:
                occurrences[str(item)] = occurrences.get(str(item), 0) + 1
                item_line = (
                    lines.string(item, start, end, nth=occurrences[item]) if isinstance(item, str) else start
                )
                safe = safe_relpath(item) if isinstance(item, str) else None
                if safe is None:
                    err(
                        item_line,
                        "unsafe-path",
                        f"lesson path {item!r} must be a relative path inside the pack",
                    )
                    continue
                if safe in spec.lesson_lines:
                    err(item_line, "duplicate-lesson", f"lesson '{safe}' is listed twice")
                    continue
                spec.lessons.append(safe)
                spec.lesson_lines[safe] = item_line
        manifest.courses.append(spec)


def _parse_ids(ids: Any, lines: _Lines, manifest: Manifest, err: Any) -> None:
    if ids is None:
        return
    table_line = lines.table("ids")
    if not isinstance(ids, dict):
        err(lines.key("ids"), "invalid-field", "'ids' must be a table with 'renamed' and 'retired'")
        return
    for key in ids:
        if key not in _IDS_KEYS:
            err(
                lines.key(key, table_line),
                "unknown-field",
                f"unknown field 'ids.{key}'",
                _suggest(key, _IDS_KEYS),
            )
    retired = ids.get("retired", [])
    if not isinstance(retired, list) or not all(isinstance(x, str) for x in retired):
        err(lines.key("retired", table_line), "invalid-field", "'ids.retired' must be a list of ids")
    else:
        manifest.retired = list(retired)
        retired_line = lines.key("retired", table_line)
        for item in retired:
            manifest.id_lines[item] = lines.string(item, retired_line)
    renamed = ids.get("renamed", {})
    if not isinstance(renamed, dict) or not all(isinstance(v, str) for v in renamed.values()):
        err(lines.table("ids.renamed"), "invalid-field", "'ids.renamed' must map old ids to new ids")
    else:
        manifest.renamed = dict(renamed)
        renamed_line = lines.table("ids.renamed")
        for old in renamed:
            manifest.id_lines.setdefault(old, lines.key(old, renamed_line))


def _toml_position(message: str) -> tuple[int, int]:
    match = re.search(r"at line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _suggest(key: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else "known fields: " + ", ".join(sorted(known))
