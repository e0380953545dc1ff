"""Progress between devices: export, import (idempotent, all or nothing), merging both ways."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altlearn.domain.rating import Rating
from altlearn.storage import log
from altlearn.study.clock import FixedClock
from altlearn.study.progress_file import FORMAT, ProgressFileError
from altlearn.study.replay import cache_differences
from altlearn.study.service import Study
from tests.study_helpers import (
    FIRST,
    PACK,
    START,
    answer_due,
    card_rows,
    copy_pack,
    installed,
    open_study,
    right_answer,
    take_quiz,
    wrong_answer,
)


def _lessons(study: Study) -> list[tuple[Any, ...]]:
    return study.db.execute("SELECT * FROM lesson_progress ORDER BY pack_id, lesson_id").fetchall()


def _log_size(study: Study) -> tuple[int, int]:
    return (
        study.db.execute("SELECT count(*) FROM reviews").fetchone()[0],
        study.db.execute("SELECT count(*) FROM lesson_events").fetchone()[0],
    )


def _study_a_little(study: Study, clock: FixedClock, *, wrong: set[str], lesson: str = FIRST) -> None:
    """A quiz with a changed rating and an undo, then a review some days later."""
    quiz = study.start_quiz(PACK, lesson)
    quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
    quiz.change_rating(Rating.HARD)
    quiz.undo()
    while not quiz.finished:
        clock.advance(timedelta(seconds=17))
        question = quiz.question
        quiz.answer(wrong_answer(question) if question.id in wrong else right_answer(question))  # type: ignore[union-attr,arg-type]
        quiz.advance()
    quiz.finish()
    clock.advance(timedelta(days=4, hours=3))
    answer_due(study.start_review(), wrong=wrong, clock=clock)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path)


def test_an_export_imported_on_a_new_device_gives_the_same_progress(tmp_path: Path, pack: Path) -> None:
    clock = FixedClock(START)
    with open_study(tmp_path / "laptop", [installed(pack)], clock) as laptop:
        _study_a_little(laptop, clock, wrong={"b-tf", "b-cloze"})
        report = laptop.export_progress(tmp_path / "progress.jsonl")
        expected_cards, expected_lessons = card_rows(laptop.db), _lessons(laptop)
        expected_stats = laptop.stats().to_dict()
        device = laptop.device
    lines = (tmp_path / "progress.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == FORMAT and header["version"] == 1 and header["device"] == device
    assert report.reviews == sum(1 for line in lines if '"type":"review"' in line) > 8
    assert report.lessons >= 1 and report.params == 1
    with open_study(tmp_path / "school-pc", [installed(pack)], clock) as school:
        imported = school.import_progress(tmp_path / "progress.jsonl")
        assert imported.source_device == device and not imported.own_file
        assert imported.reviews_added == report.reviews and imported.reviews_known == 0
        assert imported.lessons_added == report.lessons
        assert imported.cards_replayed == 8 and imported.packs == [PACK]
        assert card_rows(school.db) == expected_cards
        assert _lessons(school) == expected_lessons
        assert school.stats().to_dict() == expected_stats
        assert cache_differences(school.db) == []


def test_importing_twice_or_importing_ones_own_export_adds_nothing(tmp_path: Path, pack: Path) -> None:
    clock = FixedClock(START)
    with open_study(tmp_path / "home", [installed(pack)], clock) as study:
        _study_a_little(study, clock, wrong={"b-order"})
        study.export_progress(tmp_path / "mine.jsonl")
        before = card_rows(study.db), _log_size(study), study.stats().to_dict()
        for _ in range(2):
            again = study.import_progress(tmp_path / "mine.jsonl")
            assert again.own_file and again.reviews_added == 0 and again.lessons_added == 0
            assert again.reviews_known == before[1][0] and again.lessons_known == before[1][1]
            assert (card_rows(study.db), _log_size(study), study.stats().to_dict()) == before
    with open_study(tmp_path / "other", [installed(pack)], clock) as other:
        first = other.import_progress(tmp_path / "mine.jsonl")
        second = other.import_progress(tmp_path / "mine.jsonl")
        assert first.reviews_added == before[1][0] and second.reviews_added == 0
        assert card_rows(other.db) == before[0]


def test_two_devices_merging_both_ways_converge(tmp_path: Path, pack: Path) -> None:
    # Same start time on both: some answers to the same card share a millisecond.
    clock_a, clock_b = FixedClock(START), FixedClock(START)
    a = open_study(tmp_path / "a", [installed(pack)], clock_a)
    b = open_study(tmp_path / "b", [installed(pack)], clock_b)
    with a, b:
        _study_a_little(a, clock_a, wrong={"b-tf"})
        _study_a_little(b, clock_b, wrong={"b-single", "b-typed"})
        take_quiz(b, "b-second", clock=clock_b)
        clock_a.advance(timedelta(hours=5))
        answer_due(a.start_review(), clock=clock_a)
        a.export_progress(tmp_path / "a.jsonl")
        b.export_progress(tmp_path / "b.jsonl")
        a.import_progress(tmp_path / "b.jsonl")
        b.import_progress(tmp_path / "a.jsonl")
        assert card_rows(a.db) == card_rows(b.db)
        assert _lessons(a) == _lessons(b)
        clock_b.set(clock_a.now())
        assert a.stats().to_dict() == b.stats().to_dict()
        assert cache_differences(a.db) == [] and cache_differences(b.db) == []
        # Both study on after the merge, then merge again.
        clock_a.advance(timedelta(days=30))
        clock_b.set(clock_a.now() + timedelta(hours=2))
        answer_due(a.start_review(), wrong={"b-cloze"}, clock=clock_a)
        answer_due(b.start_review(), clock=clock_b)
        a.export_progress(tmp_path / "a2.jsonl")
        b.export_progress(tmp_path / "b2.jsonl")
        b.import_progress(tmp_path / "a2.jsonl")
        a.import_progress(tmp_path / "b2.jsonl")
        assert card_rows(a.db) == card_rows(b.db)
        assert _log_size(a) == _log_size(b)


def test_entries_in_any_order_give_the_same_result(tmp_path: Path, pack: Path) -> None:
    clock = FixedClock(START)
    with open_study(tmp_path / "a", [installed(pack)], clock) as a:
        _study_a_little(a, clock, wrong={"b-tf"})
        a.export_progress(tmp_path / "a.jsonl")
        expected = card_rows(a.db), a.stats().to_dict()
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    body = lines[1:]
    random.Random(5).shuffle(body)  # undos and changed ratings before their answers, too
    (tmp_path / "shuffled.jsonl").write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    with open_study(tmp_path / "b", [installed(pack)], clock) as b:
        b.import_progress(tmp_path / "shuffled.jsonl")
        assert (card_rows(b.db), b.stats().to_dict()) == expected
        assert cache_differences(b.db) == []


def _exported(tmp_path: Path, pack: Path) -> list[str]:
    clock = FixedClock(START)
    with open_study(tmp_path / "source", [installed(pack)], clock) as study:
        _study_a_little(study, clock, wrong={"b-tf"})
        study.export_progress(tmp_path / "good.jsonl")
    return (tmp_path / "good.jsonl").read_text(encoding="utf-8").splitlines()


def _import_fails(study: Study, path: Path, lines: list[str]) -> list[tuple[int, str]]:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _log_size(study), card_rows(study.db)
    with pytest.raises(ProgressFileError) as caught:
        study.import_progress(path)
    assert (_log_size(study), card_rows(study.db)) == before  # nothing imported
    assert "nothing was imported" in caught.value.message
    return [(p.line, p.message) for p in caught.value.problems]


def test_bad_lines_are_reported_with_their_numbers_and_nothing_is_imported(
    tmp_path: Path, pack: Path
) -> None:
    lines = _exported(tmp_path, pack)
    review = next(i for i, line in enumerate(lines) if '"type":"review"' in line)
    bad = list(lines)
    record = json.loads(bad[review + 1])
    record["rating"] = 9
    bad[review + 1] = json.dumps(record)
    bad[review + 3] = bad[review + 3][:-5]  # cut short: not JSON
    record = json.loads(bad[review + 4])
    record["reviewed_at"] = "yesterday"
    bad[review + 4] = json.dumps(record)
    bad.insert(review + 6, json.dumps({"type": "mystery"}))
    with open_study(tmp_path / "target", [installed(pack)]) as study:
        problems = _import_fails(study, tmp_path / "bad.jsonl", bad)
        assert [line for line, _ in problems] == [review + 2, review + 4, review + 5, review + 7]
        assert "rating" in problems[0][1] and "JSON" in problems[1][1]
        assert "reviewed_at" in problems[2][1] and "mystery" in problems[3][1]
        # The good file still imports afterwards.
        study.import_progress(tmp_path / "good.jsonl")
        assert _log_size(study)[0] == sum(1 for line in lines if '"type":"review"' in line)


def test_clashing_and_dangling_entries_are_refused(tmp_path: Path, pack: Path) -> None:
    lines = _exported(tmp_path, pack)
    reviews = [i for i, line in enumerate(lines) if '"type":"review"' in line]
    with open_study(tmp_path / "target", [installed(pack)]) as study:
        study.import_progress(tmp_path / "good.jsonl")
        clash = list(lines)
        record = json.loads(clash[reviews[2]])
        record["duration_ms"] = (record["duration_ms"] or 0) + 1
        clash[reviews[2]] = json.dumps(record)
        assert "different content" in _import_fails(study, tmp_path / "clash.jsonl", clash)[0][1]
        # ... but not for elapsed_ms, which each store may have worked out from its own log.
        record = json.loads(lines[reviews[2]])
        record["elapsed_ms"] = 123
        (tmp_path / "elapsed.jsonl").write_text("\n".join([*lines[: reviews[2]], json.dumps(record)]) + "\n")
        assert study.import_progress(tmp_path / "elapsed.jsonl").reviews_added == 0
    with open_study(tmp_path / "fresh", [installed(pack)]) as study:
        undo = next(i for i in reviews if '"kind":"undo"' in lines[i])
        params = next(line for line in lines if '"type":"params"' in line)
        problems = _import_fails(study, tmp_path / "dangling.jsonl", [lines[0], params, lines[undo]])
        assert problems == [(3, problems[0][1])] and "neither log" in problems[0][1]
        record = json.loads(lines[reviews[0]])
        record["params_id"] = "0123456789abcdef"
        assert (
            "scheduler settings"
            in _import_fails(study, tmp_path / "params.jsonl", [lines[0], json.dumps(record)])[0][1]
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ('{"hello": 1}\n', "not an altlearn progress file"),
        ("not json at all\n", "JSON"),
        ('{"format": "altlearn-progress", "version": 2, "device": "x"}\n', "newer altlearn"),
        (b"\xff\xfe\n", "UTF-8"),
    ],
)
def test_files_that_are_not_progress_files(
    tmp_path: Path, pack: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "file.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with (
        open_study(tmp_path / "home", [installed(pack)]) as study,
        pytest.raises(ProgressFileError) as caught,
    ):
        study.import_progress(path)
    assert message in caught.value.problems[0].message
    assert caught.value.problems[0].line == 1


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_damage_to_a_file_is_refused_cleanly_or_imported_consistently(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    pack = copy_pack(base)
    lines = _fuzz_source(tmp_path_factory)
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    record = json.loads(lines[index])
    key = data.draw(st.sampled_from([*sorted(record), "extra"]), label="field")
    record[key] = data.draw(_JSON, label="value")
    damaged = list(lines)
    damaged[index] = json.dumps(record)
    path = base / "damaged.jsonl"
    path.write_text("\n".join(damaged) + "\n", encoding="utf-8")
    with open_study(base / "home", [installed(pack)]) as study:
        try:
            study.import_progress(path)
        except ProgressFileError as exc:
            assert exc.problems and all(p.line >= 1 for p in exc.problems)
            assert _log_size(study) == (0, 0)
        assert cache_differences(study.db) == []


_SOURCE: list[str] = []


def _fuzz_source(factory: pytest.TempPathFactory) -> list[str]:
    if not _SOURCE:
        base = factory.mktemp("fuzz-source")
        _SOURCE.extend(_exported(base, copy_pack(base)))
    return _SOURCE


def test_the_log_is_only_appended_to(tmp_path: Path, pack: Path) -> None:
    """Corrections are new entries: an import never rewrites what is there."""
    clock = FixedClock(START)
    with open_study(tmp_path / "home", [installed(pack)], clock) as study:
        _study_a_little(study, clock, wrong=set())
        before = {e.uid: e for e in log.all_reviews(study.db)}
        take_quiz(study, "b-second", clock=clock)
        after = {e.uid: e for e in log.all_reviews(study.db)}
        assert {uid: after[uid] for uid in before} == before


def test_progress_imported_before_its_pack_is_installed_joins_the_queue_with_it(
    tmp_path: Path, pack: Path
) -> None:
    clock = FixedClock(START)
    with open_study(tmp_path / "laptop", [installed(pack)], clock) as laptop:
        _study_a_little(laptop, clock, wrong=set())
        laptop.export_progress(tmp_path / "p.jsonl")
        clock.advance(timedelta(days=90))
        expected = card_rows(laptop.db), laptop.today_counts()
    with open_study(tmp_path / "new", [], clock) as new:
        new.import_progress(tmp_path / "p.jsonl")
        assert new.today_counts()["due_now"] == 0  # nothing to show the questions with yet
    with open_study(tmp_path / "new", [installed(pack)], clock) as new:
        assert (card_rows(new.db), new.today_counts()) == expected
        assert cache_differences(new.db) == []
