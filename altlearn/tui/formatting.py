"""Small helpers for showing numbers and times the same way everywhere."""

from __future__ import annotations

from datetime import datetime, timedelta


def relative(when: datetime, now: datetime) -> str:
    """``when`` relative to ``now``: "now", "in 10 min", "in 3 hours", "in 2 days", "in 5 months"."""
    delta = when - now
    if delta <= timedelta(seconds=30):
        return "now"
    minutes = delta.total_seconds() / 60
    if minutes < 60:
        return f"in {round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        n = round(hours)
        return f"in {n} hour" + ("s" if n != 1 else "")
    days = hours / 24
    if days < 45:
        n = round(days)
        return f"in {n} day" + ("s" if n != 1 else "")
    months = days / 30.4
    if months < 18:
        n = round(months)
        return f"in {n} month" + ("s" if n != 1 else "")
    years = days / 365.25
    return f"in {years:.1f} years"


def bar(fraction: float, width: int = 10) -> str:
    """A text progress bar: filled and empty blocks, readable without colour."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def percent(fraction: float | None) -> str:
    """``0.834`` -> ``"83%"``; None -> ``"–"``."""
    return "–" if fraction is None else f"{round(fraction * 100)}%"


def plural(count: int, word: str) -> str:
    """``3 lessons``, ``1 lesson``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
