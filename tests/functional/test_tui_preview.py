"""``altlearn pack preview``: reloads on save, keeps the lesson open, shows the checker's findings."""

from __future__ import annotations

import shutil
from pathlib import Path

from altlearn.packs.library import InstalledPack
from altlearn.paths import Paths
from altlearn.study.clock import FixedClock
from altlearn.tui.preview import POLL_SECONDS, PreviewApp, ProblemsScreen
from altlearn.tui.screens.lesson import LessonScreen
from tests.helpers import PACK_FIXTURES, console_script
from tests.tuihelpers import START, screen_text, settle


def _app(tmp_path: Path) -> tuple[PreviewApp, Path]:
    pack = tmp_path / "my-working-copy"
    shutil.copytree(PACK_FIXTURES / "good", pack)
    app = PreviewApp(
        Paths(tmp_path / "scratch"), [InstalledPack(id="fixture-good", root=pack, source="t", bundled=False)]
    )
    app._clock = FixedClock(START)
    return app, pack


async def wait_for_reload(pilot, app: PreviewApp, before: int) -> None:  # type: ignore[no-untyped-def]
    # The poll runs every POLL_SECONDS; allow many polls on a loaded CI machine.
    for _ in range(int(10 / POLL_SECONDS)):
        await pilot.pause(POLL_SECONDS)
        await settle(pilot)
        if app.reloads > before:
            return
    raise AssertionError("the preview did not reload after the file was saved")


async def test_saving_a_lesson_reloads_it_in_place(tmp_path: Path) -> None:
    app, pack = _app(tmp_path)
    assert POLL_SECONDS <= 0.5  # a save shows up within a second: at most two polls
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "0 errors · 0 warnings" in app.sub_title
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "b-first"
        lesson = pack / "basics" / "01-first.md"
        lesson.write_text(lesson.read_text().replace("Some *teaching* text", "Freshly *edited* text"))
        await wait_for_reload(pilot, app, 0)
        await settle(pilot, 5)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "b-first"
        assert "Freshly edited text" in screen_text(app)
        # A broken save: the checker's diagnostic is shown, the lesson stays open.
        lesson.write_text(lesson.read_text().replace("- [x] Right one.", "- [ ] Right one."))
        await wait_for_reload(pilot, app, 1)
        assert "0 errors" not in app.sub_title and "errors" in app.sub_title
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert "basics/01-first.md:25:1: error: single-choice question" in screen_text(app)


def test_preview_command_refuses_a_folder_without_a_pack(tmp_path: Path) -> None:
    import subprocess

    out = subprocess.run(
        [console_script(), "pack", "preview", str(tmp_path)], capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 1 and "no pack found" in out.stderr and "Traceback" not in out.stderr
