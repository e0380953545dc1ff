"""Snapshots of the main screens at 80x24 (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/functional/test_tui_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tuihelpers import make_app, settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def app_for(tmp_path: Path) -> Callable[[], Any]:
    return lambda: make_app(tmp_path / "home", "good")


async def _wait(pilot: Pilot[object]) -> None:
    await settle(pilot, 5)


def test_home(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=_wait)


def test_course(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    assert snap_compare(app_for(), press=["enter"], terminal_size=(80, 24), run_before=_wait)


def test_lesson(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 6)

    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=run)


def test_question_and_feedback(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot, 6)

    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=run)


def test_stats(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot, 6)

    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=run)


def test_search(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    async def run(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"staff")
        await settle(pilot, 5)

    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=run)


def test_settings(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    assert snap_compare(app_for(), press=["comma"], terminal_size=(80, 24), run_before=_wait)


def test_help(snap_compare: SnapCompare, app_for: Callable[[], Any]) -> None:
    assert snap_compare(app_for(), press=["question_mark"], terminal_size=(80, 24), run_before=_wait)
