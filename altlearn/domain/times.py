"""Aware UTC datetimes and their integer forms in the store.

Conversions use integer arithmetic on timedeltas, not float timestamps, so a
time read back from the store is exactly the time that was written (replaying
the log depends on it).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_S = timedelta(seconds=1)


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware datetime whose tzinfo is exactly ``UTC`` (FSRS insists).

    Raises:
        ValueError: ``value`` is naive.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime: altlearn works with aware UTC times only")
    return value.astimezone(UTC)


def to_epoch_ms(value: datetime) -> int:
    """Aware datetime -> integer milliseconds since the epoch (rounded down)."""
    return (as_utc(value) - EPOCH) // _MS


def from_epoch_ms(value: int) -> datetime:
    """Integer milliseconds since the epoch -> aware UTC datetime (exact)."""
    return EPOCH + timedelta(milliseconds=value)


def to_epoch_s(value: datetime) -> int:
    """Aware datetime -> integer seconds since the epoch (rounded down)."""
    return (as_utc(value) - EPOCH) // _S


def from_epoch_s(value: int) -> datetime:
    """Integer seconds since the epoch -> aware UTC datetime (exact)."""
    return EPOCH + timedelta(seconds=value)
