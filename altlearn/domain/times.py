"""Aware UTC datetimes and their integer forms in the store."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware datetime whose tzinfo is exactly ``UTC`` (FSRS insists).

    Raises:
        ValueError: ``value`` is naive.
    """
    if value.tzinfo is None:
        raise ValueError("naive datetime: altlearn works with aware UTC times only")
    return value.astimezone(UTC)


def to_epoch_ms(value: datetime) -> int:
    """Aware datetime -> integer milliseconds since the epoch."""
    return round(as_utc(value).timestamp() * 1000)


def from_epoch_ms(value: int) -> datetime:
    """Integer milliseconds since the epoch -> aware UTC datetime."""
    return datetime.fromtimestamp(value / 1000, UTC)


def to_epoch_s(value: datetime) -> int:
    """Aware datetime -> integer seconds since the epoch (rounded down)."""
    return int(as_utc(value).timestamp() // 1)


def from_epoch_s(value: int) -> datetime:
    """Integer seconds since the epoch -> aware UTC datetime."""
    return datetime.fromtimestamp(value, UTC)
