"""Progress survives pack updates synced from a real git server, and the Packs screen drives sync."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input

from altlearn.domain.questions import MultipleSelect, Ordering, SingleChoice, TrueFalse
from altlearn.study.clock import FixedClock
from altlearn.study.service import Study
from altlearn.tui.app import AltlearnApp
from altlearn.tui.screens.packs import AddSourceScreen, PacksScreen
from tests.functional.conftest import RenameRetireUpdate
from tests.gitserver import GitHttpServer, PackRepo
from tests.tuihelpers import START, screen_text, settle


def _pass_lesson(study: Study, pack_id: str, lesson_id: str) -> None:
    quiz = study.start_quiz(pack_id, lesson_id)
    while not quiz.finished:
        question = quiz.question
        match question:
            case SingleChoice():
                answer: object = question.correct_index
            case MultipleSelect():
                answer = question.correct_indices
            case TrueFalse():
                answer = question.answer
            case Ordering():
                answer = list(range(len(question.items)))
            case _:
                raise AssertionError(question)
        quiz.answer(answer)
        quiz.advance()
    assert quiz.finish().passed


def test_renamed_question_keeps_its_card_and_retired_one_leaves_the_queue(
    rename_retire_update: RenameRetireUpdate,
) -> None:
    hook = rename_retire_update
    clock = FixedClock(START)
    hook.install()
    with Study.open(hook.paths, clock=clock, fuzz=False) as study:
        _pass_lesson(study, hook.pack_id, "c-shoes")  # holds c-shoes-q, renamed by the update
        before = study.db.execute(
            "SELECT stability, due, reps FROM cards WHERE question_id = 'c-shoes-q'"
        ).fetchone()
        queued_order = study.db.execute("SELECT queued FROM cards WHERE question_id = 'b-order'").fetchone()
    assert before is not None and queued_order is None  # b-order's lesson not studied yet
    clock.advance(timedelta(days=1))
    report = hook.update()
    [pack] = report.packs
    assert pack.diff is not None and ("c-shoes-q", "c-shoes-outdoor") in pack.diff.questions.renamed
    with Study.open(hook.paths, clock=clock, fuzz=False) as study:
        after = study.db.execute(
            "SELECT stability, due, reps, queued FROM cards WHERE question_id = 'c-shoes-outdoor'"
        ).fetchone()
        old = study.db.execute("SELECT count(*) FROM cards WHERE question_id = 'c-shoes-q'").fetchone()[0]
        log = study.db.execute("SELECT count(*) FROM reviews WHERE question_id = 'c-shoes-q'").fetchone()[0]
        course = study.course(hook.pack_id, "customs")
    assert (
        after is not None and tuple(after[:3]) == tuple(before) and after[3] == 1
    )  # same card, still queued
    assert old == 0 and log == 1  # the history stays in the log under the old id
    assert [lesson.status.value for lesson in course.lessons] == ["completed"]


async def test_packs_screen_adds_a_source_and_shows_what_changed(
    home,
    http_server: GitHttpServer,
    pack_repo: PackRepo,  # type: ignore[no-untyped-def]
) -> None:
    app = AltlearnApp(home, clock=FixedClock(START), fuzz=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PacksScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddSourceScreen)
        app.screen.query_one("#source", Input).value = http_server.url("pack.git")
        await pilot.press("enter", "enter")
        for _ in range(100):
            await settle(pilot)
            if "fixture-good: installed 2.1.0" in screen_text(app):
                break
        text = screen_text(app)
        assert "fixture-good: installed 2.1.0" in text
        assert "lessons: 3 new; questions: 10 new" in text
        table = app.screen.query_one(DataTable)
        assert "fixture-good" in [str(key.value) for key in table.rows]
        await pilot.press("escape")
        await settle(pilot)
        assert "Fixture: a good pack" in screen_text(app) or "Basics" in screen_text(app)
