"""Pack updates keep progress: edits, renames, retired and removed questions, uninstalled packs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from altlearn.domain.ids import card_id
from altlearn.storage import cards as card_store
from altlearn.storage import log
from altlearn.study.clock import FixedClock
from altlearn.study.replay import cache_differences
from tests.study_helpers import (
    FIRST,
    PACK,
    START,
    answer_due,
    bump_version,
    copy_pack,
    installed,
    open_study,
    remove_question,
    rename_question,
    take_quiz,
)


def _studied(tmp_path: Path) -> tuple[Path, Path, FixedClock]:
    """A pack copy whose first lesson was passed and reviewed once."""
    root = copy_pack(tmp_path)
    home = tmp_path / "home"
    clock = FixedClock(START)
    with open_study(home, [installed(root)], clock) as study:
        take_quiz(study, wrong={"b-tf"}, clock=clock)
        clock.advance(timedelta(days=5))
        answer_due(study.start_review(), clock=clock)
    return root, home, clock


def _queued(home: Path, clock: FixedClock, root: Path) -> dict[str, bool]:
    with open_study(home, [installed(root)], clock) as study:
        rows = card_store.all_card_rows(study.db)
        assert cache_differences(study.db) == []
    return {question: bool(row[12]) for (_, question), row in rows.items()}


def test_an_edited_question_keeps_its_state(tmp_path: Path) -> None:
    root, home, clock = _studied(tmp_path)
    with open_study(home, [installed(root)], clock) as study:
        before = card_store.get_card(study.db, PACK, "b-typed")
    lesson = root / "basics" / "01-first.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("What is the staff room called?", "Name the staff room."),
        encoding="utf-8",
    )
    bump_version(root, "2.2.0")
    with open_study(home, [installed(root)], clock) as study:
        assert study.catalog_report.indexed == [PACK]
        assert card_store.get_card(study.db, PACK, "b-typed") == before
        assert study.lesson(PACK, FIRST).questions[4].id == "b-typed"


def test_a_renamed_question_keeps_its_history_under_the_new_id(tmp_path: Path) -> None:
    root, home, clock = _studied(tmp_path)
    with open_study(home, [installed(root)], clock) as study:
        old = card_store.get_card(study.db, PACK, "b-typed")
        assert old is not None and old.reps == 2
    rename_question(root, "b-typed", "b-staff-room")
    bump_version(root, "3.0.0", renamed={"b-typed": "b-staff-room"})
    with open_study(home, [installed(root)], clock) as study:
        assert card_store.get_card(study.db, PACK, "b-typed") is None
        new = card_store.get_card(study.db, PACK, "b-staff-room")
        assert new == replace(old, question_id="b-staff-room", card_id=card_id(PACK, "b-staff-room"))
        assert card_store.get_card_queued(study.db, PACK, "b-staff-room")[1]
        assert {e.question_id for e in log.all_reviews(study.db)} >= {"b-typed"}  # the log is untouched
        # Answering under the new id continues from the old history.
        clock.advance(timedelta(days=60))
        session = study.start_review()
        answer_due(session, clock=clock)
        assert "b-staff-room" in {o.question.id for o in session.answered}
        assert card_store.get_card(study.db, PACK, "b-staff-room").reps == 3  # type: ignore[union-attr]
        assert cache_differences(study.db) == []
        # Replaying the whole log gives the same, old-id answers included.
        report = study.rebuild()
        assert report.changed == 0 and report.cards == 8


def test_a_retired_question_leaves_the_queue_but_keeps_its_log(tmp_path: Path) -> None:
    root, home, clock = _studied(tmp_path)
    with open_study(home, [installed(root)], clock) as study:
        entries = len(list(log.all_reviews(study.db)))
    remove_question(root, "b-tf")
    bump_version(root, "3.0.0", retired=["b-tf"])
    queued = _queued(home, clock, root)
    assert queued["b-tf"] is False
    assert sum(queued.values()) == 7
    with open_study(home, [installed(root)], clock) as study:
        assert len(list(log.all_reviews(study.db))) == entries
        assert card_store.get_card(study.db, PACK, "b-tf") is not None  # its state stays
        clock.advance(timedelta(days=365))
        session = study.start_review()
        assert session.initial_due == 7
        answer_due(session, clock=clock)
        assert "b-tf" not in {o.question.id for o in session.answered}


def test_a_removed_question_leaves_the_queue_and_comes_back_with_its_history(tmp_path: Path) -> None:
    root, home, clock = _studied(tmp_path)
    original = (root / "basics" / "01-first.md").read_text(encoding="utf-8")
    with open_study(home, [installed(root)], clock) as study:
        state = card_store.get_card(study.db, PACK, "b-multiple")
    remove_question(root, "b-multiple")
    bump_version(root, "2.2.0")
    assert _queued(home, clock, root)["b-multiple"] is False
    (root / "basics" / "01-first.md").write_text(original, encoding="utf-8")
    bump_version(root, "2.3.0")
    assert _queued(home, clock, root)["b-multiple"] is True
    with open_study(home, [installed(root)], clock) as study:
        assert card_store.get_card(study.db, PACK, "b-multiple") == state


def test_an_uninstalled_pack_leaves_the_queue_until_it_returns(tmp_path: Path) -> None:
    root, home, clock = _studied(tmp_path)
    clock.advance(timedelta(days=365))
    with open_study(home, [], clock) as study:
        assert study.today_counts()["due_now"] == 0
        assert study.start_review().finished
        assert study.stats().total_answers > 0  # the history stays
    with open_study(home, [installed(root)], clock) as study:
        assert study.today_counts()["due_now"] == 8
