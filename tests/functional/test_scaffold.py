"""``altlearn pack new``: the scaffold passes ``pack check`` with no warnings, as created."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from altlearn.domain.questions import QuestionKind
from altlearn.packs.loader import load_pack
from tests.helpers import console_script


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), *map(str, args)], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_new_pack_passes_check_with_no_warnings(tmp_path: Path) -> None:
    target = tmp_path / "my-first-pack"
    created = _run("pack", "new", target)
    assert created.returncode == 0, created.stderr
    assert "pack.toml" in created.stdout

    checked = _run("pack", "check", "--format", "json", target)
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["ok"] is True
    assert (report["errors"], report["warnings"]) == (0, 0), report["diagnostics"]
    assert report["packs"] == [
        {"path": str(target), "id": "my-first-pack", "version": "0.1.0", "lessons": 1, "questions": 7}
    ]


def test_new_pack_has_one_course_one_lesson_and_every_question_type_once(tmp_path: Path) -> None:
    target = tmp_path / "pack"
    assert _run("pack", "new", target, "--id", "alt-staffroom", "--title", "Staff room").returncode == 0

    result = load_pack(target)
    assert result.pack is not None and result.diagnostics == []
    pack = result.pack
    assert (pack.id, pack.title) == ("alt-staffroom", "Staff room")
    assert len(pack.courses) == 1
    (lesson,) = pack.courses[0].lessons
    assert sorted(q.kind for q in lesson.questions) == sorted(QuestionKind)
    assert all(not q.id_derived for q in lesson.questions)
    assert pack.courses[0].glossary, "the scaffold shows how a glossary works"
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "altlearn pack check" in readme and "Staff room" in readme


def test_titles_and_authors_with_quotes_and_backslashes_stay_valid(tmp_path: Path) -> None:
    target = tmp_path / "quoted"
    title = 'The "staff room" \\ 職員室 guide'
    author = 'Aiko "A." Tanaka <aiko@example.org>'
    made = _run("pack", "new", target, "--id", "quoted", "--title", title, "--author", author)
    assert made.returncode == 0, made.stderr

    result = load_pack(target)
    assert result.pack is not None and result.errors == []
    assert result.pack.title == title
    assert result.pack.authors == (author,)


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")

    made = _run("pack", "new", target)

    assert made.returncode == 1
    assert "is not empty" in made.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_folder_name_without_a_usable_id_asks_for_one(tmp_path: Path) -> None:
    made = _run("pack", "new", tmp_path / "日本")
    assert made.returncode == 1
    assert "--id" in made.stderr
    assert not (tmp_path / "日本").exists()

    again = _run("pack", "new", tmp_path / "日本", "--id", "nihon")
    assert again.returncode == 0, again.stderr
    assert _run("pack", "check", tmp_path / "日本").returncode == 0
