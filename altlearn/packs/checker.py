"""``altlearn pack check``: load every pack under some paths and gather diagnostics."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from altlearn.domain.diagnostics import Diagnostic, error
from altlearn.errors import PackError
from altlearn.packs.loader import LoadResult, discover_packs, load_pack


@dataclass
class CheckReport:
    """The outcome of checking some paths: loaded packs and located diagnostics.

    Diagnostic paths are rebased so they read as the user named the pack
    (``content/starter/lessons/01.md``), ready to click in an editor.
    """

    results: list[LoadResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        """Number of errors."""
        return sum(d.is_error for d in self.diagnostics)

    @property
    def warning_count(self) -> int:
        """Number of warnings."""
        return sum(not d.is_error for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        """True when nothing blocks installing the packs."""
        return self.error_count == 0

    def summary(self) -> str:
        """One line: counts of errors, warnings, packs, lessons and questions."""
        lessons = sum(len(list(r.pack.lessons)) for r in self.results if r.pack)
        questions = sum(len(list(r.pack.questions)) for r in self.results if r.pack)
        packs = len(self.results)
        return (
            f"{_plural(self.error_count, 'error')}, {_plural(self.warning_count, 'warning')} "
            f"in {_plural(packs, 'pack')} ({_plural(lessons, 'lesson')}, {_plural(questions, 'question')})"
        )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary of the report."""
        return {
            "ok": self.ok,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "packs": [
                {
                    "path": _display(r.root),
                    "id": r.pack.id if r.pack else None,
                    "version": r.pack.version if r.pack else None,
                    "lessons": len(list(r.pack.lessons)) if r.pack else 0,
                    "questions": len(list(r.pack.questions)) if r.pack else 0,
                }
                for r in self.results
            ],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


def check_paths(paths: list[Path]) -> CheckReport:
    """Check every pack found at or under ``paths``.

    A path that does not exist or holds no pack is itself an error diagnostic,
    so one bad argument does not hide the others' results.
    """
    report = CheckReport()
    seen: set[Path] = set()
    for path in paths:
        try:
            roots = discover_packs(path)
        except PackError as exc:
            report.diagnostics.append(error(str(path), 1, "no-pack", exc.message, hint=exc.hint or ""))
            continue
        for root in roots:
            resolved = root.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            result = load_pack(root)
            report.results.append(result)
            prefix = _display(root)
            for diagnostic in result.diagnostics:
                shown = diagnostic.path if prefix in ("", ".") else f"{prefix}/{diagnostic.path}"
                if diagnostic.path == ".":
                    shown = prefix or "."
                report.diagnostics.append(dataclasses.replace(diagnostic, path=shown))
    return report


def _display(root: Path) -> str:
    try:
        rel = os.path.relpath(root)
    except ValueError:
        rel = str(root)
    shown = rel if not rel.startswith("..") else str(root)
    return Path(shown).as_posix()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
