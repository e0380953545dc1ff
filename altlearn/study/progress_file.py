"""The progress file: the review and lesson logs as JSON Lines, and reading them back safely.

A progress file moves a learner's history between devices (a laptop and a
school PC). Line 1 is a header naming the format, its version and the device
that wrote it; then the scheduler settings the answers refer to, the review
log and the lesson log, one JSON object per line, each with a ``type``::

    {"format": "altlearn-progress", "version": 1, "device": "3f2a...", "exported_at": "...", ...}
    {"type": "params", "id": "9c1e...", "data": {"parameters": [...], "desired_retention": 0.9, ...}}
    {"type": "review", "uid": "...", "kind": "answer", "pack_id": "...", "question_id": "...",
     "reviewed_at": "2026-04-06T01:00:00.123Z", "rating": 3, ...}
    {"type": "lesson", "uid": "...", "kind": "quiz_passed", "pack_id": "...", "lesson_id": "...", ...}

Times are UTC with millisecond precision, exactly as the store keeps them.
Everything read from a file is checked field by field: a file is somebody
else's input, and one bad line must not slip a broken event into the log.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from altlearn.domain.diagnostics import Diagnostic
from altlearn.domain.ids import is_valid_id
from altlearn.domain.rating import Rating
from altlearn.domain.review import (
    Context,
    EventKind,
    Grading,
    LessonEvent,
    LessonEventKind,
    ReviewEvent,
)
from altlearn.domain.times import as_utc, from_epoch_ms, to_epoch_ms
from altlearn.errors import StorageError
from altlearn.study.scheduler import SchedulerSettings

FORMAT = "altlearn-progress"
FORMAT_VERSION = 1
"""Bump when a reader of the current version could not read the new files correctly."""

MAX_LINE_BYTES = 1 << 20
MAX_ANSWER_BYTES = 4096
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEX_ID = re.compile(r"[0-9a-f]{1,64}")
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # a device whose clock was reset still exports
_LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class ProgressFileError(StorageError):
    """A progress file cannot be imported; nothing was changed.

    Attributes:
        problems: One diagnostic per bad line (the first few hundred).
    """

    def __init__(self, message: str, problems: list[Diagnostic], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.problems = problems


class BadLine(ValueError):
    """One line of a progress file is not valid (the message says why)."""

    def __init__(self, message: str, code: str = "bad-line") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Header:
    """A progress file's first line."""

    version: int
    device: str
    exported_at: str = ""


@dataclass(frozen=True)
class ParamsLine:
    """Scheduler settings referenced by answers (``params_id``)."""

    id: str
    settings: SchedulerSettings


# Writing ------------------------------------------------------------------------------------


def format_time(moment: datetime) -> str:
    """``2026-04-06T01:00:00.123Z``: UTC, millisecond precision (what the store keeps)."""
    ms = to_epoch_ms(moment)
    whole = from_epoch_ms(ms - ms % 1000)
    return whole.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"


def dumps(data: dict[str, Any]) -> str:
    """One JSON line (no trailing newline)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def header_line(device: str, exported_at: datetime, **counts: Any) -> str:
    """The first line of a progress file."""
    return dumps(
        {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "device": device,
            "exported_at": format_time(exported_at),
            **counts,
        }
    )


def params_line(params_id: str, data: dict[str, Any]) -> str:
    """A ``params`` line."""
    return dumps({"type": "params", "id": params_id, "data": data})


def review_line(event: ReviewEvent) -> str:
    """A ``review`` line."""
    return dumps(
        {
            "type": "review",
            "uid": event.uid,
            "kind": str(event.kind),
            "pack_id": event.pack_id,
            "question_id": event.question_id,
            "reviewed_at": format_time(event.reviewed_at),
            "rating": int(event.rating) if event.rating is not None else None,
            "grading": str(event.grading) if event.grading is not None else None,
            "correct": event.correct,
            "answer": event.answer,
            "duration_ms": event.duration_ms,
            "params_id": event.params_id,
            "context": str(event.context),
            "attempt": event.attempt,
            "replaces": event.replaces,
            "device": event.device,
            "elapsed_ms": event.elapsed_ms,
        }
    )


def lesson_line(event: LessonEvent) -> str:
    """A ``lesson`` line."""
    return dumps(
        {
            "type": "lesson",
            "uid": event.uid,
            "kind": str(event.kind),
            "pack_id": event.pack_id,
            "lesson_id": event.lesson_id,
            "at": format_time(event.at),
            "score": event.score,
            "attempt": event.attempt,
            "device": event.device,
        }
    )


# Reading ------------------------------------------------------------------------------------


def load_line(raw: bytes) -> dict[str, Any]:
    """Decode one line into a JSON object.

    Raises:
        BadLine: not UTF-8, not JSON, or not an object.
    """
    if len(raw) > MAX_LINE_BYTES:
        raise BadLine(f"line is longer than {MAX_LINE_BYTES} bytes", "too-long")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 text (byte {exc.start + 1})", "encoding") from exc
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise BadLine(f"not valid JSON: {exc}", "json") from exc
    if not isinstance(data, dict):
        raise BadLine("expected a JSON object", "json")
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_header(data: dict[str, Any]) -> Header:
    """Check the first line.

    Raises:
        BadLine: not a progress file, or one from a newer altlearn.
    """
    if data.get("format") != FORMAT:
        raise BadLine(f"not an altlearn progress file (the first line must name format '{FORMAT}')", "header")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadLine("the header's 'version' must be a whole number", "header")
    if version > FORMAT_VERSION:
        raise BadLine(
            f"written by a newer altlearn (progress format {version}; this one reads {FORMAT_VERSION})",
            "newer-format",
        )
    exported = data.get("exported_at", "")
    return Header(
        version=version,
        device=_token(data.get("device"), "device"),
        exported_at=exported if isinstance(exported, str) else "",
    )


def parse_record(data: dict[str, Any]) -> ParamsLine | ReviewEvent | LessonEvent:
    """Check one line after the header and turn it into what it describes.

    Raises:
        BadLine: a field is missing, has the wrong type or is out of range.
    """
    kind = data.get("type")
    if kind == "review":
        return _review(data)
    if kind == "lesson":
        return _lesson(data)
    if kind == "params":
        return _params(data)
    raise BadLine(f"unknown line type {kind!r} (expected review, lesson or params)", "type")


def _review(data: dict[str, Any]) -> ReviewEvent:
    kind = _enum(EventKind, data.get("kind"), "kind")
    rating = data.get("rating")
    if rating is not None and not (_is_int(rating) and 1 <= rating <= 4):
        raise BadLine("'rating' must be 1 (Again) to 4 (Easy) or null")
    replaces = _token(data.get("replaces", ""), "replaces", empty=True)
    if kind is EventKind.ANSWER and rating is None:
        raise BadLine("an answer needs a 'rating'")
    if kind is EventKind.UNDO and (rating is not None or not replaces):
        raise BadLine("an undo names the answer it 'replaces' and has no rating")
    grading = data.get("grading")
    correct = data.get("correct")
    if correct is not None and not isinstance(correct, bool):
        raise BadLine("'correct' must be true, false or null")
    duration = data.get("duration_ms")
    if duration is not None and not (_is_int(duration) and 0 <= duration <= 86_400_000):
        raise BadLine("'duration_ms' must be a number of milliseconds under a day, or null")
    elapsed = data.get("elapsed_ms")
    if elapsed is not None and not (_is_int(elapsed) and 0 <= elapsed <= 200 * 365 * 86_400_000):
        raise BadLine("'elapsed_ms' must be a number of milliseconds, or null")
    answer = data.get("answer")
    if len(dumps({"a": answer}).encode()) > MAX_ANSWER_BYTES:
        raise BadLine(f"'answer' is larger than {MAX_ANSWER_BYTES} bytes")
    params_id = data.get("params_id", "")
    if not isinstance(params_id, str) or (params_id and not _HEX_ID.fullmatch(params_id)):
        raise BadLine("'params_id' must be a hexadecimal id or empty")
    return ReviewEvent(
        uid=_token(data.get("uid"), "uid"),
        kind=kind,
        pack_id=_id(data.get("pack_id"), "pack_id"),
        question_id=_id(data.get("question_id"), "question_id"),
        reviewed_at=_time(data.get("reviewed_at"), "reviewed_at"),
        rating=Rating(rating) if rating is not None else None,
        grading=_enum(Grading, grading, "grading") if grading is not None else None,
        correct=correct,
        answer=answer,
        duration_ms=duration,
        params_id=params_id,
        context=_enum(Context, data.get("context", "review"), "context"),
        attempt=_token(data.get("attempt", ""), "attempt", empty=True),
        replaces=replaces,
        device=_token(data.get("device", ""), "device", empty=True),
        elapsed_ms=elapsed,
    )


def _lesson(data: dict[str, Any]) -> LessonEvent:
    score = data.get("score")
    if score is not None and not (
        isinstance(score, int | float)
        and not isinstance(score, bool)
        and math.isfinite(score)
        and 0 <= score <= 1
    ):
        raise BadLine("'score' must be a number from 0 to 1, or null")
    return LessonEvent(
        uid=_token(data.get("uid"), "uid"),
        kind=_enum(LessonEventKind, data.get("kind"), "kind"),
        pack_id=_id(data.get("pack_id"), "pack_id"),
        lesson_id=_id(data.get("lesson_id"), "lesson_id"),
        at=_time(data.get("at"), "at"),
        score=float(score) if score is not None else None,
        attempt=_token(data.get("attempt", ""), "attempt", empty=True),
        device=_token(data.get("device", ""), "device", empty=True),
    )


def _params(data: dict[str, Any]) -> ParamsLine:
    params_id = data.get("id")
    if not isinstance(params_id, str) or not _HEX_ID.fullmatch(params_id):
        raise BadLine("'id' must be a hexadecimal id")
    raw = data.get("data")
    if not isinstance(raw, dict):
        raise BadLine("'data' must be an object of scheduler settings")
    try:
        settings = SchedulerSettings.from_dict(raw).validate()
    except (KeyError, TypeError, ValueError) as exc:
        raise BadLine(f"invalid scheduler settings: {exc}") from exc
    if settings.params_id != params_id:
        raise BadLine(f"scheduler settings do not match their id '{params_id}'")
    return ParamsLine(id=params_id, settings=settings)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _token(value: Any, field: str, *, empty: bool = False) -> str:
    if empty and value == "":
        return ""
    if not isinstance(value, str) or not _TOKEN.fullmatch(value):
        raise BadLine(f"'{field}' must be 1-64 letters, digits, '_' or '-'")
    return value


def _id(value: Any, field: str) -> str:
    if not isinstance(value, str) or not is_valid_id(value):
        raise BadLine(f"'{field}' is not a valid altlearn id: {str(value)[:80]!r}")
    return value


def _enum(enum: Any, value: Any, field: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        names = ", ".join(str(member) for member in enum)
        raise BadLine(f"'{field}' must be one of {names}, not {str(value)[:40]!r}") from None


def _time(value: Any, field: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise BadLine(f"'{field}' must be a UTC time such as 2026-04-06T01:00:00.000Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadLine(f"'{field}' is not a valid time: {value!r}") from None
    if moment.tzinfo is None:
        raise BadLine(f"'{field}' has no time zone (write it in UTC, ending in Z)")
    moment = as_utc(moment)
    if moment.microsecond % 1000:
        raise BadLine(f"'{field}' is more precise than a millisecond")
    if not _EARLIEST <= moment < _LATEST:
        raise BadLine(f"'{field}' is not between the years 1970 and 2200")
    return moment
