"""Errors a user can act on.

Every error that reaches the user carries a message saying what went wrong and,
where there is one, a hint saying what to do about it. The CLI prints both and
exits non-zero; the terminal app shows them in a notification or a dialog.
"""

from __future__ import annotations


class AltlearnError(Exception):
    """An error caused by input or circumstances, not by a bug in altlearn.

    Args:
        message: What went wrong, in one sentence.
        hint: What the user can do about it, if anything.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class PackError(AltlearnError):
    """A content pack cannot be found, read or used."""


class StorageError(AltlearnError):
    """The progress store cannot be opened, migrated or written."""


class SyncError(AltlearnError):
    """A sync could not complete; the installed packs are unchanged."""


class ConfigError(AltlearnError):
    """The settings file is unreadable or holds a value out of range."""
