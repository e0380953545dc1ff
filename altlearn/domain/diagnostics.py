"""Diagnostics: what the pack checker reports, compiler style."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is. Errors stop a pack from being installed."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One finding about a pack, located at a file, line and column.

    Attributes:
        path: The file, as the user named it or relative to the checked path.
        line: 1-based line number (1 when the whole file is concerned).
        col: 1-based column number.
        severity: Error or warning.
        code: A short stable name for the kind of finding, e.g. ``duplicate-id``.
        message: What is wrong, in one sentence.
        hint: What to do about it, if it is not obvious.
    """

    path: str
    line: int
    col: int = 1
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        """True when this diagnostic blocks installing the pack."""
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """Render as ``path:line:col: severity: message [code]`` (plus the hint)."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def error(path: str, line: int, code: str, message: str, *, col: int = 1, hint: str = "") -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(
        path=path, line=line, col=col, severity=Severity.ERROR, code=code, message=message, hint=hint
    )


def warning(path: str, line: int, code: str, message: str, *, col: int = 1, hint: str = "") -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(
        path=path, line=line, col=col, severity=Severity.WARNING, code=code, message=message, hint=hint
    )
