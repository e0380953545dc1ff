"""``altlearn report merge``: a trainer combines learners' files, bad ones included."""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from altlearn.report.output import write_learner_report
from altlearn.study.clock import FixedClock
from altlearn.study.report import build_report
from tests.helpers import console_script
from tests.reporting import diligent_learner, fixture_packs, forgetful_learner, open_study

HOSTILE_NAME = '=HYPERLINK("x") <i>Chloé</i>'


@pytest.fixture
def learner_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Report files of three learners on the fixture pack, and an older report of the first."""
    out = tmp_path_factory.mktemp("reports")
    files: dict[str, Path] = {}
    for index, (name, plan) in enumerate(
        [("Aiko", diligent_learner), ("Ben", forgetful_learner), (HOSTILE_NAME, diligent_learner)]
    ):
        clock = FixedClock()
        with open_study(out / f"home-{index}", clock, packs=fixture_packs()) as study:
            if index == 0:
                older = build_report(study, learner=name)
                older_json, _ = write_learner_report(older, out / "older")
                files["older"] = older_json
                clock.advance(timedelta(hours=1))
            plan(study, clock)
            json_path, _ = write_learner_report(build_report(study, learner=name), out / "inbox")
            files[name] = json_path
    return files


def _merge(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), "report", "merge", *map(str, args)], capture_output=True, text=True, check=False
    )


def test_merge_writes_csv_and_html_and_reports_every_bad_file(
    tmp_path: Path, learner_files: dict[str, Path]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "truncated.json").write_text(
        '{"format": "altlearn-report", "version": 1, "learn', encoding="utf-8"
    )
    (bad / "package.json").write_text('{"name": "left-pad", "version": "1.3.0"}', encoding="utf-8")
    (bad / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    newer = json.loads(learner_files["Aiko"].read_text(encoding="utf-8"))
    newer["version"] = 99
    (bad / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    edited = json.loads(learner_files["Ben"].read_text(encoding="utf-8"))
    edited["learner"]["id"] = "someone-else"
    edited["courses"][0]["lessons"][0]["mastery"] = 1.5
    (bad / "edited.json").write_text(json.dumps(edited), encoding="utf-8")
    out = tmp_path / "cohort"

    run = _merge(
        learner_files["Aiko"].parent, learner_files["older"], bad, tmp_path / "missing.json", "-o", out
    )

    assert run.returncode == 0, run.stderr
    reasons = {line.split(": skipped: ")[0]: line.split(": skipped: ")[1] for line in run.stderr.splitlines()}
    assert "not valid JSON" in reasons[str(bad / "truncated.json")]
    assert "not an altlearn learner report" in reasons[str(bad / "package.json")]
    assert "not UTF-8" in reasons[str(bad / "binary.json")]
    assert "newer altlearn" in reasons[str(bad / "newer.json")]
    assert "courses[0].lessons[0].mastery" in reasons[str(bad / "edited.json")]
    assert "does not exist" in reasons[str(tmp_path / "missing.json")]
    assert "older report of the same learner" in reasons[str(learner_files["older"])]
    assert len(reasons) == 7
    assert "merged 3 learner reports (7 files skipped)" in run.stdout

    with (out / "cohort.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 * 3  # three learners, three lessons
    assert {r["learner"] for r in rows} == {"Aiko", "Ben", "'" + HOSTILE_NAME}  # text, not a formula
    with (out / "cohort-lessons.csv").open(encoding="utf-8", newline="") as handle:
        lessons = {r["lesson"]: r for r in csv.DictReader(handle)}
    assert lessons["b-first"]["completed"] == "3"
    assert lessons["b-second"]["attempted_not_passed"] == "2"
    assert "quiz hard to pass" in lessons["b-second"]["flags"]
    assert lessons["c-shoes"]["not_started"] == "3"

    page = (out / "cohort.html").read_text(encoding="utf-8")
    assert "7 files not included" in page
    for name in ("truncated.json", "package.json", "binary.json", "newer.json", "edited.json"):
        assert name in page
    assert "=HYPERLINK(&quot;x&quot;) &lt;i&gt;Chloé&lt;/i&gt;" in page  # shown, not obeyed
    assert "<i>" not in page


def test_merge_fails_when_no_file_is_a_report(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2, 3]", encoding="utf-8")
    out = tmp_path / "cohort"

    run = _merge(junk, "-o", out)

    assert run.returncode == 1
    assert f"{junk}: skipped: not an altlearn learner report" in run.stderr
    assert "none of the files is a learner report" in run.stderr
    assert not out.exists()


def test_merge_takes_the_newest_report_of_a_learner(tmp_path: Path, learner_files: dict[str, Path]) -> None:
    run = _merge(learner_files["older"], learner_files["Aiko"], "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    with (tmp_path / "out" / "cohort.csv").open(encoding="utf-8", newline="") as handle:
        statuses = {r["lesson"]: r["status"] for r in csv.DictReader(handle)}
    assert statuses["b-first"] == "completed"  # from the newer report; the older had nothing done
