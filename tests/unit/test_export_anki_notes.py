"""Pure parts of the Anki export: safe HTML, stable ids, renamed ids, deck names."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from altlearn.domain.model import Pack, SourceLocation
from altlearn.domain.questions import Blank, Cloze, TypedAnswer
from altlearn.export.anki_notes import (
    BASIC_NOTETYPE_ID,
    CLOZE_NOTETYPE_ID,
    basic_fields,
    cloze_fields,
    deck_title,
    original_ids,
    stable_id,
)
from altlearn.export.apkg import field_checksum, sort_field
from altlearn.packs.loader import load_pack
from altlearn.packs.render import markdown_to_html
from tests.helpers import PACK_FIXTURES

HERE = SourceLocation("lesson.md", 1)


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ("[click](javascript:alert(1))", "click", "javascript:"),
        ("[click](JaVaScRiPt:alert(1))", "click", "href"),
        ("[next lesson](02-next.md#quiz)", "next lesson", "02-next.md"),
        ("![a diagram](diagram.png)", "a diagram", "<img"),
        ("[site](https://example.org)", 'href="https://example.org"', "javascript"),
        ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"', "<script"),
        ("<div onclick=x>hi</div>", "&lt;div onclick=x&gt;", "<div"),
        ("field\x1fseparator\x07bell", "fieldseparatorbell", "\x1f"),
    ],
)
def test_markdown_to_html_escapes_and_limits_links(source: str, present: str, absent: str) -> None:
    html = markdown_to_html(source)
    assert present in html
    assert absent not in html


def test_markdown_to_html_keeps_ordinary_markdown() -> None:
    html = markdown_to_html("**bold** and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<strong>bold</strong>" in html and "<td>1</td>" in html


@given(st.text(max_size=200))
def test_any_pack_text_makes_inert_anki_fields(text: str) -> None:
    question = TypedAnswer(id="q", title=text or "t", prompt=text or "t", answer=text or "a", location=HERE)
    for field in basic_fields(question):
        assert "\x1f" not in field  # Anki's field separator
        assert "<script" not in field.lower()
        assert "[" not in field  # [sound:...] and [anki:...] tags
        assert "{{" not in field  # clozes and template fields


@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=4), st.text(max_size=80))
def test_cloze_fields_hold_exactly_altlearns_blanks(answers: list[str], prose: str) -> None:
    prompt = prose + " ".join(f"{{{{{i + 1}}}}}" for i in range(len(answers)))
    question = Cloze(
        id="c",
        title="Blanks",
        prompt=prompt,
        blanks=tuple(Blank(answers=(a,)) for a in answers),
        location=HERE,
    )
    text, extra = cloze_fields(question)
    assert text.count("{{c1::") == len(answers)
    assert text.count("}}") == len(answers)
    assert "{{c" not in extra and "\x1f" not in text + extra


def test_stable_ids_are_deterministic_distinct_and_in_anki_range() -> None:
    ids = {stable_id("altlearn", "note", "pack", f"q{i}") for i in range(2000)}
    assert len(ids) == 2000
    assert stable_id("a", "b") == stable_id("a", "b") != stable_id("ab")
    assert all(1_300_000_000_000 <= i < 1_700_000_000_000 for i in ids)
    assert BASIC_NOTETYPE_ID != CLOZE_NOTETYPE_ID


def test_renamed_questions_keep_their_oldest_id() -> None:
    result = load_pack(PACK_FIXTURES / "good")
    assert result.pack is not None
    identities = original_ids(result.pack)
    # The fixture renames b-older -> b-old-name -> b-single.
    assert identities["b-single"] == "b-older"
    assert identities["b-typed"] == "b-typed"


def test_when_two_old_ids_merge_the_choice_does_not_depend_on_order() -> None:
    base = load_pack(PACK_FIXTURES / "good").pack
    assert base is not None
    forward = Pack(
        id=base.id,
        title=base.title,
        version=base.version,
        courses=base.courses,
        renamed=MappingProxyType({"zz-old": "b-typed", "aa-old": "b-typed"}),
        location=base.location,
    )
    backward = Pack(
        id=base.id,
        title=base.title,
        version=base.version,
        courses=base.courses,
        renamed=MappingProxyType({"aa-old": "b-typed", "zz-old": "b-typed"}),
        location=base.location,
    )
    assert original_ids(forward)["b-typed"] == original_ids(backward)["b-typed"] == "aa-old"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Classroom::management", "Classroom:management"),
        ("  spaced\n\tout  ", "spaced out"),
        ("bell\x07", "bell"),
        (":::", "untitled"),
        ("職員室", "職員室"),
    ],
)
def test_deck_titles_make_one_deck_level(title: str, expected: str) -> None:
    assert deck_title(title) == expected


def test_sort_field_and_checksum_follow_anki() -> None:
    assert sort_field("<b>Hello</b> &amp; <i>bye</i>") == "Hello & bye"
    # Anki: int(sha1(sort field).hexdigest()[:8], 16)
    assert field_checksum("<b>Hello</b>") == int("f7ff9e8b", 16)
