"""Helpers for the study-engine tests: packs in tmp_path, a Study on a fixed clock, answers."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from altlearn.config import Settings
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
from altlearn.domain.rating import Rating
from altlearn.packs.library import InstalledPack
from altlearn.paths import Paths
from altlearn.storage import cards as card_store
from altlearn.study.clock import FixedClock
from altlearn.study.service import Study
from altlearn.study.session import QuizResult, QuizSession, ReviewSession
from tests.helpers import PACK_FIXTURES

START = datetime(2026, 4, 6, 1, 0, tzinfo=UTC)
"""10:00 on Monday 6 April 2026 in Tokyo."""

PACK = "fixture-good"
FIRST = "b-first"
"""The fixture pack's first lesson: one question of every kind (8 questions)."""

TOKYO = Settings(timezone="Asia/Tokyo")


def copy_pack(tmp_path: Path, name: str = "good") -> Path:
    """A writable copy of a fixture pack."""
    target = tmp_path / f"pack-{name}"
    shutil.copytree(PACK_FIXTURES / name, target)
    return target


def installed(root: Path, pack_id: str = PACK) -> InstalledPack:
    """The pack at ``root`` as the library would list it (fingerprinted by its files)."""
    return InstalledPack(id=pack_id, root=root, source="", bundled=True)


def open_study(
    home: Path,
    packs: Iterable[InstalledPack],
    clock: FixedClock | None = None,
    *,
    settings: Settings = TOKYO,
    fuzz: bool = False,
) -> Study:
    """A Study on ``home`` with a fixed clock, no fuzz and Tokyo's study day."""
    return Study.open(
        Paths(home), clock=clock or FixedClock(START), fuzz=fuzz, packs=list(packs), settings=settings
    )


def bump_version(
    root: Path, version: str, *, renamed: dict[str, str] | None = None, retired: Iterable[str] = ()
) -> None:
    """Edit a pack copy's manifest: a new version, renames added, retired ids added."""
    manifest = root / "pack.toml"
    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', text)
    ids = sorted({"b-gone", *retired})
    text = re.sub(r"(?m)^retired = \[.*\]$", "retired = [" + ", ".join(f'"{i}"' for i in ids) + "]", text)
    for old, new in (renamed or {}).items():
        text = text.replace("[ids.renamed]\n", f'[ids.renamed]\n"{old}" = "{new}"\n', 1)
    manifest.write_text(text, encoding="utf-8")


def rename_question(root: Path, old: str, new: str) -> None:
    """Change a question's id in the lesson files of a pack copy (and record the rename)."""
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "{#" + old + " " in text:
            path.write_text(text.replace("{#" + old + " ", "{#" + new + " "), encoding="utf-8")


def remove_question(root: Path, question_id: str) -> None:
    """Delete a question (its heading and body) from a pack copy's lesson."""
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(r"(?ms)^### [^\n]*\{#" + re.escape(question_id) + r" [^\n]*\n.*?(?=^### |\Z)")
        if pattern.search(text):
            path.write_text(pattern.sub("", text), encoding="utf-8")


def right_answer(question: Question) -> Any:
    """An answer that grades right."""
    match question:
        case SingleChoice():
            return question.correct_index
        case MultipleSelect():
            return set(question.correct_indices)
        case TrueFalse():
            return question.answer
        case TypedAnswer():
            return question.answer
        case Cloze():
            return [blank.answer for blank in question.blanks]
        case Ordering():
            return list(range(len(question.items)))
        case Flashcard():
            return Rating.GOOD
    raise AssertionError(f"no right answer for {question!r}")


def wrong_answer(question: Question) -> Any:
    """An answer that grades wrong."""
    match question:
        case SingleChoice():
            return next(i for i, c in enumerate(question.choices) if not c.correct)
        case MultipleSelect():
            return set(range(len(question.choices))) - set(question.correct_indices) or {0}
        case TrueFalse():
            return not question.answer
        case TypedAnswer():
            return "something else entirely"
        case Cloze():
            return ["zzz" for _ in question.blanks]
        case Ordering():
            return list(reversed(range(len(question.items))))
        case Flashcard():
            return Rating.AGAIN
    raise AssertionError(f"no wrong answer for {question!r}")


def take_quiz(
    study: Study,
    lesson_id: str = FIRST,
    *,
    wrong: Iterable[str] = (),
    clock: FixedClock | None = None,
    step: timedelta = timedelta(seconds=20),
    pack_id: str = PACK,
) -> QuizResult:
    """Answer a lesson's whole quiz (right, except the questions listed in ``wrong``) and score it."""
    wrong = set(wrong)
    quiz = study.start_quiz(pack_id, lesson_id)
    while not quiz.finished:
        question = quiz.question
        assert question is not None
        quiz.mark_shown()
        if clock is not None:
            clock.advance(step)
        quiz.answer(wrong_answer(question) if question.id in wrong else right_answer(question))
        quiz.advance()
    return quiz.finish()


def answer_due(
    session: ReviewSession | QuizSession, *, wrong: Iterable[str] = (), clock: FixedClock | None = None
) -> int:
    """Answer everything a session hands out; return how many were answered."""
    wrong = set(wrong)
    count = 0
    while not session.finished:
        question = session.question
        assert question is not None
        if clock is not None:
            clock.advance(timedelta(seconds=15))
        session.answer(wrong_answer(question) if question.id in wrong else right_answer(question))
        session.advance()
        count += 1
        assert count < 500
    return count


def card_rows(db: Database) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every cached card as a row (all columns)."""
    return card_store.all_card_rows(db)


def simulate_history(
    db: Database, *, cards: int, answers: int, seed: int = 3, pack_id: str = "sim", forgetting: float = 1.0
) -> None:
    """Write a learner's history straight into the log (fast path), then replay it into the cache.

    Each card gets up to ``answers`` answers, each given when the scheduler said
    it was due, by a simulated learner who recalls with the scheduler's predicted
    probability raised to ``forgetting`` (above 1: forgets faster than the
    default parameters expect).
    """
    from altlearn.domain.ids import card_id
    from altlearn.domain.review import Context, EventKind, Grading, ReviewEvent
    from altlearn.storage import log
    from altlearn.storage.database import write_transaction
    from altlearn.storage.params import save_params
    from altlearn.study.replay import rebuild_all
    from altlearn.study.scheduler import SchedulerSettings, new_card, retrievability, review

    rng = random.Random(seed)
    settings = SchedulerSettings(fuzz=False)
    events = []
    for n in range(cards):
        question = f"q{n}"
        when = START - timedelta(days=800) + timedelta(hours=rng.randint(0, 24 * 30))
        state = new_card(pack_id, question, card_id(pack_id, question), when)
        for index in range(answers):
            recall = retrievability(state, when, settings) ** forgetting if index else 0.8
            rating = (
                Rating.AGAIN
                if rng.random() > recall
                else rng.choice([Rating.HARD, Rating.GOOD, Rating.GOOD, Rating.EASY])
            )
            events.append(
                ReviewEvent(
                    uid=f"sim{n:05d}{index:03d}",
                    pack_id=pack_id,
                    question_id=question,
                    reviewed_at=when,
                    rating=rating,
                    grading=Grading.SELF,
                    params_id=settings.params_id,
                    context=Context.REVIEW,
                    kind=EventKind.ANSWER,
                )
            )
            state = review(state, rating, when, settings)
            when = state.due + timedelta(minutes=rng.randint(0, 600))
            if when > START:
                break
    with write_transaction(db):
        save_params(db, settings.params_id, settings.to_dict())
        log.insert_reviews_ignoring_known(db, events)
    rebuild_all(db)
