"""``altlearn report``: the learner's figures per course and lesson, from real study through ``Study``."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from altlearn.report.model import LearnerReport, LessonReport, report_from_dict, report_to_dict
from altlearn.study.clock import FixedClock
from altlearn.study.report import build_report
from tests.helpers import console_script
from tests.reporting import (
    WRONG_TYPED,
    diligent_learner,
    fixture_packs,
    forgetful_learner,
    open_study,
    review_due,
    take_quiz,
)


def _lessons(report: LearnerReport) -> dict[str, LessonReport]:
    return {lesson.lesson_id: lesson for course in report.courses for lesson in course.lessons}


def test_a_new_learner_has_every_lesson_not_started(tmp_path: Path) -> None:
    with open_study(tmp_path / "home", FixedClock(), packs=fixture_packs()) as study:
        report = build_report(study)
    assert [c.course_id for c in report.courses] == ["basics", "customs"]
    assert {lesson.status for lesson in _lessons(report).values()} == {"not_started"}
    assert (report.lessons_done, report.lesson_total) == (0, 3)
    assert report.retention_30d is None and report.total_answers == 0
    assert all(c.mastery == 0 for c in report.courses)


def test_completion_scores_and_attempts_per_lesson(tmp_path: Path) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "home", clock, packs=fixture_packs()) as study:
        forgetful_learner(study, clock)
        report = build_report(study, learner="  Ben   Ito ")

    first, second = (_lessons(report)[x] for x in ("b-first", "b-second"))
    assert report.learner == "Ben Ito"
    assert first.status == "completed" and first.attempts == 2
    assert first.best_score == pytest.approx(6 / 8)
    assert first.completed_on == date(2026, 4, 6)
    assert second.status == "not_started" and second.best_score is None
    assert (report.lessons_done, report.lesson_total) == (1, 3)


def test_retention_and_mastery_follow_the_reviews(tmp_path: Path) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "good", clock, packs=fixture_packs()) as study:
        diligent_learner(study, clock)
        clock.advance(timedelta(days=10))  # mastery right after a review is always 100%
        good = build_report(study)
    clock = FixedClock()
    with open_study(tmp_path / "poor", clock, packs=fixture_packs()) as study:
        forgetful_learner(study, clock)
        clock.advance(timedelta(days=10))
        poor = build_report(study)

    good_first, poor_first = _lessons(good)["b-first"], _lessons(poor)["b-first"]
    # Two rounds of review four days apart (every card in the first, the ones due
    # again in the second), each a day or more after the card's previous answer;
    # the diligent learner recalls everything.
    assert good_first.retention == 1.0
    assert good_first.retention_reviews == good_first.reviews > 8
    assert good_first.answers == 8 + good_first.reviews
    assert poor_first.retention is not None and poor_first.retention < 0.5
    assert poor_first.lapses > 0 and good_first.lapses == 0
    assert good_first.mastery is not None and poor_first.mastery is not None
    assert good_first.mastery > poor_first.mastery
    basics = good.courses[0]
    assert basics.retention == 1.0 and basics.retention_reviews == good_first.retention_reviews
    assert good.retention_30d == 1.0
    assert sum(d.answers for d in good.activity) == good.total_answers == good_first.answers + 1


def test_mastery_fades_as_time_passes_without_review(tmp_path: Path) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "home", clock, packs=fixture_packs()) as study:
        take_quiz(study, "fixture-good", "b-first")
        clock.advance(timedelta(days=1))
        fresh = _lessons(build_report(study))["b-first"].mastery
        clock.advance(timedelta(days=120))
        faded = _lessons(build_report(study))["b-first"].mastery
    assert fresh is not None and faded is not None
    assert 0 < faded < fresh <= 1


def test_renamed_questions_keep_their_reviews_in_the_report(tmp_path: Path, good_pack: Path) -> None:
    from altlearn.packs.library import InstalledPack

    packs = [InstalledPack(id="fixture-good", root=good_pack, source="test", bundled=False)]
    clock = FixedClock()
    with open_study(tmp_path / "home", clock, packs=packs) as study:
        take_quiz(study, "fixture-good", "b-first")
        clock.advance(timedelta(days=3))
        review_due(study, recall=lambda q: True)
        before = _lessons(build_report(study))["b-first"]
    lesson = good_pack / "basics" / "01-first.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("{#b-tf .truefalse}", "{#b-sky .truefalse}"))
    manifest = good_pack / "pack.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + '"b-tf" = "b-sky"\n', encoding="utf-8")
    with open_study(tmp_path / "home", clock, packs=packs) as study:
        after = _lessons(build_report(study))["b-first"]
    assert after.answers == before.answers == 16
    assert after.retention_reviews == before.retention_reviews == 8


def test_the_report_never_holds_the_answers_given(tmp_path: Path) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "home", clock, packs=fixture_packs()) as study:
        forgetful_learner(study, clock)  # gives WRONG_TYPED to typed and cloze questions
        assert study.db.execute(
            "SELECT count(*) FROM reviews WHERE answer LIKE ?", [f"%{WRONG_TYPED}%"]
        ).fetchone()[0]
        report = build_report(study)
    text = json.dumps(report_to_dict(report), ensure_ascii=False)
    assert WRONG_TYPED not in text
    assert "b-typed" not in text and "shokuinshitsu" not in text  # no question ids, no answers


def test_json_round_trip(tmp_path: Path) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "home", clock, packs=fixture_packs()) as study:
        diligent_learner(study, clock)
        report = build_report(study, learner="Sam")
    data = json.loads(json.dumps(report_to_dict(report)))
    assert report_to_dict(report_from_dict(data)) == data


def test_cli_writes_json_and_html_named_after_the_learner(tmp_path: Path, isolated_home: Path) -> None:
    clock = FixedClock()
    with open_study(isolated_home, clock) as study:  # the bundled packs the CLI will see
        take_quiz(study, "getting-started", "gs-how-it-works")
    out = tmp_path / "out"
    run = subprocess.run(
        [console_script(), "report", "-o", str(out), "--name", "Sam Lee"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (json_file,) = out.glob("altlearn-report-sam-lee-*.json")
    (html_file,) = out.glob("altlearn-report-sam-lee-*.html")
    data = json.loads(json_file.read_text(encoding="utf-8"))
    assert data["format"] == "altlearn-report" and data["learner"]["name"] == "Sam Lee"
    statuses = {
        lesson["lesson"]: lesson["status"] for course in data["courses"] for lesson in course["lessons"]
    }
    assert statuses["gs-how-it-works"] == "completed"
    assert data["summary"]["lessons_done"] == 1
    assert "Progress report: Sam Lee" in html_file.read_text(encoding="utf-8")
    assert "1 of" in run.stdout and str(json_file) in run.stdout


def test_cli_asks_for_an_output_folder() -> None:
    run = subprocess.run([console_script(), "report"], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "altlearn report -o DIR" in run.stderr
