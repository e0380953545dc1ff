"""One broken pack per kind of error: the checker names the file, the line and the kind.

Each case copies the good fixture pack and breaks one thing. The same cases are
run through the real console script in tests/functional/test_cli_pack.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from altlearn.packs.checker import check_paths
from tests.helpers import PACK_FIXTURES


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    code: str
    path: str
    line: int
    severity: str = "error"


def _edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / rel
        text = target.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not found in {rel}"
        target.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def _write(rel: str, data: bytes) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / rel).write_bytes(data)

    return mutate


def _symlink_out(root: Path) -> None:
    outside = root.parent / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, root / "basics" / "leak.md")


def _symlinked_lesson(root: Path) -> None:
    outside = root.parent / "outside-lesson.md"
    shutil.move(root / "customs" / "01-shoes.md", outside)
    os.symlink(outside, root / "customs" / "01-shoes.md")


FIRST = "basics/01-first.md"
SECOND = "basics/02-second.md"
M = "pack.toml"

CASES = [
    Case(
        "manifest-syntax",
        _edit(M, 'title = "Fixture: a good pack"', 'title = "unclosed'),
        "manifest-syntax",
        M,
        3,
    ),
    Case("manifest-missing-field", _edit(M, 'license = "CC0-1.0"\n', ""), "missing-field", M, 1),
    Case(
        "manifest-unknown-field",
        _edit(M, 'language = "en"', 'language = "en"\nlisence = "MIT"'),
        "unknown-field",
        M,
        9,
    ),
    Case(
        "course-unknown-field",
        _edit(M, 'lessons = ["customs/01-shoes.md"]', 'lesons = ["customs/01-shoes.md"]'),
        "unknown-field",
        M,
        25,
    ),
    Case(
        "front-matter-unknown-field",
        _edit(FIRST, "minutes: 5", "minutes: 5\nminuts: 6"),
        "unknown-field",
        FIRST,
        5,
    ),
    Case(
        "front-matter-missing",
        _edit(SECOND, "---\nid: b-second", "id: b-second"),
        "missing-front-matter",
        SECOND,
        1,
    ),
    Case("front-matter-bad-minutes", _edit(SECOND, "minutes: 3", "minutes: ten"), "invalid-field", SECOND, 4),
    Case(
        "duplicate-question-id",
        _edit(FIRST, "{#b-multiple .multiple}", "{#b-single .multiple}"),
        "duplicate-id",
        FIRST,
        33,
    ),
    Case(
        "lesson-id-clashes-with-question",
        _edit(SECOND, "id: b-second", "id: b-typed"),
        "duplicate-id",
        SECOND,
        2,
    ),
    Case(
        "no-correct-answer",
        _edit(FIRST, "- [x] Right one.", "- [ ] Right one."),
        "no-correct-answer",
        FIRST,
        25,
    ),
    Case(
        "two-correct-in-single",
        _edit(FIRST, "- [ ] Also wrong.", "- [x] Also wrong."),
        "single-not-one-correct",
        FIRST,
        25,
    ),
    Case("answer-not-a-choice", _edit(FIRST, "Answer: true", "Answer: maybe"), "invalid-answer", FIRST, 44),
    Case(
        "truefalse-list-not-true-false",
        _edit(FIRST, "- [ ] True\n", "- [ ] Perhaps\n"),
        "invalid-answer",
        FIRST,
        50,
    ),
    Case(
        "empty-prompt",
        _edit(SECOND, "### Another {#b-second-q .single}", "### {#b-second-q .single}"),
        "empty-prompt",
        SECOND,
        14,
    ),
    Case("unknown-type", _edit(SECOND, ".single}", ".singel}"), "unknown-type", SECOND, 14),
    Case("missing-type", _edit(SECOND, "{#b-second-q .single}", "{#b-second-q}"), "missing-type", SECOND, 14),
    Case(
        "bad-attribute",
        _edit(SECOND, "{#b-second-q .single}", "{#b-second-q .single extra}"),
        "bad-attribute",
        SECOND,
        14,
    ),
    Case("invalid-question-id", _edit(SECOND, "{#b-second-q", "{#B Second"), "invalid-id", SECOND, 14),
    Case("not-a-choice", _edit(SECOND, "- [ ] No", "- No"), "not-a-choice", SECOND, 17),
    Case("too-few-choices", _edit(SECOND, "- [ ] No\n", ""), "too-few-choices", SECOND, 16),
    Case(
        "cloze-without-blanks",
        _edit(FIRST, "Say 「{{kiritsu|起立}}」 then 「{{rei|礼}}」.", "Say hello."),
        "no-blanks",
        FIRST,
        64,
    ),
    Case("cloze-empty-blank", _edit(FIRST, "{{rei|礼}}", "{{}}"), "empty-blank", FIRST, 64),
    Case(
        "flashcard-without-back",
        _edit(FIRST, "Answer: Back of the card,", "Back of the card,"),
        "no-correct-answer",
        FIRST,
        68,
    ),
    Case(
        "ordering-without-list",
        _edit(FIRST, "1. One\n2. Two\n3. Three", "One, two, three."),
        "no-choices",
        FIRST,
        79,
    ),
    Case(
        "broken-lesson-link", _edit(FIRST, "(02-second.md#quiz)", "(03-missing.md)"), "broken-link", FIRST, 10
    ),
    Case(
        "link-outside-pack",
        _edit(SECOND, "(01-first.md)", "(../../../etc/passwd)"),
        "link-outside-pack",
        SECOND,
        10,
    ),
    Case(
        "javascript-link",
        _edit(SECOND, "(https://www.mext.go.jp/)", "(javascript:alert(1))"),
        "bad-link-scheme",
        SECOND,
        10,
    ),
    Case(
        "manifest-lists-missing-file",
        _edit(M, '"basics/02-second.md"', '"basics/02-secnod.md"'),
        "missing-file",
        M,
        19,
    ),
    Case(
        "manifest-missing-glossary",
        _edit(M, '"basics/glossary.md"', '"basics/glosary.md"'),
        "missing-file",
        M,
        16,
    ),
    Case(
        "manifest-path-leaves-pack",
        _edit(M, '"customs/01-shoes.md"', '"../customs/01-shoes.md"'),
        "unsafe-path",
        M,
        25,
    ),
    Case(
        "manifest-duplicate-lesson",
        _edit(M, '"basics/02-second.md",', '"basics/02-second.md", "basics/01-first.md",'),
        "duplicate-lesson",
        M,
        19,
    ),
    Case(
        "renamed-id-still-used",
        _edit(M, '"b-older" = "b-old-name"', '"b-older" = "b-old-name"\n"b-typed" = "b-cloze"'),
        "renamed-id-in-use",
        M,
        33,
    ),
    Case(
        "renamed-to-nothing",
        _edit(M, '"b-old-name" = "b-single"', '"b-old-name" = "b-nowhere"'),
        "renamed-target-missing",
        M,
        31,
    ),
    Case(
        "rename-cycle",
        _edit(M, '"b-old-name" = "b-single"', '"b-old-name" = "b-older"'),
        "rename-cycle",
        M,
        31,
    ),
    Case(
        "renamed-and-retired",
        _edit(M, 'retired = ["b-gone"]', 'retired = ["b-gone", "b-older"]'),
        "renamed-and-retired",
        M,
        28,
    ),
    Case(
        "retired-id-still-used",
        _edit(M, 'retired = ["b-gone"]', 'retired = ["b-gone", "b-typed"]'),
        "retired-id-in-use",
        M,
        28,
    ),
    Case(
        "unknown-prerequisite",
        _edit(SECOND, "prerequisites: [b-first]", "prerequisites: [b-zeroth]"),
        "unknown-prerequisite",
        SECOND,
        5,
    ),
    Case(
        "prerequisite-cycle",
        _edit(FIRST, "minutes: 5", "minutes: 5\nprerequisites: [b-second]"),
        "prerequisite-cycle",
        SECOND,
        5,
    ),
    Case(
        "invalid-utf8",
        _write(SECOND, b"---\nid: b-second\ntitle: x\nminutes: 3\n---\n\nbad \xff byte\n"),
        "invalid-utf8",
        SECOND,
        7,
    ),
    Case(
        "file-too-large",
        _write("customs/01-shoes.md", b"---\nid: c-shoes\n---\n" + b"x" * (1024 * 1024 + 1)),
        "file-too-large",
        "customs/01-shoes.md",
        1,
    ),
    Case("symlink-out-of-pack", _symlink_out, "symlink", "basics/leak.md", 1),
    Case("symlinked-lesson", _symlinked_lesson, "symlink", "customs/01-shoes.md", 1),
    Case(
        "needs-newer-altlearn",
        _edit(M, 'min_altlearn = "0.1"', 'min_altlearn = "99.0"'),
        "needs-newer-altlearn",
        M,
        9,
    ),
    Case("format-too-new", _edit(M, "format = 1", "format = 7"), "format-too-new", M, 1),
    Case("invalid-pack-id", _edit(M, 'id = "fixture-good"', 'id = "Fixture Good"'), "invalid-id", M, 2),
    Case(
        "glossary-missing-term",
        _edit(FIRST, "The staff room is the 職員室.", "The staff room is the 職員室 and 教室."),
        "glossary-missing-term",
        FIRST,
        17,
        "warning",
    ),
    Case(
        "control-character",
        _edit(SECOND, "Second lesson\n\nSee", "Second lesson\n\nSee \x1b[31m"),
        "control-character",
        SECOND,
        10,
        "warning",
    ),
]


def build_case(case: Case, parent: Path) -> Path:
    """Materialise one broken pack under ``parent``."""
    root = parent / case.name
    shutil.copytree(PACK_FIXTURES / "good", root, symlinks=True)
    case.mutate(root)
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_checker_reports_each_broken_pack(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    build_case(case, tmp_path / "cases")
    report = check_paths([Path("cases") / case.name])
    found = [(d.code, d.path, d.line, str(d.severity)) for d in report.diagnostics]
    assert (case.code, f"cases/{case.name}/{case.path}", case.line, case.severity) in found, found
    assert report.ok is (case.severity == "warning")


def test_every_error_kind_of_the_issue_has_a_case() -> None:
    required = {
        "manifest-syntax",
        "missing-field",
        "unknown-field",
        "duplicate-id",
        "no-correct-answer",
        "invalid-answer",
        "empty-prompt",
        "broken-link",
        "missing-file",
        "renamed-id-in-use",
        "retired-id-in-use",
        "invalid-utf8",
        "file-too-large",
        "link-outside-pack",
        "symlink",
        "unsafe-path",
    }
    assert required <= {c.code for c in CASES}


def test_the_good_pack_is_clean() -> None:
    report = check_paths([PACK_FIXTURES / "good"])
    assert report.diagnostics == [] and report.ok


def test_hint_suggests_the_nearest_type(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "unknown-type")
    report = check_paths([build_case(case, tmp_path)])
    [diag] = [d for d in report.diagnostics if d.code == "unknown-type"]
    assert diag.hint == "did you mean '.single'?"
