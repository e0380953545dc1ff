"""``altlearn pack check`` and ``pack show`` through the installed console script."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import CONTENT, PACK_FIXTURES, console_script
from tests.unit.test_checker_broken import CASES, build_case


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_version_and_help() -> None:
    from altlearn import __version__

    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    for command in (["--help"], ["pack", "--help"], ["pack", "check", "--help"], ["pack", "show", "--help"]):
        result = run(*command)
        assert result.returncode == 0 and "Usage:" in result.stdout, command


def test_bundled_content_is_clean() -> None:
    out = run("pack", "check", str(CONTENT))
    assert out.returncode == 0, out.stdout
    assert re.search(r"^0 errors, 0 warnings in \d+ packs", out.stdout, re.M), out.stdout


def test_every_broken_fixture_fails_with_a_located_diagnostic(tmp_path: Path) -> None:
    cases_dir = tmp_path / "cases"
    for case in CASES:
        build_case(case, cases_dir)
    errors = [c for c in CASES if c.severity == "error"]
    out = run("pack", "check", *[f"cases/{c.name}" for c in CASES], cwd=tmp_path)
    assert out.returncode == 1
    for case in CASES:
        expected = f"cases/{case.name}/{case.path}:{case.line}:"
        pattern = re.escape(expected) + r"\d+: " + case.severity + r": .*\[" + re.escape(case.code) + r"\]"
        assert re.search(pattern, out.stdout), f"{case.name}: no line like {expected}…[{case.code}]"
    # Each broken pack alone exits 1; checked for a sample to keep the suite fast.
    for case in errors[::8]:
        single = run("pack", "check", f"cases/{case.name}", cwd=tmp_path)
        assert single.returncode == 1, case.name
    assert "Traceback" not in out.stderr


def test_json_output_is_machine_readable(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "duplicate-question-id")
    build_case(case, tmp_path)
    out = run("pack", "check", "--format", "json", str(tmp_path / case.name))
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["ok"] is False and data["errors"] >= 1
    assert any(d["code"] == "duplicate-id" and d["line"] == case.line for d in data["diagnostics"])


def test_missing_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    out = run("pack", "check", str(tmp_path / "nowhere"))
    assert out.returncode == 1
    assert "does not exist" in out.stdout and "Traceback" not in out.stderr


def test_show_prints_the_parsed_pack_as_json() -> None:
    out = run("pack", "show", str(PACK_FIXTURES / "good"), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["id"] == "fixture-good"
    questions = [q for c in data["courses"] for lesson in c["lessons"] for q in lesson["questions"]]
    assert {q["type"] for q in questions} == {
        "single",
        "multiple",
        "truefalse",
        "typed",
        "cloze",
        "flashcard",
        "ordering",
    }
    single = next(q for q in questions if q["id"] == "b-single")
    assert single["location"] == {"path": "basics/01-first.md", "line": 21, "col": 1}
    assert [c["correct"] for c in single["choices"]] == [False, True, False]


def test_show_refuses_an_unreadable_pack_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text("id = [")
    out = run("pack", "show", str(tmp_path))
    assert out.returncode == 1
    assert (
        out.stderr.startswith("error: cannot read the pack") and "hint: run altlearn pack check" in out.stderr
    )


@pytest.mark.parametrize("path", ["basics/01-first.md", "pack.toml"])
def test_check_accepts_a_file_inside_a_pack(path: str) -> None:
    out = run("pack", "check", str(PACK_FIXTURES / "good" / path))
    assert out.returncode == 0 and "in 1 pack (3 lessons, 10 questions)" in out.stdout
