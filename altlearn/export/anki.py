"""``altlearn pack export-anki``: a pack's questions as an Anki package.

A deck per course (below a parent deck named after the pack), one note and one
card per question. Ids are derived from the pack's ids, so importing a newer
export of the same pack into Anki updates the notes it already has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from altlearn.domain.questions import QuestionKind
from altlearn.errors import PackError
from altlearn.export.anki_notes import AnkiDeck, AnkiNote, pack_notes
from altlearn.export.apkg import PackageContents, write_apkg
from altlearn.packs.loader import load_pack


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote."""

    pack_id: str
    pack_title: str
    version: str
    output: Path
    decks: tuple[AnkiDeck, ...]
    notes: tuple[AnkiNote, ...]
    kinds: dict[QuestionKind, int]

    def describe(self) -> str:
        """One line for the terminal."""
        course_decks = len(self.decks) - 1
        return (
            f"{self.pack_title} {self.version}: {len(self.notes)} notes in "
            f"{course_decks} course deck{'s' if course_decks != 1 else ''} -> {self.output}"
        )


def export_pack(root: Path, output: Path, *, now: datetime) -> ExportSummary:
    """Export the pack in ``root`` to the Anki package ``output``.

    Args:
        root: A pack folder (with ``pack.toml``).
        output: The ``.apkg`` file to write (replaced if it exists).
        now: The export time, recorded as the notes' modification time so that
            Anki's default import ("update if newer") takes the new content.

    Raises:
        PackError: the pack has errors, or the file cannot be written.
    """
    result = load_pack(root)
    if result.pack is None or result.errors:
        first = result.errors[0].format() if result.errors else "unreadable pack"
        raise PackError(
            f"cannot export '{root}': the pack has errors ({first})",
            hint=f"run altlearn pack check {root} and fix the errors first",
        )
    pack = result.pack
    decks, notes = pack_notes(pack)
    if not notes:
        raise PackError(f"pack '{pack.id}' has no questions to export")
    try:
        write_apkg(output, PackageContents(decks=decks, notes=notes, exported_at=now))
    except OSError as exc:
        raise PackError(f"cannot write '{output}': {exc.strerror or exc}") from exc
    return ExportSummary(
        pack_id=pack.id,
        pack_title=pack.title,
        version=pack.version,
        output=output,
        decks=tuple(decks),
        notes=tuple(notes),
        kinds=dict(Counter(q.kind for q in pack.questions)),
    )
