"""Replaying the log reproduces the stored card states exactly (property-based, real SQLite).

Random sequences of quizzes and reviews, answers right and wrong, rating
changes, undos and clock moves (including the clock going back a little), with
fuzz on or off. After each sequence the cache must equal the replay of the
log, field for field, and so must the counters behind today's counts.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altlearn.domain.rating import Rating
from altlearn.study.clock import FixedClock
from altlearn.study.grading import InvalidAnswer
from altlearn.study.replay import cache_differences
from altlearn.study.service import Study
from altlearn.study.session import QuizSession, ReviewSession
from tests.helpers import PACK_FIXTURES
from tests.study_helpers import PACK, START, card_rows, installed, open_study, right_answer, wrong_answer

LESSONS = ["b-first", "b-second", "c-shoes"]
PACK_ROOT = PACK_FIXTURES / "good"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose store already holds the fixture pack's catalog (copied for each example)."""
    home = tmp_path_factory.mktemp("replay") / "home"
    open_study(home, [installed(PACK_ROOT)]).close()
    return home


ACTION = st.tuples(
    st.booleans(),  # answer right?
    st.one_of(st.none(), st.sampled_from(list(Rating))),  # then change the rating to
    st.sampled_from([False, False, False, True]),  # then undo?
    st.sampled_from([0, 1, 9, 40]),  # seconds spent on it
)
STEP = st.tuples(
    st.sampled_from([-600, 0, 60, 3600, 86400, 4 * 86400, 30 * 86400, 300 * 86400]),  # clock move first
    st.one_of(st.integers(0, len(LESSONS) - 1), st.none(), st.none()),  # a lesson's quiz, or a review
    st.lists(ACTION, min_size=2, max_size=12),
    st.booleans(),  # score the quiz when done?
)
Step = tuple[int, int | None, list[tuple[bool, Rating | None, bool, int]], bool]
PASS_FIRST: Step = (0, 0, [(True, None, False, 5)] * 8, True)
"""Every sequence starts by passing the first lesson, so that reviews have cards to show."""


def _run(study: Study, clock: FixedClock, step: Step) -> int:
    """Play one session; return how many answers were given."""
    gap, lesson, actions, finish = step
    clock.set(clock.now() + timedelta(seconds=gap))
    session: QuizSession | ReviewSession = (
        study.start_review() if lesson is None else study.start_quiz(PACK, LESSONS[lesson])
    )
    answers = 0
    for right, rating, undo, seconds in actions:
        question = session.question
        if question is None:
            break
        clock.advance(timedelta(seconds=seconds))
        outcome = session.answer(right_answer(question) if right else wrong_answer(question))
        answers += 1
        if rating is not None:
            try:
                session.change_rating(rating)
            except InvalidAnswer:
                assert rating not in outcome.allowed_ratings
        if undo:
            session.undo()
        else:
            session.advance()
    if finish and isinstance(session, QuizSession) and session.finished:
        session.finish()
    return answers


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(STEP, min_size=1, max_size=10), fuzz=st.booleans())
def test_the_cache_always_equals_the_replay_of_the_log(template: Path, steps: list[Step], fuzz: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        shutil.copytree(template, home)
        clock = FixedClock(START)
        with open_study(home, [installed(PACK_ROOT)], clock, fuzz=fuzz) as study:
            for step in [PASS_FIRST, *steps]:
                _run(study, clock, step)

            assert cache_differences(study.db) == []
            counts, stats = study.today_counts(), study.stats().to_dict()
            before = card_rows(study.db)
            report = study.rebuild()
            assert report.changed == 0
            assert card_rows(study.db) == before
            assert study.today_counts() == counts
            assert study.stats().to_dict() == stats


def test_a_changed_cache_is_detected_and_rebuilt(template: Path, tmp_path: Path) -> None:
    """The check above can fail: tamper with a stored state and a counter, and both are found."""
    home = tmp_path / "home"
    shutil.copytree(template, home)
    clock = FixedClock(START)
    with open_study(home, [installed(PACK_ROOT)], clock) as study:
        quiz = study.start_quiz(PACK, "b-first")
        for _ in range(3):
            quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
            quiz.advance()
        study.db.execute("UPDATE cards SET stability = stability * 2 WHERE question_id = 'b-single'")
        study.db.execute("UPDATE answer_counts SET answers = answers + 1")
        assert cache_differences(study.db) == [("", "counters"), (PACK, "b-single")]
        report = study.rebuild()
        assert report.changed == 1
        assert cache_differences(study.db) == []
