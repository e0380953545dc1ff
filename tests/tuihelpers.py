"""Helpers for driving the terminal app headless: a fixed clock, fixture packs, screen text."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from altlearn.domain.questions import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.packs.library import InstalledPack
from altlearn.paths import Paths
from altlearn.study.clock import FixedClock
from altlearn.tui.app import AltlearnApp
from tests.helpers import PACK_FIXTURES

START = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, a Monday


def fixture_pack(name: str) -> InstalledPack:
    """A fixture pack as if installed (its id must be its folder name)."""
    root = PACK_FIXTURES / name
    pack_id = {"good": "fixture-good"}.get(name, name)
    return InstalledPack(id=pack_id, root=root, source="fixture", bundled=False)


def make_app(home: Path, *packs: str, clock: FixedClock | None = None) -> AltlearnApp:
    """The app on ``home`` studying the named fixture packs, with a fixed clock and no fuzz."""
    return AltlearnApp(
        Paths(home),
        clock=clock or FixedClock(START),
        packs=[fixture_pack(p) for p in packs] if packs else None,
        fuzz=False,
    )


def screen_text(app: App[object]) -> str:
    """What the terminal shows right now, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(pilot: Pilot[object], rounds: int = 3) -> None:
    """Let workers (the catalog refresh, statistics), messages, mounts and refreshes finish."""
    await pilot.pause()  # work scheduled after the next refresh (the catalog refresh) starts here
    await pilot.app.workers.wait_for_complete()
    for _ in range(rounds):
        await pilot.pause()


def answer_keys(question: Question, right: bool) -> list[str]:
    """Keys that answer ``question`` right or wrong in the question widgets."""
    match question:
        case SingleChoice():
            index = question.correct_index if right else (question.correct_index + 1) % len(question.choices)
            return [str(index + 1), "enter"]
        case MultipleSelect():
            wanted = set(question.correct_indices)
            if not right:
                wanted ^= {0}
                wanted = wanted or {1}
            return [str(i + 1) for i in sorted(wanted)] + ["enter"]
        case TrueFalse():
            value = question.answer if right else not question.answer
            return ["1" if value else "2", "enter"]
        case TypedAnswer():
            text = question.answer.upper() if right else "definitely wrong"
            return [*_typing(text), "enter"]
        case Cloze():
            keys: list[str] = []
            for blank in question.blanks:
                keys += [*_typing(blank.answers[-1] if right else "nope"), "enter"]
            return keys
        case Ordering():
            return []  # arranged by arrange_ordering
        case Flashcard():
            return ["space", "3" if right else "1"]
    raise AssertionError(question)


def _typing(text: str) -> list[str]:
    names = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket", "-": "minus"}
    return [names.get(char, char) for char in text]
