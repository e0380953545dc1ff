"""The report pages render in a real headless browser (Debian's chromium), charts included.

Each test writes real reports (learners driven through the study engine),
opens the page in chromium with networking features off, keeps a screenshot
under the test's tmp dir (recorded as the ``screenshot`` property), and checks
both the DOM chromium built and the pixels it painted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from altlearn.report.cohort import build_cohort, read_reports
from altlearn.report.output import write_cohort, write_learner_report
from altlearn.study.clock import FixedClock
from altlearn.study.report import build_report
from tests.pngcheck import colour_counts, hex_colour
from tests.reporting import (
    diligent_learner,
    fixture_packs,
    forgetful_learner,
    open_study,
    review_due,
    take_quiz,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
    ),
]

MASTERY_BLUE = hex_colour("#2f6fb0")
RETENTION_GREEN = hex_colour("#2e9e6a")
QUIZ_PURPLE = hex_colour("#7a5cc0")
IN_PROGRESS_AMBER = hex_colour("#e0a030")
NETWORK_TAGS = re.compile(r"<(script|link|img|iframe|object|embed|base)\b", re.IGNORECASE)


def render(page: Path, screenshot: Path, profile: Path) -> str:
    """Open ``page`` in headless chromium; write a screenshot and return the DOM it built."""
    assert CHROMIUM is not None
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=900,1400",
            "--force-device-scale-factor=1",
            "--hide-scrollbars",
            f"--screenshot={screenshot}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert screenshot.is_file(), run.stderr[-2000:]
    return run.stdout


def assert_self_contained(dom: str) -> None:
    assert "Content-Security-Policy" in dom and "default-src 'none'" in dom
    assert NETWORK_TAGS.search(dom) is None
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", dom, re.IGNORECASE)
    assert "url(" not in dom


def test_learner_report_renders_with_charts(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    clock = FixedClock()
    with open_study(tmp_path / "home", clock) as study:  # bundled content
        take_quiz(study, "getting-started", "gs-how-it-works")
        take_quiz(study, "getting-started", "gs-spaced-review", wrong=1)
        for _ in range(3):
            clock.advance(timedelta(days=3))
            review_due(study, recall=lambda q: not q.id.endswith("tf"))
        report = build_report(study, learner="Sam <b>Lee</b>")
    _, html_path = write_learner_report(report, tmp_path / "out")

    png = tmp_path / "learner-report.png"
    dom = render(html_path, png, tmp_path / "profile")
    record_property("screenshot", str(png))

    assert_self_contained(dom)
    assert "Progress report: Sam &lt;b&gt;Lee&lt;/b&gt;" in dom  # shown, not obeyed
    assert dom.count('<svg class="chart"') == 2  # answers per day, and the started course
    assert len(re.findall(r'<rect class="bar s-mastery"', dom)) == 2  # both lessons of Getting started
    assert len(re.findall(r'<rect class="bar s-answers"', dom)) == 4  # four days with answers
    colours = colour_counts(png)
    assert len(colours) > 50, "the page painted more than a blank background"
    assert colours[MASTERY_BLUE] > 300
    assert colours[RETENTION_GREEN] > 300
    assert colours[QUIZ_PURPLE] > 300


def test_cohort_page_renders_with_charts_and_lists_bad_files(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    reports = tmp_path / "reports"
    for index, (name, plan) in enumerate(
        [("Aiko", diligent_learner), ("Ben", forgetful_learner), ("Chloé", diligent_learner)]
    ):
        clock = FixedClock()
        with open_study(tmp_path / f"home-{index}", clock, packs=fixture_packs()) as study:
            plan(study, clock)
            write_learner_report(build_report(study, learner=name), reports)
    (reports / "notes.json").write_text('{"shopping": ["milk"]}', encoding="utf-8")
    sources, skipped = read_reports([reports])
    cohort = build_cohort(sources, skipped, now=FixedClock().now())
    _, _, html_path = write_cohort(cohort, tmp_path / "cohort")

    png = tmp_path / "cohort-report.png"
    dom = render(html_path, png, tmp_path / "profile")
    record_property("screenshot", str(png))

    assert_self_contained(dom)
    assert "1 file not included" in dom and "notes.json" in dom
    assert "Where the cohort struggles (2 lessons)" in dom
    assert dom.count('<svg class="chart"') == 2  # one course started: status and figures
    assert len(re.findall(r'<rect class="bar s-completed"', dom)) == 1
    assert len(re.findall(r'<rect class="bar s-in_progress"', dom)) == 1
    colours = colour_counts(png)
    assert len(colours) > 50
    assert colours[RETENTION_GREEN] > 300
    assert colours[IN_PROGRESS_AMBER] > 300
    assert colours[MASTERY_BLUE] > 300
