"""The CI snippets in docs/authoring.md work as printed (with altlearn already on PATH)."""

from __future__ import annotations

import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, console_script

DOC = REPO_ROOT / "docs" / "authoring.md"


def _blocks(language: str) -> list[str]:
    return re.findall(
        rf"^```{language}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE
    )


def shell_script() -> str:
    (script,) = [b for b in _blocks("sh") if b.startswith("#!/bin/sh")]
    return script


def actions_check_step() -> str:
    """The ``run: |`` body of the workflow's "Check the pack" step, as the runner's bash gets it."""
    (workflow,) = [b for b in _blocks("yaml") if "runs-on:" in b]
    lines = workflow.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- name: Check the pack")
    run = next(i for i in range(start, len(lines)) if lines[i].strip() == "run: |")
    indent = len(lines[run]) - len(lines[run].lstrip())
    body = []
    for line in lines[run + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    return textwrap.dedent("\n".join(body)) + "\n"


@pytest.fixture
def pack_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "pack-repo"
    made = subprocess.run(
        [console_script(), "pack", "new", str(repo)], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    return repo


def _break(repo: Path) -> None:
    lesson = repo / "first-course" / "01-the-staff-room.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n### Empty {#first-empty .single}\n\nNo choices.\n"
    )


def _env() -> dict[str, str]:
    # altlearn is already installed, as after the snippets' install step.
    return {**os.environ, "PATH": f"{Path(console_script()).parent}{os.pathsep}{os.environ['PATH']}"}


def test_shell_script_passes_a_good_pack_and_fails_a_broken_one(tmp_path: Path, pack_repo: Path) -> None:
    script = tmp_path / "check-pack.sh"
    script.write_text(shell_script(), encoding="utf-8")

    good = subprocess.run(["sh", str(script)], cwd=pack_repo, env=_env(), capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 errors, 0 warnings in 1 pack" in good.stdout

    _break(pack_repo)
    bad = subprocess.run(["sh", str(script), str(pack_repo)], env=_env(), capture_output=True, text=True)
    assert bad.returncode == 1
    assert "01-the-staff-room.md:" in bad.stdout and ": error: " in bad.stdout


def test_github_actions_step_annotates_and_fails_on_errors(pack_repo: Path) -> None:
    step = actions_check_step()
    assert "altlearn pack check" in step

    good = subprocess.run(
        ["bash", "-e", "-c", step], cwd=pack_repo, env=_env(), capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "::error" not in good.stdout

    _break(pack_repo)
    bad = subprocess.run(
        ["bash", "-e", "-c", step], cwd=pack_repo, env=_env(), capture_output=True, text=True
    )
    assert bad.returncode == 1
    annotations = [line for line in bad.stdout.splitlines() if line.startswith("::error ")]
    assert annotations, bad.stdout
    assert re.fullmatch(
        r"::error file=first-course/01-the-staff-room\.md,line=\d+,col=\d+::.+\[[a-z-]+\]", annotations[0]
    )
