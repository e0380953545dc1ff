"""Writing report files: atomically, named so that many learners' files do not collide."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from altlearn.domain.ids import slugify
from altlearn.report.cohort import Cohort
from altlearn.report.cohort_csv import learners_csv, lessons_csv
from altlearn.report.cohort_page import cohort_page
from altlearn.report.learner_page import learner_page
from altlearn.report.model import LearnerReport, ReportError, report_to_dict


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename.

    Raises:
        ReportError: the folder cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(staging, path)
        except BaseException:
            Path(staging).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"cannot write '{path}': {exc.strerror or exc}") from exc


def report_basename(report: LearnerReport) -> str:
    """``altlearn-report-<name or id>-<study day>``: one trainer collects many of these."""
    who = slugify(report.learner, max_length=40) or report.learner_id[:12] or "learner"
    return f"altlearn-report-{who}-{report.study_day.isoformat()}"


def write_learner_report(report: LearnerReport, directory: Path) -> tuple[Path, Path]:
    """Write the report as JSON (for ``report merge``) and as an HTML page.

    Returns:
        The JSON file and the HTML file.
    """
    base = report_basename(report)
    json_path = directory / f"{base}.json"
    html_path = directory / f"{base}.html"
    write_atomic(json_path, json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n")
    write_atomic(html_path, learner_page(report))
    return json_path, html_path


def write_cohort(cohort: Cohort, directory: Path) -> tuple[Path, Path, Path]:
    """Write the cohort as ``cohort.csv`` (learner x lesson), ``cohort-lessons.csv`` and ``cohort.html``.

    Returns:
        The three files, in that order.
    """
    learners = directory / "cohort.csv"
    lessons = directory / "cohort-lessons.csv"
    html = directory / "cohort.html"
    write_atomic(learners, learners_csv(cohort))
    write_atomic(lessons, lessons_csv(cohort))
    write_atomic(html, cohort_page(cohort))
    return learners, lessons, html
