"""``diff_packs``: new, changed, renamed, retired and removed lessons and questions."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from altlearn.domain.model import Course, Lesson, Pack, SourceLocation
from altlearn.domain.questions import Choice, SingleChoice, TrueFalse
from altlearn.packs.diff import IdChanges, PackDiff, PackFingerprint, diff_packs, fingerprint
from altlearn.packs.loader import load_pack
from tests.helpers import PACK_FIXTURES


def _q(qid: str, prompt: str = "Is it so?", line: int = 10, answer: bool = True) -> TrueFalse:
    return TrueFalse(
        id=qid, title="Question", prompt=prompt, answer=answer, location=SourceLocation("l.md", line)
    )


def _lesson(lid: str, *questions: TrueFalse, body: str = "Text.", line: int = 1) -> Lesson:
    return Lesson(
        id=lid,
        title="Lesson",
        minutes=5,
        body=body,
        questions=questions,
        course_id="c",
        location=SourceLocation(f"{lid}.md", line),
    )


def _pack(
    *lessons: Lesson,
    version: str = "1.0",
    renamed: dict[str, str] | None = None,
    retired: tuple[str, ...] = (),
) -> Pack:
    course = Course(id="c", title="C", lessons=lessons, location=SourceLocation("pack.toml", 3))
    return Pack(
        id="p",
        title="P",
        version=version,
        courses=(course,),
        renamed=renamed or {},
        retired=retired,
        location=SourceLocation("pack.toml"),
    )


BASE = _pack(_lesson("one", _q("q1"), _q("q2")), _lesson("two", _q("q3")))


@pytest.mark.parametrize(
    ("name", "new", "lessons", "questions"),
    [
        ("identical", BASE, IdChanges(), IdChanges()),
        (
            "moved lines only",
            _pack(
                _lesson("one", _q("q1", line=40), _q("q2", line=50), line=3), _lesson("two", _q("q3", line=7))
            ),
            IdChanges(),
            IdChanges(),
        ),
        (
            "question reworded",
            _pack(_lesson("one", _q("q1", "Is it really so?"), _q("q2")), _lesson("two", _q("q3"))),
            IdChanges(),
            IdChanges(changed=("q1",)),
        ),
        (
            "answer flipped",
            _pack(_lesson("one", _q("q1"), _q("q2", answer=False)), _lesson("two", _q("q3"))),
            IdChanges(),
            IdChanges(changed=("q2",)),
        ),
        (
            "lesson text edited",
            _pack(_lesson("one", _q("q1"), _q("q2"), body="New text."), _lesson("two", _q("q3"))),
            IdChanges(changed=("one",)),
            IdChanges(),
        ),
        (
            "question and lesson added",
            _pack(_lesson("one", _q("q1"), _q("q2"), _q("q4")), _lesson("two", _q("q3")), _lesson("three")),
            IdChanges(added=("three",), changed=("one",)),
            IdChanges(added=("q4",)),
        ),
        (
            "renamed, declared",
            _pack(_lesson("one", _q("q1-new"), _q("q2")), _lesson("two", _q("q3")), renamed={"q1": "q1-new"}),
            IdChanges(changed=("one",)),
            IdChanges(renamed=(("q1", "q1-new"),)),
        ),
        (
            "renamed through a chain, and reworded",
            _pack(
                _lesson("one", _q("q1-c", "Reworded"), _q("q2")),
                _lesson("two", _q("q3")),
                renamed={"q1": "q1-b", "q1-b": "q1-c"},
            ),
            IdChanges(changed=("one",)),
            IdChanges(changed=("q1-c",), renamed=(("q1", "q1-c"),)),
        ),
        (
            "retired, declared",
            _pack(_lesson("one", _q("q1")), _lesson("two", _q("q3")), retired=("q2",)),
            IdChanges(changed=("one",)),
            IdChanges(retired=("q2",)),
        ),
        (
            "renamed to a retired id",
            _pack(
                _lesson("one", _q("q1")), _lesson("two", _q("q3")), renamed={"q2": "gone"}, retired=("gone",)
            ),
            IdChanges(changed=("one",)),
            IdChanges(retired=("q2",)),
        ),
        (
            "dropped without a word",
            _pack(_lesson("one", _q("q1"), _q("q2"))),
            IdChanges(removed=("two",)),
            IdChanges(removed=("q3",)),
        ),
        (
            "lesson renamed",
            _pack(_lesson("one", _q("q1"), _q("q2")), _lesson("second", _q("q3")), renamed={"two": "second"}),
            IdChanges(renamed=(("two", "second"),)),
            IdChanges(),
        ),
    ],
)
def test_diff_table(name: str, new: Pack, lessons: IdChanges, questions: IdChanges) -> None:
    diff = diff_packs(BASE, new)
    assert (diff.lessons, diff.questions) == (lessons, questions), name
    assert diff.is_empty == (lessons.is_empty and questions.is_empty)
    # A stored fingerprint of the old version gives the same answer as the old pack.
    stored = PackFingerprint.from_dict(fingerprint(BASE).to_dict())
    assert stored is not None and diff_packs(stored, new) == diff


@pytest.mark.parametrize(
    "data",
    [None, [], {"version": 1}, {"version": "1"}, {"version": "1", "lessons": {}, "questions": {"q": 3}}],
)
def test_malformed_fingerprints_are_rejected(data: object) -> None:
    assert PackFingerprint.from_dict(data) is None


def test_first_install_lists_everything_as_new() -> None:
    diff = diff_packs(None, BASE)
    assert diff.old_version is None and diff.new_version == "1.0"
    assert diff.lessons.added == ("one", "two") and diff.questions.added == ("q1", "q2", "q3")
    assert diff.summary() == "lessons: 2 new; questions: 3 new"


def test_a_rename_cycle_does_not_hang() -> None:
    new = _pack(_lesson("one", _q("q1")), _lesson("two", _q("q3")), renamed={"q2": "x", "x": "q2"})
    assert diff_packs(BASE, new).questions.removed == ("q2",)


def test_choice_feedback_counts_as_content() -> None:
    def single(feedback: str) -> Pack:
        choices = (
            Choice(text="A", correct=True, feedback=feedback, location=SourceLocation("l.md", 3)),
            Choice(text="B", correct=False, location=SourceLocation("l.md", 4)),
        )
        q = SingleChoice(
            id="s", title="S", prompt="Pick", choices=choices, location=SourceLocation("l.md", 1)
        )
        lesson = Lesson(
            id="one", title="One", minutes=1, body="", questions=(q,), course_id="c", location=q.location
        )
        return dataclasses.replace(
            BASE, courses=(Course(id="c", title="C", lessons=(lesson,), location=q.location),)
        )

    assert diff_packs(single("Yes."), single("Yes.")).is_empty
    assert diff_packs(single("Yes."), single("Yes, because.")).questions.changed == ("s",)


def test_summary_and_json_shape() -> None:
    diff = PackDiff(
        "1.0",
        "1.1",
        IdChanges(changed=("one",)),
        IdChanges(added=("a", "b"), renamed=(("x", "y"),), retired=("z",)),
    )
    assert diff.summary() == "lessons: 1 changed; questions: 2 new, 1 renamed, 1 retired"
    data = diff.to_dict()
    assert data["questions"]["renamed"] == [{"from": "x", "to": "y"}]
    assert data["old_version"] == "1.0" and data["lessons"]["changed"] == ["one"]
    assert PackDiff("1", "1").summary() == "no lesson or question changed"


def test_on_real_packs_parsed_from_markdown(tmp_path: Path) -> None:
    root = tmp_path / "good"
    shutil.copytree(PACK_FIXTURES / "good", root)
    old = load_pack(root).pack
    shoes = root / "customs" / "01-shoes.md"
    shoes.write_text(
        shoes.read_text(encoding="utf-8").replace("{#c-shoes-q", "{#c-shoes-2"), encoding="utf-8"
    )
    manifest = root / "pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            '"b-older" = "b-old-name"', '"b-older" = "b-old-name"\n"c-shoes-q" = "c-shoes-2"'
        ),
        encoding="utf-8",
    )
    new_result = load_pack(root)
    assert new_result.ok and old is not None and new_result.pack is not None
    diff = diff_packs(old, new_result.pack)
    assert diff.questions.renamed == (("c-shoes-q", "c-shoes-2"),)
    assert diff.lessons.changed == ("c-shoes",) and diff.questions.changed == ()
