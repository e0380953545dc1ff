"""Keeping the store's catalog in step with the installed packs.

A pack is re-indexed only when its fingerprint changes: a synced pack's version
folder never changes once installed, so its folder name and commit are enough;
other packs (bundled, or an author's working copy) are fingerprinted from their
files' sizes and modification times. Indexing applies the pack-update rules:
renamed ids carry their history to the new id, retired or removed questions
leave the review queue and keep their history.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from altlearn import __version__
from altlearn.domain.diagnostics import Diagnostic
from altlearn.domain.ids import card_id
from altlearn.domain.model import Pack
from altlearn.domain.times import to_epoch_ms
from altlearn.packs.library import InstalledPack
from altlearn.packs.sections import split_sections
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as store
from altlearn.storage.database import write_transaction
from altlearn.study.progress import refresh_queue
from altlearn.study.replay import rebuild_cards
from altlearn.study.views import CatalogReport

if TYPE_CHECKING:
    from altlearn.storage.database import Database

CATALOG_FORMAT = "3"
"""Bump when what the catalog stores changes, to re-index every pack once."""


def fingerprint(installed: InstalledPack) -> str:
    """A string that changes whenever the pack's content may have changed."""
    parts = [CATALOG_FORMAT, __version__, str(installed.root)]
    if not installed.bundled and installed.commit:
        parts.append(f"commit:{installed.commit}")
    else:
        for dirpath, dirnames, filenames in os.walk(installed.root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                try:
                    st = os.lstat(os.path.join(dirpath, name))
                except OSError:
                    continue
                parts.append(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def refresh_catalog(db: Database, installed: list[InstalledPack], now: datetime) -> CatalogReport:
    """Index new or changed packs; mark packs no longer installed as absent."""
    report = CatalogReport()
    known = store.fingerprints(db)
    for item in installed:
        stamp = fingerprint(item)
        if known.get(item.id) == stamp:
            report.unchanged.append(item.id)
            continue
        from altlearn.packs.loader import load_pack  # the Markdown parser, only when needed

        result = load_pack(item.root)
        if result.pack is None or result.errors:
            report.refused[item.id] = result.errors or result.diagnostics
            continue
        if result.pack.id != item.id:
            report.refused[item.id] = [
                Diagnostic(
                    path="pack.toml",
                    line=1,
                    severity="error",  # type: ignore[arg-type]
                    code="pack-id-mismatch",
                    message=f"pack id '{result.pack.id}' does not match its folder '{item.id}'",
                )
            ]
            continue
        index_pack(db, item, result.pack, stamp, now)
        report.indexed.append(item.id)
    with write_transaction(db):
        changed = store.set_present(db, {i.id for i in installed if i.id in known or i.id in report.indexed})
        # Cards of a pack that was uninstalled leave the queue; they come back with it.
        for pack_id in changed:
            card_store.refresh_queued(db, pack_id)
    return report


def index_pack(db: Database, installed: InstalledPack, pack: Pack, stamp: str, now: datetime) -> None:
    """Write one pack version into the catalog and apply the update rules."""
    previous_aliases = store.aliases(db, pack.id)
    aliases = {old: pack.resolve_id(old) or "" for old in pack.renamed}
    aliases = {old: new for old, new in aliases.items() if new}
    course_rows, lesson_rows, question_rows, sections = [], [], [], []
    for c_index, course in enumerate(pack.courses):
        course_rows.append(
            {
                "pack_id": pack.id,
                "course_id": course.id,
                "position": c_index,
                "title": course.title,
                "description": course.description,
                "mastery": course.mastery,
                "lesson_count": len(course.lessons),
                "question_count": sum(len(lesson.questions) for lesson in course.lessons),
            }
        )
        for l_index, lesson in enumerate(course.lessons):
            lesson_rows.append(
                {
                    "pack_id": pack.id,
                    "lesson_id": lesson.id,
                    "course_id": course.id,
                    "position": l_index,
                    "title": lesson.title,
                    "minutes": lesson.minutes,
                    "summary": lesson.summary,
                    "prerequisites": json.dumps(list(lesson.prerequisites)),
                    "question_count": len(lesson.questions),
                    "path": lesson.location.path,
                }
            )
            for q_index, question in enumerate(lesson.questions):
                question_rows.append(
                    {
                        "pack_id": pack.id,
                        "question_id": question.id,
                        "lesson_id": lesson.id,
                        "kind": question.kind.value,
                        "position": q_index,
                        "active": 1,
                    }
                )
            for section in split_sections(lesson.body):
                sections.append((lesson.id, section.index, section.heading or lesson.title, section.text))
    pack_row = {
        "id": pack.id,
        "title": pack.title,
        "version": pack.version,
        "description": pack.description,
        "fingerprint": stamp,
        "root": str(Path(installed.root)),
        "source": installed.source,
        "bundled": int(installed.bundled),
        "commit_id": installed.commit,
        "synced_at": installed.synced_at.isoformat() if installed.synced_at else None,
        "indexed_at": to_epoch_ms(now),
        "present": 1,
    }
    with write_transaction(db):
        store.replace_pack(db, pack_row, course_rows, lesson_rows, question_rows, aliases, sections)
        # Cards of questions that moved lesson or course follow them.
        db.execute(
            "UPDATE cards SET course_id = (SELECT l.course_id FROM questions q JOIN lessons l "
            "ON l.pack_id = q.pack_id AND l.lesson_id = q.lesson_id "
            "WHERE q.pack_id = cards.pack_id AND q.question_id = cards.question_id) "
            "WHERE pack_id = ? AND EXISTS (SELECT 1 FROM questions q JOIN lessons l "
            "ON l.pack_id = q.pack_id AND l.lesson_id = q.lesson_id "
            "WHERE q.pack_id = cards.pack_id AND q.question_id = cards.question_id AND q.active = 1)",
            [pack.id],
        )
        changed = {
            old
            for old in aliases.keys() | previous_aliases.keys()
            if previous_aliases.get(old) != aliases.get(old)
        }
        if changed:
            # History recorded under old ids now belongs to the new ids (or, when a
            # rename was withdrawn, to the old id again): replay the cards involved.
            targets = {aliases.get(old, old) for old in changed}
            targets |= {previous_aliases[old] for old in changed if old in previous_aliases}
            for old in changed:
                if old in aliases:
                    card_store.delete_card(db, pack.id, old)
            rebuild_cards(db, pack.id, targets - aliases.keys(), aliases)
        refresh_queue(db, pack.id, aliases)


def ensure_card_ids(pack: Pack) -> dict[str, int]:
    """FSRS card ids of every question of a pack (deterministic)."""
    return {q.id: card_id(pack.id, q.id) for q in pack.questions}
