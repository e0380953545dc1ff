"""``altlearn pack export-anki``: the package opens in Anki's own library (``anki``).

Each test imports the exported ``.apkg`` into a fresh Anki collection, the
way Anki's File > Import does, and reads decks, notes and cards back through
Anki's API. ``anki`` is only a test dependency; altlearn writes the file with
zipfile and sqlite3.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from altlearn.export.anki import export_pack
from altlearn.packs.loader import load_pack
from tests.helpers import CONTENT, PACK_FIXTURES, console_script

collection_mod = pytest.importorskip(
    "anki.collection", reason="Anki's Python library (anki) is not installed"
)
Collection = collection_mod.Collection
ImportAnkiPackageOptions = collection_mod.ImportAnkiPackageOptions
ImportAnkiPackageRequest = collection_mod.ImportAnkiPackageRequest

FIRST = datetime(2026, 4, 6, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def anki_collection(tmp_path: Path) -> Iterator[Any]:
    """An empty Anki collection, closed after the test."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: Any, path: Path) -> None:
    """Import like Anki's default: update notes when the file's copy is newer."""
    col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    )


def visible(card_html: str) -> str:
    """The text a learner sees: no tags, no style sheet."""
    return re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<style>.*?</style>", "", card_html))


def notes_by_guid(col: Any) -> dict[str, Any]:
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


def test_cli_export_opens_in_anki_with_a_deck_per_course(tmp_path: Path, anki_collection: Any) -> None:
    output = tmp_path / "good.apkg"
    run = subprocess.run(
        [console_script(), "pack", "export-anki", str(PACK_FIXTURES / "good"), "-o", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "10 notes in 2 course decks" in run.stdout

    import_apkg(anki_collection, output)

    pack = load_pack(PACK_FIXTURES / "good").pack
    assert pack is not None
    questions = list(pack.questions)
    assert anki_collection.note_count() == len(questions) == 10
    assert anki_collection.card_count() == len(questions)
    deck_names = {d.name for d in anki_collection.decks.all_names_and_ids()}
    assert {"Fixture: a good pack::Basics", "Fixture: a good pack::Customs"} <= deck_names
    for course in pack.courses:
        expected = sum(len(lesson.questions) for lesson in course.lessons)
        found = anki_collection.find_cards(f'"deck:Fixture: a good pack::{course.title}"')
        assert len(found) == expected, course.id
    kinds = {
        tag for note in notes_by_guid(anki_collection).values() for tag in note.tags if "::type::" in tag
    }
    assert kinds == {f"altlearn::type::{q.kind.value}" for q in questions}


def test_second_export_has_the_same_note_ids_and_updates_instead_of_duplicating(
    tmp_path: Path, good_pack: Path, anki_collection: Any
) -> None:
    first = export_pack(good_pack, tmp_path / "first.apkg", now=FIRST)
    import_apkg(anki_collection, tmp_path / "first.apkg")
    imported_ids = set(anki_collection.find_notes(""))
    assert imported_ids == {n.note_id for n in first.notes}
    # The learner studies one card in Anki before the update arrives.
    anki_collection.decks.select(anki_collection.decks.id_for_name("Fixture: a good pack::Basics"))
    studied = anki_collection.sched.getCard()
    anki_collection.sched.answerCard(studied, 3)

    # The author rewords a question and releases a new version.
    lesson = good_pack / "basics" / "01-first.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("The sky is blue.", "Snow is white."), encoding="utf-8"
    )
    second = export_pack(good_pack, tmp_path / "second.apkg", now=LATER)
    assert [n.note_id for n in second.notes] == [n.note_id for n in first.notes]
    assert [n.guid for n in second.notes] == [n.guid for n in first.notes]
    assert [n.card_id for n in second.notes] == [n.card_id for n in first.notes]

    import_apkg(anki_collection, tmp_path / "second.apkg")

    assert set(anki_collection.find_notes("")) == imported_ids
    assert anki_collection.card_count() == len(first.notes)
    assert anki_collection.find_notes('"Snow is white"')
    assert not anki_collection.find_notes('"The sky is blue"')
    assert anki_collection.get_card(studied.id).reps == 1, "the update keeps the learner's Anki history"


def test_a_renamed_question_keeps_its_anki_note(tmp_path: Path, good_pack: Path) -> None:
    before = {n.guid: n for n in export_pack(good_pack, tmp_path / "a.apkg", now=FIRST).notes}
    lesson = good_pack / "basics" / "01-first.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("{#b-typed .typed}", "{#b-typed-word .typed}"),
        encoding="utf-8",
    )
    manifest = good_pack / "pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + '"b-typed" = "b-typed-word"\n', encoding="utf-8"
    )
    assert load_pack(good_pack).errors == []

    after = {n.guid: n for n in export_pack(good_pack, tmp_path / "b.apkg", now=LATER).notes}

    assert after.keys() == before.keys()
    assert {n.note_id for n in after.values()} == {n.note_id for n in before.values()}


def test_every_question_type_reads_right_in_anki(tmp_path: Path, anki_collection: Any) -> None:
    export_pack(PACK_FIXTURES / "good", tmp_path / "good.apkg", now=FIRST)
    import_apkg(anki_collection, tmp_path / "good.apkg")

    def card(kind: str, text: str = "") -> Any:
        (nid, *_) = anki_collection.find_notes(f"tag:altlearn::type::{kind} {text}".strip())
        return anki_collection.get_note(nid).cards()[0]

    cloze = card("cloze")
    assert cloze.note().note_type()["type"] == 1  # Anki's cloze note type
    assert "kiritsu" not in visible(cloze.question()) and "[...]" in visible(cloze.question())
    assert "kiritsu" in visible(cloze.answer()) and "起立" in visible(cloze.answer())
    single = card("single", '"Pick one"')
    assert "Wrong one." in single.question() and "✓" not in single.question()
    assert "✓" in single.answer()
    typed = card("typed")
    assert "shokuinshitsu" not in visible(typed.question()) and "shokuinshitsu" in visible(typed.answer())
    ordering = card("ordering")
    front = ordering.question()
    assert front.index("Two") < front.index("One") or front.index("Three") < front.index("Two")
    flash = card("flashcard")
    assert "Back of the card" in visible(flash.answer())
    assert "Back of the card" not in visible(flash.question())


HOSTILE_LESSON = """\
---
id: h-lesson
title: Hostile
minutes: 1
---

# Hostile

## Quiz

### Markup <script>alert(1)</script> {#h-typed .typed}

Play [sound:evil.mp3] or [anki:tts lang=en_US]hello[/anki:tts] or {{c2::sneaky}} text.
<img src=x onerror=alert(1)>

Answer: right

### Blanks {#h-cloze .cloze}

Fill {{a::b}} and {{c}}; not {{c3::this}}.
"""


def test_pack_text_cannot_become_markup_sound_or_clozes(
    tmp_path: Path, good_pack: Path, anki_collection: Any
) -> None:
    (good_pack / "customs" / "02-hostile.md").write_text(HOSTILE_LESSON, encoding="utf-8")
    manifest = good_pack / "pack.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            'lessons = ["customs/01-shoes.md"]', 'lessons = ["customs/01-shoes.md", "customs/02-hostile.md"]'
        ),
        encoding="utf-8",
    )
    result = load_pack(good_pack)
    assert result.errors == [], result.errors
    export_pack(good_pack, tmp_path / "h.apkg", now=FIRST)
    import_apkg(anki_collection, tmp_path / "h.apkg")

    typed = anki_collection.get_note(anki_collection.find_notes("tag:altlearn::type::typed")[-1])
    assert "Hostile" in typed["Source"]
    card = typed.cards()[0]
    shown = card.question() + card.answer()
    assert "<script" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown
    assert card.question_av_tags() == [] and card.answer_av_tags() == []
    cloze_ids = anki_collection.find_notes("tag:altlearn::fixture-good::h-lesson tag:altlearn::type::cloze")
    cloze = anki_collection.get_note(cloze_ids[0])
    assert len(cloze.cards()) == 1, "only altlearn's own blanks become Anki clozes"
    assert "c3::this" not in cloze.cards()[0].question()  # shown, not parsed
    assert "a::b" not in cloze.cards()[0].question()


def test_bundled_packs_export_and_import(tmp_path: Path, anki_collection: Any) -> None:
    total = 0
    for root in sorted(p for p in CONTENT.iterdir() if (p / "pack.toml").is_file()):
        summary = export_pack(root, tmp_path / f"{root.name}.apkg", now=FIRST)
        with zipfile.ZipFile(tmp_path / f"{root.name}.apkg") as archive:
            assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        import_apkg(anki_collection, tmp_path / f"{root.name}.apkg")
        total += len(summary.notes)
    assert total > 100
    assert anki_collection.note_count() == total


def test_export_refuses_a_pack_with_errors(tmp_path: Path, good_pack: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(good_pack, broken)
    (broken / "basics" / "02-second.md").unlink()
    run = subprocess.run(
        [console_script(), "pack", "export-anki", str(broken), "-o", str(tmp_path / "x.apkg")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "has errors" in run.stderr and "altlearn pack check" in run.stderr
    assert not (tmp_path / "x.apkg").exists()
