"""Progress of a sync, as the CLI and the Packs screen show it.

:class:`SyncProgress` is what a progress callback receives: small, frozen and safe
to hand from a worker thread to the UI thread. :func:`parse_git_progress` reads one
line of ``git fetch --progress`` output (pure, unit-tested); :func:`format_bytes`
and :func:`format_progress` turn figures into the short text both front ends show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """The steps of a sync, in order."""

    CONNECTING = "connecting"
    COUNTING = "counting"
    RECEIVING = "receiving"
    RESOLVING = "resolving"
    CHECKING = "checking"
    INSTALLING = "installing"
    DONE = "done"


@dataclass(frozen=True)
class SyncProgress:
    """One progress report.

    Attributes:
        phase: The current step.
        received_bytes: Pack bytes received so far in this fetch.
        rate: Bytes per second over the last moments (0.0 when unknown).
        objects_done: Objects handled in this phase, when git says.
        objects_total: Objects to handle in this phase, when git says.
        message: A short human-readable line (source or pack name, or git's words).
    """

    phase: Phase
    received_bytes: int = 0
    rate: float = 0.0
    objects_done: int | None = None
    objects_total: int | None = None
    message: str = ""


ProgressCallback = Callable[[SyncProgress], None]
"""Called from the syncing thread; must return quickly (post a message, print a line)."""


@dataclass(frozen=True)
class GitProgressLine:
    """What one line of git's progress output says."""

    phase: Phase
    done: int | None = None
    total: int | None = None


_PHASES = (
    ("Receiving objects", Phase.RECEIVING),
    ("Resolving deltas", Phase.RESOLVING),
    ("Enumerating objects", Phase.COUNTING),
    ("Counting objects", Phase.COUNTING),
    ("Compressing objects", Phase.COUNTING),
)
_COUNTS = re.compile(r"\((\d+)/(\d+)\)")
_DONE_COUNT = re.compile(r":\s*(\d+), done")


def parse_git_progress(line: str) -> GitProgressLine | None:
    """Read a line of ``git fetch --progress`` stderr; None when it is not progress.

    >>> parse_git_progress("Receiving objects:  45% (450/1000), 1.20 MiB | 300.00 KiB/s")
    GitProgressLine(phase=<Phase.RECEIVING: 'receiving'>, done=450, total=1000)
    """
    text = line.strip()
    if text.startswith("remote:"):
        text = text[len("remote:") :].strip()
    for prefix, phase in _PHASES:
        if text.startswith(prefix):
            counts = _COUNTS.search(text)
            if counts:
                return GitProgressLine(phase, int(counts.group(1)), int(counts.group(2)))
            done = _DONE_COUNT.search(text)
            if done:
                return GitProgressLine(phase, int(done.group(1)), int(done.group(1)))
            return GitProgressLine(phase)
    return None


def format_bytes(count: float) -> str:
    """``1234567`` -> ``"1.2 MB"`` (decimal units, as network speeds are quoted)."""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def format_progress(progress: SyncProgress) -> str:
    """One short line: phase, bytes, rate and object counts when known."""
    parts = [str(progress.phase)]
    if progress.received_bytes:
        parts.append(format_bytes(progress.received_bytes))
    if progress.rate:
        parts.append(f"at {format_bytes(progress.rate)}/s")
    if progress.objects_total:
        parts.append(f"({progress.objects_done or 0}/{progress.objects_total} objects)")
    if progress.message:
        parts.append(f"- {progress.message}")
    return " ".join(parts)
