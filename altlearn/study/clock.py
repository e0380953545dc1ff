"""Time, passed in: a clock object and the learner's study day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from altlearn.domain.times import as_utc, from_epoch_ms, from_epoch_s, to_epoch_ms, to_epoch_s
from altlearn.errors import ConfigError

__all__ = [
    "Clock",
    "FixedClock",
    "StudyDay",
    "SystemClock",
    "as_utc",
    "from_epoch_ms",
    "from_epoch_s",
    "resolve_timezone",
    "to_epoch_ms",
    "to_epoch_s",
]


class Clock(Protocol):
    """Something that tells the time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests and replays: it says what it is told."""

    current: datetime = field(default_factory=lambda: datetime(2026, 4, 6, 0, 0, tzinfo=UTC))

    def __post_init__(self) -> None:
        self.current = as_utc(self.current)

    def now(self) -> datetime:
        """The set time."""
        return self.current

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward and return the new time."""
        self.current += delta
        return self.current

    def set(self, when: datetime) -> None:
        """Jump to ``when``."""
        self.current = as_utc(when)


def resolve_timezone(name: str | None) -> tzinfo | None:
    """A zone from its IANA name; None means the computer's local time.

    Raises:
        ConfigError: the name is not a known time zone.
    """
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"unknown time zone '{name}'", hint="use an IANA name such as Asia/Tokyo, or leave it empty"
        ) from exc


@dataclass(frozen=True)
class StudyDay:
    """The learner's day: it starts at ``rollover_hour`` local time, not at midnight.

    A review at 1 am with the default rollover of 4 belongs to the day before,
    as in Anki: a late night still counts as the same day.
    """

    timezone: tzinfo | None = None
    rollover_hour: int = 4

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the learner's time zone."""
        return moment.astimezone(self.timezone)

    def day_of(self, moment: datetime) -> date:
        """The study day that ``moment`` belongs to."""
        return (self.local(moment) - timedelta(hours=self.rollover_hour)).date()

    def start_of(self, day: date) -> datetime:
        """The UTC moment the study day ``day`` starts."""
        naive = datetime(day.year, day.month, day.day, self.rollover_hour)
        local = naive.astimezone() if self.timezone is None else naive.replace(tzinfo=self.timezone)
        return local.astimezone(UTC)

    def end_of(self, day: date) -> datetime:
        """The UTC moment the study day ``day`` ends (the next day's start)."""
        return self.start_of(day + timedelta(days=1))
