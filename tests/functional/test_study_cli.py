"""``altlearn progress``, ``stats`` and ``optimize`` as the learner types them.

The commands run on the real clock, so the history they read is written at
times relative to now and the assertions never depend on the date.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from altlearn.cli import main
from altlearn.paths import Paths
from altlearn.storage.database import open_database
from altlearn.study.clock import FixedClock
from altlearn.study.service import Study
from tests.helpers import console_script
from tests.study_helpers import right_answer, simulate_history

STARTER = "getting-started"
LESSON = "gs-how-it-works"


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home where the bundled starter lesson's quiz was passed two days ago."""
    home = tmp_path_factory.mktemp("cli") / "home"
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0) - timedelta(days=2))
    with Study.open(Paths(home), clock=clock, fuzz=False) as study:
        quiz = study.start_quiz(STARTER, LESSON)
        while not quiz.finished:
            clock.advance(timedelta(seconds=30))
            quiz.answer(right_answer(quiz.question))  # type: ignore[arg-type]
            quiz.advance()
        assert quiz.finish().passed
    return home


@pytest.mark.parametrize(
    "command",
    [
        ["progress"],
        ["progress", "export"],
        ["progress", "import"],
        ["progress", "rebuild"],
        ["stats"],
        ["optimize"],
    ],
)
def test_every_command_has_help(tmp_path: Path, command: list[str]) -> None:
    result = run(tmp_path, *command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    assert not (tmp_path / "progress.sqlite3").exists()  # help opens nothing


def test_stats_as_text_fits_80_columns(studied: Path) -> None:
    result = run(studied, "stats")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    text = result.output
    for part in (
        "Today",
        "Streak",
        "Retention",
        "In all     7 answers · 7 cards seen",
        "Answers per day, last 30 days",
    ):
        assert part in text
    assert "Due per day, next 30 days" in text
    starter = next(line for line in lines if line.strip().startswith("Getting started"))
    assert "1/" in starter and "7/" in starter


def test_stats_as_json_is_the_stats_dictionary(studied: Path) -> None:
    result = run(studied, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {
        "generated_at", "study_day", "today", "reviews_per_day", "forecast", "retention_30d",
        "retention_reviews", "streak_days", "total_answers", "cards_seen", "courses",
    }  # fmt: skip
    assert data["total_answers"] == 7 and data["cards_seen"] == 7
    assert len(data["reviews_per_day"]) == 30 and len(data["forecast"]) == 30
    assert sum(day["answers"] for day in data["reviews_per_day"]) == 7
    assert sum(day["due"] for day in data["forecast"]) == 7  # every card comes back within 30 days
    starter = next(c for c in data["courses"] if c["pack"] == STARTER)
    assert starter["lessons_done"] == 1 and starter["cards_learned"] == 7


def test_rebuild_reports_and_repairs_a_damaged_cache(studied: Path, tmp_path: Path) -> None:
    result = run(studied, "progress", "rebuild")
    assert result.exit_code == 0, result.output
    assert "7 answers in force" in result.output and "nothing had drifted" in result.output
    db = open_database(studied / "progress.sqlite3")
    db.execute("UPDATE cards SET due = due + 86400 WHERE rowid = (SELECT min(rowid) FROM cards)")
    db.close()
    result = run(studied, "progress", "rebuild")
    assert "1 card differed from before" in result.output
    assert "nothing had drifted" in run(studied, "progress", "rebuild").output


def test_export_and_import_through_the_console_script(studied: Path, tmp_path: Path) -> None:
    exported = tmp_path / "progress.jsonl"
    out = subprocess.run(
        [console_script(), "--home", str(studied), "progress", "export", str(exported)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Exported 7 answers and 1 lesson event" in out.stdout
    other = tmp_path / "other"
    out = subprocess.run(
        [console_script(), "--home", str(other), "progress", "import", str(exported)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Imported 7 new answers and 1 new lesson event" in out.stdout
    assert "Replayed 7 cards in 1 pack" in out.stdout
    again = run(other, "progress", "import", str(exported))
    assert (
        "Imported 0 new answers and 0 new lesson events" in again.output and "8 already here" in again.output
    )
    assert json.loads(run(other, "stats", "--format", "json").output)["total_answers"] == 7


def test_export_to_standard_output_and_import_from_standard_input(studied: Path, tmp_path: Path) -> None:
    exported = run(studied, "progress", "export", "-")
    assert exported.exit_code == 0 and exported.output.startswith('{"format":"altlearn-progress"')
    result = CliRunner().invoke(
        main, ["--home", str(tmp_path / "in"), "progress", "import", "-"], input=exported.output
    )
    assert result.exit_code == 0, result.output
    assert "Imported 7 new answers" in result.output


def test_problems_are_messages_with_line_numbers_not_tracebacks(studied: Path, tmp_path: Path) -> None:
    lines = run(studied, "progress", "export", "-").output.splitlines()
    lines[3] = lines[3].replace('"rating":3', '"rating":"three"')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(tmp_path / "target", "progress", "import", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:4:1: error: 'rating' must be 1 (Again) to 4 (Easy) or null" in result.stderr
    assert "nothing was imported" in result.stderr and "Traceback" not in result.output
    missing = run(tmp_path / "target", "progress", "import", str(tmp_path / "missing.jsonl"))
    assert missing.exit_code == 1 and "error: cannot read" in missing.stderr
    unwritable = run(studied, "progress", "export", str(tmp_path / "no" / "such" / "dir" / "x.jsonl"))
    assert unwritable.exit_code == 1 and "error: cannot write" in unwritable.stderr


def test_optimize_needs_enough_history(studied: Path) -> None:
    result = run(studied, "optimize")
    assert result.exit_code == 1
    assert "not enough history" in result.stderr and "hint:" in result.stderr
    assert not (studied / "config.toml").exists()


def test_optimize_reports_and_saves_personal_parameters(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = open_database(home / "progress.sqlite3")
    simulate_history(db, cards=200, answers=12, forgetting=3.0)
    db.close()
    dry = run(home, "optimize", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Fitted FSRS-6 to" in dry.output and "Dry run: nothing was saved." in dry.output
    assert "comes back after:" in dry.output and "forgetting-curve decay" in dry.output
    assert all(len(line) <= 80 for line in dry.output.splitlines())
    assert not (home / "config.toml").exists()
    saved = run(home, "optimize")
    assert saved.exit_code == 0 and "Saved to" in saved.output
    parameters = tomllib.loads((home / "config.toml").read_text(encoding="utf-8"))["parameters"]
    assert len(parameters) == 21
    with Study.open(Paths(home)) as study:
        assert study.scheduler_settings.parameters == tuple(parameters)
        assert (
            study.scheduler_settings.params_id
            != Study.open(Paths(tmp_path / "fresh")).scheduler_settings.params_id
        )
    again = run(home, "optimize")  # fitted to the same history: no better than what is in use now
    assert again.exit_code == 0 and "nothing changed" in again.output


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("parameters = [" + ", ".join(["-1.0"] * 21) + "]\n", "invalid scheduler setting: FSRS parameter 0"),
        ("parameters = [1.0, 2.0]\n", "setting 'parameters' must be 21 FSRS weights"),
        ('timezone = "Mars/Olympus"\n', "unknown time zone 'Mars/Olympus'"),
        ("desired_retention = 2\n", "setting 'desired_retention' must be"),
    ],
)
def test_a_bad_settings_file_is_a_message(tmp_path: Path, config: str, message: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(config, encoding="utf-8")
    result = run(home, "stats")
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
