"""The bundled courses: clean under the checker, answerable through the grader, sourced."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest

from altlearn.domain.model import Pack
from altlearn.domain.questions import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.domain.rating import Rating
from altlearn.packs.checker import check_paths
from altlearn.packs.loader import discover_packs, load_pack
from altlearn.study.grading import grade
from tests.helpers import CONTENT

COURSE_PACKS = ["classroom-management", "team-teaching", "school-customs", "alt-role"]


def _packs() -> dict[str, Pack]:
    packs = {}
    for root in discover_packs(CONTENT):
        result = load_pack(root)
        assert result.pack is not None, root
        packs[root.name] = result.pack
    return packs


PACKS = _packs()
QUESTIONS = [(pack_id, q) for pack_id, pack in PACKS.items() for q in pack.questions]


def test_content_passes_the_checker_with_no_warnings() -> None:
    report = check_paths([CONTENT])
    assert [d.format() for d in report.diagnostics] == []
    assert report.ok


def test_every_pack_id_is_its_folder_name() -> None:
    assert {name: pack.id for name, pack in PACKS.items()} == {name: name for name in PACKS}


def test_four_courses_of_six_to_eight_lessons_and_enough_questions() -> None:
    for pack_id in COURSE_PACKS:
        [course] = PACKS[pack_id].courses
        assert 6 <= len(course.lessons) <= 8, pack_id
        for lesson in course.lessons:
            assert 6 <= len(lesson.questions) <= 10, lesson.id
    lessons = sum(len(list(PACKS[p].lessons)) for p in COURSE_PACKS)
    questions = sum(len(list(PACKS[p].questions)) for p in COURSE_PACKS)
    assert lessons >= 24 and questions >= 180


def _teaching_words(body: str) -> int:
    text = body.split("## Sources")[0]
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


@pytest.mark.parametrize("pack_id", COURSE_PACKS)
def test_lessons_teach_enough_and_cite_sources(pack_id: str) -> None:
    for lesson in PACKS[pack_id].lessons:
        assert "## Sources" in lesson.body, lesson.id
        sources = lesson.body.split("## Sources", 1)[1]
        assert re.search(r"https?://", sources), f"{lesson.id} cites no source with an address"
        assert 450 <= _teaching_words(lesson.body) <= 1400, (lesson.id, _teaching_words(lesson.body))
        kinds = {q.kind for q in lesson.questions}
        assert len(kinds) >= 4, lesson.id
        assert all(not q.id_derived for q in lesson.questions)


@pytest.mark.parametrize("pack_id", COURSE_PACKS)
def test_every_choice_has_feedback_and_every_question_an_explanation(pack_id: str) -> None:
    for question in PACKS[pack_id].questions:
        assert question.explanation.strip(), question.id
        if isinstance(question, SingleChoice | MultipleSelect):
            assert all(c.feedback.strip() for c in question.choices), question.id


def _wrong_choice_sets(question: MultipleSelect) -> list[frozenset[int]]:
    right = question.correct_indices
    indices = range(len(question.choices))
    sets = [frozenset(c) for n in range(1, len(question.choices) + 1) for c in combinations(indices, n)]
    return [s for s in sets if s != right]


@pytest.mark.parametrize(("pack_id", "question"), QUESTIONS, ids=[q.id for _, q in QUESTIONS])
def test_every_question_is_answerable_through_the_grader(pack_id: str, question: Question) -> None:
    match question:
        case SingleChoice():
            for index, choice in enumerate(question.choices):
                assert grade(question, index).correct is choice.correct
        case MultipleSelect():
            assert grade(question, question.correct_indices).correct
            for wrong in _wrong_choice_sets(question):
                assert not grade(question, wrong).correct, wrong
        case TrueFalse():
            assert grade(question, question.answer).correct
            assert not grade(question, not question.answer).correct
        case TypedAnswer():
            for answer in question.all_answers:
                assert grade(question, answer).correct, answer
            assert not grade(question, "xyzzy").correct
        case Cloze():
            for position in range(len(question.blanks)):
                for alternative in question.blanks[position].answers:
                    given = [b.answer for b in question.blanks]
                    given[position] = alternative
                    assert grade(question, given).correct, alternative
            assert not grade(question, ["xyzzy"] * len(question.blanks)).correct
        case Ordering():
            assert grade(question, list(range(len(question.items)))).correct
            assert not grade(question, list(reversed(range(len(question.items))))).correct
        case Flashcard():
            assert grade(question, Rating.GOOD).correct and not grade(question, Rating.AGAIN).correct
            assert question.back.strip()


@pytest.mark.parametrize("pack_id", COURSE_PACKS)
def test_glossary_covers_the_japanese_terms(pack_id: str) -> None:
    from altlearn.packs.glossary import missing_terms

    [course] = PACKS[pack_id].courses
    assert len(course.glossary) >= 10
    for lesson in course.lessons:
        text = (CONTENT / pack_id / lesson.location.path).read_text(encoding="utf-8")
        assert missing_terms(text, course.glossary) == [], lesson.id
    for entry in course.glossary:
        assert entry.romaji.isascii() or re.search(r"[āīūēō]", entry.romaji), entry.term


def test_content_folder_is_inside_the_package_data(tmp_path: Path) -> None:
    from altlearn.paths import bundled_content_dir

    assert bundled_content_dir().resolve() == CONTENT.resolve()
