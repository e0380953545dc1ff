"""Reading git's progress lines and showing progress in bytes and rate."""

from __future__ import annotations

import pytest

from altlearn.sync.progress import (
    GitProgressLine,
    Phase,
    SyncProgress,
    format_bytes,
    format_progress,
    parse_git_progress,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Receiving objects:  45% (450/1000), 1.20 MiB | 300.00 KiB/s",
            GitProgressLine(Phase.RECEIVING, 450, 1000),
        ),
        (
            "Receiving objects: 100% (3/3), 281 bytes | 281.00 KiB/s, done.",
            GitProgressLine(Phase.RECEIVING, 3, 3),
        ),
        ("Resolving deltas:  50% (1/2)", GitProgressLine(Phase.RESOLVING, 1, 2)),
        ("remote: Enumerating objects: 302, done.        ", GitProgressLine(Phase.COUNTING, 302, 302)),
        ("remote: Counting objects:  12% (37/302)        ", GitProgressLine(Phase.COUNTING, 37, 302)),
        ("remote: Compressing objects: 100% (4/4), done.", GitProgressLine(Phase.COUNTING, 4, 4)),
        ("Enumerating objects", GitProgressLine(Phase.COUNTING)),
        ("remote: Total 3 (delta 2), reused 0 (delta 0), pack-reused 0", None),
        ("From http://127.0.0.1:1234/pack", None),
        (" * [new ref]         HEAD       -> refs/altlearn/fetched", None),
        ("fatal: early EOF", None),
        ("", None),
    ],
)
def test_parse_git_progress(line: str, expected: GitProgressLine | None) -> None:
    assert parse_git_progress(line) == expected


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1.0 kB"),
        (1_234_567, "1.2 MB"),
        (5.5e9, "5.5 GB"),
        (7e12, "7000.0 GB"),
    ],
)
def test_format_bytes(count: float, text: str) -> None:
    assert format_bytes(count) == text


def test_format_progress() -> None:
    assert format_progress(SyncProgress(Phase.CONNECTING, message="https://x")) == "connecting - https://x"
    line = format_progress(SyncProgress(Phase.RECEIVING, 1_500_000, 250_000.0, 40, 100))
    assert line == "receiving 1.5 MB at 250.0 kB/s (40/100 objects)"
