"""Dotted version numbers, compared numerically (1.10 > 1.9)."""

from __future__ import annotations

import re

_VERSION_RE = re.compile(r"\d+(\.\d+){0,3}")


def parse_version(value: str) -> tuple[int, ...] | None:
    """``"1.2.0"`` -> ``(1, 2, 0)``; None for anything that is not dotted numbers.

    Trailing zeros are dropped so that 1.2 and 1.2.0 compare equal.
    """
    if not isinstance(value, str) or not _VERSION_RE.fullmatch(value.strip()):
        return None
    parts = [int(p) for p in value.strip().split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)
