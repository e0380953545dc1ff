"""Parsing the good fixture pack into the domain model."""

from __future__ import annotations

from pathlib import Path

import pytest

from altlearn.domain import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.packs.loader import load_pack
from tests.helpers import PACK_FIXTURES


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    result = load_pack(PACK_FIXTURES / "good")
    assert result.diagnostics == []
    assert result.pack is not None
    return result.pack


def test_manifest_fields(pack) -> None:  # type: ignore[no-untyped-def]
    assert (pack.id, pack.title, pack.version) == ("fixture-good", "Fixture: a good pack", "2.1.0")
    assert pack.authors == ("Test Author <author@example.org>",)
    assert (pack.license, pack.language, pack.min_altlearn) == ("CC0-1.0", "en", "0.1")
    assert [c.id for c in pack.courses] == ["basics", "customs"]
    assert pack.courses[0].mastery == 0.75 and pack.courses[1].mastery == 0.8
    assert pack.retired == ("b-gone",)
    assert dict(pack.renamed) == {"b-old-name": "b-single", "b-older": "b-old-name"}


def test_lessons_keep_order_front_matter_and_source(pack) -> None:  # type: ignore[no-untyped-def]
    first, second = pack.courses[0].lessons
    assert (first.id, first.title, first.minutes, first.summary) == (
        "b-first",
        "First lesson: the basics",
        5,
        "Every question type once.",
    )
    assert second.prerequisites == ("b-first",)
    assert pack.courses[1].lessons[0].prerequisites == ("b-first",)  # block list form
    assert first.location.path == "basics/01-first.md"
    assert first.body_line == 7


def test_body_drops_questions_and_the_quiz_heading(pack) -> None:  # type: ignore[no-untyped-def]
    body = pack.lessons_by_id["b-first"].body
    assert body.startswith("# First lesson")
    assert "| 1 | 2 |" in body
    assert "## Quiz" not in body
    assert "Pick one" not in body and "Explanation" not in body


def test_every_question_keeps_its_file_and_line(pack) -> None:  # type: ignore[no-untyped-def]
    source = (PACK_FIXTURES / "good" / "basics" / "01-first.md").read_text().split("\n")
    for question in pack.lessons_by_id["b-first"].questions:
        line = source[question.location.line - 1]
        assert line.startswith("### ") and f"#{question.id} " in line


def test_single_choice(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-single"]
    assert isinstance(q, SingleChoice)
    assert q.title == "Pick one" and q.prompt == "Which is **right**?"
    assert [c.text for c in q.choices] == ["Wrong one.", "Right one.", "Also wrong."]
    assert q.correct_index == 1
    assert [c.feedback for c in q.choices] == ["Not this.", "Yes.", ""]
    assert q.explanation == "Because."
    assert q.choices[1].location.line == q.location.line + 6


def test_multiple_select_uses_heading_as_prompt_when_none(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-multiple"]
    assert isinstance(q, MultipleSelect)
    assert q.prompt == "Pick several"
    assert q.correct_indices == frozenset({0, 2})
    assert q.choices[0].feedback == "A is right."


def test_true_false_in_both_forms(pack) -> None:  # type: ignore[no-untyped-def]
    short = pack.questions_by_id["b-tf"]
    listed = pack.questions_by_id["b-tf-list"]
    assert isinstance(short, TrueFalse) and short.answer is True and short.prompt == "The sky is blue."
    assert isinstance(listed, TrueFalse) and listed.answer is False
    assert (listed.feedback_true, listed.feedback_false) == ("Mostly not.", "Right.")
    assert pack.questions_by_id["c-shoes-q"].answer is False


def test_typed_answer(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-typed"]
    assert isinstance(q, TypedAnswer)
    assert q.answer == "shokuinshitsu"
    assert q.accepted == ("職員室", "しょくいんしつ")
    assert q.explanation == "See the glossary."


def test_cloze(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-cloze"]
    assert isinstance(q, Cloze)
    assert [b.answers for b in q.blanks] == [("kiritsu", "起立"), ("rei", "礼")]
    assert q.prompt == "Say 「{{1}}」 then 「{{2}}」."
    assert q.render_prompt() == "Say 「_____(1)」 then 「_____(2)」."
    assert q.render_prompt(["a", "b"]) == "Say 「a」 then 「b」."


def test_flashcard_back_runs_to_the_explanation(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-card"]
    assert isinstance(q, Flashcard)
    assert q.prompt == "Front of the card."
    assert q.back == "Back of the card,\non two lines.\n\n- and a list on the back"
    assert q.explanation == "Rate yourself."


def test_ordering(pack) -> None:  # type: ignore[no-untyped-def]
    q = pack.questions_by_id["b-order"]
    assert isinstance(q, Ordering)
    assert q.items == ("One", "Two", "Three")


def test_glossary(pack) -> None:  # type: ignore[no-untyped-def]
    terms = [(e.term, e.romaji) for e in pack.courses[0].glossary]
    assert terms == [("職員室 / しょくいんしつ", "shokuinshitsu"), ("起立", "kiritsu"), ("礼", "rei")]
    assert pack.courses[0].glossary[0].location.line == 5


def test_renamed_ids_resolve_through_chains(pack) -> None:  # type: ignore[no-untyped-def]
    assert pack.resolve_id("b-older") == "b-single"
    assert pack.resolve_id("b-single") == "b-single"
    assert pack.resolve_id("b-gone") is None
    assert pack.resolve_id("never-existed") is None


def test_missing_question_id_is_derived_deterministically(good_pack: Path) -> None:
    lesson = good_pack / "basics" / "02-second.md"
    lesson.write_text(lesson.read_text().replace("{#b-second-q .single}", "{.single}"))
    first = load_pack(good_pack)
    second = load_pack(good_pack)
    assert first.pack is not None and second.pack is not None
    ids = [q.id for q in first.pack.lessons_by_id["b-second"].questions]
    assert ids == ["b-second.another"]
    assert ids == [q.id for q in second.pack.lessons_by_id["b-second"].questions]
    assert first.pack.questions_by_id["b-second.another"].id_derived
    [diag] = first.diagnostics
    assert (diag.code, diag.severity, diag.path, diag.line) == (
        "derived-id",
        "warning",
        "basics/02-second.md",
        14,
    )
