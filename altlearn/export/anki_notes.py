"""altlearn questions as Anki notes: fields, tags, decks and stable ids.

Every id is derived from the pack's ids, never from the time of export, so a
second export of the same pack names the same notes, cards, decks and note
types, and Anki updates them on import instead of adding duplicates. A question
whose id was renamed in ``[ids.renamed]`` keeps the Anki identity of its oldest
id, so renaming does not duplicate it either.

Anki shows fields as HTML in a web view: every piece of pack text goes through
:func:`altlearn.packs.render.markdown_to_html` (escaped, no raw HTML, only
http/https/mailto links), and characters Anki gives a meaning inside fields
(``[sound:...]`` references, cloze braces) are written as character references.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections import defaultdict
from dataclasses import dataclass

from altlearn.domain.model import Course, Lesson, Pack
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
from altlearn.packs.render import markdown_to_html, strip_control

BASIC_FIELDS = ("Front", "Back", "Explanation", "Source")
CLOZE_FIELDS = ("Text", "Extra", "Source")

# Ids in the range Anki's own millisecond-timestamp ids use (2011-2023 as dates),
# so that Anki's "created" column shows an ordinary date.
_ID_BASE = 1_300_000_000_000
_ID_SPAN = 400_000_000_000


def stable_id(*parts: str) -> int:
    """A positive 64-bit-safe integer id derived from ``parts`` (same input, same id)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return _ID_BASE + int.from_bytes(digest, "big") % _ID_SPAN


BASIC_NOTETYPE_ID = stable_id("altlearn", "notetype", "basic", "1")
CLOZE_NOTETYPE_ID = stable_id("altlearn", "notetype", "cloze", "1")
"""Bump the trailing version when a note type's fields or templates change."""


@dataclass(frozen=True)
class AnkiNote:
    """One question as an Anki note with its single card.

    Attributes:
        note_id: The note's id (``notes.id``); stable across exports.
        card_id: The id of its one card (``cards.id``); stable across exports.
        guid: Anki's global note id, which import matches on.
        notetype_id: :data:`BASIC_NOTETYPE_ID` or :data:`CLOZE_NOTETYPE_ID`.
        fields: HTML of each field, in the note type's field order.
        tags: Anki tags (no spaces).
        deck_id: The course deck the card goes to.
    """

    note_id: int
    card_id: int
    guid: str
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck_id: int


@dataclass(frozen=True)
class AnkiDeck:
    """A deck: the pack's parent deck or one course's deck."""

    deck_id: int
    name: str
    description: str = ""


def deck_title(text: str) -> str:
    """A title usable as one level of an Anki deck name (``::`` separates levels)."""
    clean = " ".join(strip_control(text).split())
    return re.sub(r":{2,}", ":", clean).strip(":").strip() or "untitled"


def pack_deck(pack: Pack) -> AnkiDeck:
    """The parent deck named after the pack."""
    return AnkiDeck(
        deck_id=stable_id("altlearn", "deck", pack.id),
        name=deck_title(pack.title),
        description=html.escape(strip_control(pack.description)),
    )


def course_deck(pack: Pack, course: Course) -> AnkiDeck:
    """The deck of one course, below the pack's deck."""
    return AnkiDeck(
        deck_id=stable_id("altlearn", "deck", pack.id, course.id),
        name=f"{deck_title(pack.title)}::{deck_title(course.title)}",
        description=html.escape(strip_control(course.description)),
    )


def original_ids(pack: Pack) -> dict[str, str]:
    """Current question id -> the oldest id it was known by (itself when never renamed).

    Follows ``[ids.renamed]`` backwards. When several old ids lead to one
    question, the alphabetically first of the oldest is used, so the choice
    does not depend on the manifest's order.
    """
    predecessors: dict[str, set[str]] = defaultdict(set)
    for old, new in pack.renamed.items():
        predecessors[new].add(old)
    result: dict[str, str] = {}
    for question in pack.questions:
        seen = {question.id}
        frontier = {question.id}
        roots: set[str] = set()
        while frontier:
            nxt: set[str] = set()
            for item in frontier:
                olds = predecessors.get(item, set()) - seen
                if not olds:
                    roots.add(item)
                nxt |= olds
                seen |= olds
            frontier = nxt
        result[question.id] = min(roots) if roots else question.id
    return result


def _fragment(markdown: str) -> str:
    """Block Markdown as HTML; a lone paragraph loses its ``<p>`` so it can sit in a list item."""
    rendered = markdown_to_html(markdown)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


_ANKI_SPECIAL = str.maketrans({"[": "&#91;", "{": "&#123;", "}": "&#125;"})


def _field(rendered_html: str) -> str:
    # Anki reads [sound:...] and [anki:...] tags and {{c1::...}} clozes in field
    # text; character references display the same and are never parsed as such.
    return rendered_html.translate(_ANKI_SPECIAL)


def _heading(question: Question) -> str:
    label = f'<div class="altlearn-kind">{html.escape(question.kind.label)}</div>'
    if question.prompt.strip() == question.title.strip():
        return label
    return f'{label}<div class="altlearn-title">{_fragment(question.title)}</div>'


def _choice_list(question: SingleChoice | MultipleSelect) -> str:
    items = "".join(f"<li>{_fragment(c.text)}</li>" for c in question.choices)
    return f'<ol class="altlearn-choices" type="A">{items}</ol>'


def _marked_choices(question: SingleChoice | MultipleSelect) -> str:
    items = []
    for index, choice in enumerate(question.choices):
        mark = "✓" if choice.correct else "✗"
        css = "right" if choice.correct else "wrong"
        feedback = (
            f'<div class="altlearn-feedback">{_fragment(choice.feedback)}</div>' if choice.feedback else ""
        )
        items.append(
            f'<li class="{css}"><span class="altlearn-mark">{mark} {chr(65 + index)}.</span> '
            f"{_fragment(choice.text)}{feedback}</li>"
        )
    return f'<ul class="altlearn-answers">{"".join(items)}</ul>'


def shuffled_order(question: Ordering) -> list[int]:
    """The order an ordering question's items are shown in on the front: never the right one."""
    order = list(range(len(question.items)))
    rng = random.Random(f"anki:{question.id}")
    while order == sorted(order) and len(order) > 1:
        rng.shuffle(order)
    return order


def basic_fields(question: Question) -> tuple[str, str]:
    """The Front and Back HTML of a non-cloze question."""
    front = _heading(question) + markdown_to_html(question.prompt)
    match question:
        case SingleChoice() | MultipleSelect():
            front += _choice_list(question)
            back = _marked_choices(question)
        case TrueFalse():
            word = "True" if question.answer else "False"
            feedback = question.feedback_true if question.answer else question.feedback_false
            back = f'<div class="altlearn-answer">{word}</div>'
            if feedback:
                back += f'<div class="altlearn-feedback">{markdown_to_html(feedback)}</div>'
        case TypedAnswer():
            back = f'<div class="altlearn-answer">{_fragment(question.answer)}</div>'
            if question.accepted:
                also = ", ".join(_fragment(a) for a in question.accepted)
                back += f'<div class="altlearn-accepted">Also accepted: {also}</div>'
        case Flashcard():
            back = markdown_to_html(question.back)
        case Ordering():
            shown = "".join(f"<li>{_fragment(question.items[i])}</li>" for i in shuffled_order(question))
            front += f'<ul class="altlearn-items">{shown}</ul>'
            right = "".join(f"<li>{_fragment(item)}</li>" for item in question.items)
            back = f'<ol class="altlearn-order">{right}</ol>'
        case _:
            raise TypeError(f"no Anki layout for {type(question).__name__}")
    return _field(front), _field(back)


_MARKER_RE = re.compile(r"\{\{(\d+)\}\}")


def cloze_fields(question: Cloze) -> tuple[str, str]:
    """The Text and Extra HTML of a cloze question (one card hiding every blank)."""
    # Blanks become placeholders made of letters and digits, which Markdown
    # leaves alone; the rendered HTML is then made inert for Anki and only our
    # own {{c1::...}} deletions are put back.
    nonce = "zqaltlearnblank"
    while nonce in question.prompt:
        nonce += "q"
    source = _MARKER_RE.sub(lambda m: f"{nonce}{m.group(1)}x", question.prompt)
    text = _field(_heading(question) + markdown_to_html(source))

    def deletion(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if not 0 <= index < len(question.blanks):
            return match.group(0)
        answer = _field(html.escape(strip_control(question.blanks[index].answer))).replace(":", "&#58;")
        return "{{c1::" + answer + "}}"

    text = re.sub(rf"{nonce}(\d+)x", deletion, text)
    extra_items = [
        f"<li>{i + 1}: {', '.join(html.escape(strip_control(a)) for a in blank.answers)}</li>"
        for i, blank in enumerate(question.blanks)
        if len(blank.answers) > 1
    ]
    extra = (
        f'<div class="altlearn-accepted">Accepted:<ul>{"".join(extra_items)}</ul></div>'
        if extra_items
        else ""
    )
    return text, _field(extra)


def source_field(pack: Pack, course: Course, lesson: Lesson) -> str:
    """Where the question comes from, for the back of the card."""
    parts = (pack.title, course.title, lesson.title)
    return " · ".join(html.escape(" ".join(strip_control(p).split())) for p in parts).translate(_ANKI_SPECIAL)


def question_note(pack: Pack, course: Course, lesson: Lesson, question: Question, identity: str) -> AnkiNote:
    """One question as a note; ``identity`` is the id its Anki ids derive from."""
    explanation = _field(markdown_to_html(question.explanation)) if question.explanation else ""
    source = source_field(pack, course, lesson)
    if isinstance(question, Cloze):
        text, extra = cloze_fields(question)
        if explanation:
            extra += explanation
        fields: tuple[str, ...] = (text, extra, source)
        notetype = CLOZE_NOTETYPE_ID
    else:
        front, back = basic_fields(question)
        fields = (front, back, explanation, source)
        notetype = BASIC_NOTETYPE_ID
    guid_digest = hashlib.blake2b(f"altlearn\x1f{pack.id}\x1f{identity}".encode(), digest_size=8)
    return AnkiNote(
        note_id=stable_id("altlearn", "note", pack.id, identity),
        card_id=stable_id("altlearn", "card", pack.id, identity),
        guid="al" + guid_digest.hexdigest(),
        notetype_id=notetype,
        fields=fields,
        tags=("altlearn", f"altlearn::{pack.id}::{lesson.id}", f"altlearn::type::{question.kind.value}"),
        deck_id=course_deck(pack, course).deck_id,
    )


def pack_notes(pack: Pack) -> tuple[list[AnkiDeck], list[AnkiNote]]:
    """The decks (pack first, then each course) and notes of a whole pack, in study order."""
    identities = original_ids(pack)
    decks = [pack_deck(pack)]
    notes: list[AnkiNote] = []
    for course in pack.courses:
        decks.append(course_deck(pack, course))
        for lesson in course.lessons:
            for question in lesson.questions:
                notes.append(question_note(pack, course, lesson, question, identities[question.id]))
    return decks, notes
