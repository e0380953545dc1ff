"""Writing an Anki package (``.apkg``) with the standard library only.

An ``.apkg`` is a zip file holding ``collection.anki2``, an SQLite database in
Anki's schema 11 (the "legacy" package layout every Anki since 2.1 imports, and
the one genanki writes), and ``media``, a JSON map of media files (none here).
The tables and JSON columns follow Anki's documented schema
(https://github.com/ankidroid/Anki-Android/wiki/Database-Structure).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from altlearn.export.anki_notes import (
    BASIC_FIELDS,
    BASIC_NOTETYPE_ID,
    CLOZE_FIELDS,
    CLOZE_NOTETYPE_ID,
    AnkiDeck,
    AnkiNote,
)

SCHEMA_VERSION = 11
DEFAULT_DECK_ID = 1
DEFAULT_CONF_ID = 1

_SCHEMA = """
CREATE TABLE col (
    id integer primary key, crt integer not null, mod integer not null, scm integer not null,
    ver integer not null, dty integer not null, usn integer not null, ls integer not null,
    conf text not null, models text not null, decks text not null, dconf text not null, tags text not null
);
CREATE TABLE notes (
    id integer primary key, guid text not null, mid integer not null, mod integer not null,
    usn integer not null, tags text not null, flds text not null, sfld integer not null,
    csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
    id integer primary key, nid integer not null, did integer not null, ord integer not null,
    mod integer not null, usn integer not null, type integer not null, queue integer not null,
    due integer not null, ivl integer not null, factor integer not null, reps integer not null,
    lapses integer not null, left integer not null, odue integer not null, odid integer not null,
    flags integer not null, data text not null
);
CREATE TABLE revlog (
    id integer primary key, cid integer not null, usn integer not null, ease integer not null,
    ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
    type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.45;
  text-align: left; max-width: 40em; margin: 0 auto; color: #1d1d1f; background: #fff; }
.nightMode.card, .night_mode .card { color: #eee; background: #1e1e1e; }
.altlearn-kind { font-size: 0.7em; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.65; }
.altlearn-title { font-weight: 600; margin: 0.2em 0 0.6em; }
.altlearn-answer { font-weight: 600; font-size: 1.1em; }
.altlearn-answers { list-style: none; padding-left: 0; }
.altlearn-answers li { margin: 0.4em 0; }
.altlearn-answers li.right .altlearn-mark { color: #1a7f37; }
.altlearn-answers li.wrong { opacity: 0.75; }
.altlearn-answers li.wrong .altlearn-mark { color: #b42318; }
.altlearn-feedback { font-size: 0.85em; margin: 0.2em 0 0 1.5em; opacity: 0.85; }
.altlearn-accepted, .altlearn-source { font-size: 0.8em; opacity: 0.7; margin-top: 0.6em; }
.altlearn-explanation { margin-top: 0.8em; padding-top: 0.5em; border-top: 1px solid #8884; }
.cloze { font-weight: 700; color: #1f5fbf; }
.nightMode .cloze { color: #8ab4f8; }
table { border-collapse: collapse; } td, th { border: 1px solid #8886; padding: 0.2em 0.5em; }
"""

_EXPLANATION = '{{#Explanation}}<div class="altlearn-explanation">{{Explanation}}</div>{{/Explanation}}'
_SOURCE = '<div class="altlearn-source">{{Source}}</div>'


@dataclass(frozen=True)
class PackageContents:
    """Everything that goes into one ``.apkg``."""

    decks: Sequence[AnkiDeck]
    notes: Sequence[AnkiNote]
    exported_at: datetime


def _field_defs(names: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {"name": name, "ord": i, "sticky": False, "rtl": False, "font": "Arial", "size": 20, "media": []}
        for i, name in enumerate(names)
    ]


def _notetypes(mod_s: int, deck_id: int) -> dict[str, dict[str, Any]]:
    common = {
        "mod": mod_s,
        "usn": -1,
        "sortf": 0,
        "did": deck_id,
        "css": CARD_CSS,
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n"
        "\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "latexsvg": False,
        "tags": [],
        "vers": [],
    }
    basic = {
        **common,
        "id": BASIC_NOTETYPE_ID,
        "name": "altlearn (basic)",
        "type": 0,
        "flds": _field_defs(BASIC_FIELDS),
        "tmpls": [
            {
                "name": "Card 1",
                "ord": 0,
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}\n<hr id=answer>\n{{Back}}\n" + _EXPLANATION + "\n" + _SOURCE,
                "did": None,
                "bqfmt": "",
                "bafmt": "",
            }
        ],
        "req": [[0, "any", [0]]],
    }
    cloze = {
        **common,
        "id": CLOZE_NOTETYPE_ID,
        "name": "altlearn (cloze)",
        "type": 1,
        "flds": _field_defs(CLOZE_FIELDS),
        "tmpls": [
            {
                "name": "Cloze",
                "ord": 0,
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}\n{{#Extra}}<div>{{Extra}}</div>{{/Extra}}\n" + _SOURCE,
                "did": None,
                "bqfmt": "",
                "bafmt": "",
            }
        ],
        "req": [[0, "any", [0]]],
    }
    return {str(BASIC_NOTETYPE_ID): basic, str(CLOZE_NOTETYPE_ID): cloze}


def _deck_json(deck_id: int, name: str, description: str, mod_s: int) -> dict[str, Any]:
    return {
        "id": deck_id,
        "name": name,
        "desc": description,
        "mod": mod_s,
        "usn": -1,
        "dyn": 0,
        "conf": DEFAULT_CONF_ID,
        "collapsed": False,
        "browserCollapsed": False,
        "extendNew": 0,
        "extendRev": 0,
        "newToday": [0, 0],
        "revToday": [0, 0],
        "lrnToday": [0, 0],
        "timeToday": [0, 0],
    }


def _deck_config(mod_s: int) -> dict[str, Any]:
    return {
        str(DEFAULT_CONF_ID): {
            "id": DEFAULT_CONF_ID,
            "name": "Default",
            "mod": mod_s,
            "usn": 0,
            "maxTaken": 60,
            "autoplay": True,
            "timer": 0,
            "replayq": True,
            "dyn": False,
            "new": {
                "bury": True,
                "delays": [1.0, 10.0],
                "initialFactor": 2500,
                "ints": [1, 4, 7],
                "order": 1,
                "perDay": 20,
                "separate": True,
            },
            "lapse": {"delays": [10.0], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0.0},
            "rev": {
                "bury": True,
                "ease4": 1.3,
                "fuzz": 0.05,
                "ivlFct": 1.0,
                "maxIvl": 36500,
                "minSpace": 1,
                "perDay": 200,
            },
        }
    }


_TAG_RE = re.compile(r"<[^>]*>")


def sort_field(field_html: str) -> str:
    """A field as Anki's sort field: its text without tags or character references."""
    return " ".join(html.unescape(_TAG_RE.sub(" ", field_html)).split())


def field_checksum(field_html: str) -> int:
    """Anki's duplicate-check checksum: the first 8 hex digits of SHA-1 of the sort field."""
    return int(hashlib.sha1(sort_field(field_html).encode("utf-8")).hexdigest()[:8], 16)


def _collection_rows(contents: PackageContents) -> dict[str, Any]:
    mod_s = int(contents.exported_at.timestamp())
    mod_ms = int(contents.exported_at.timestamp() * 1000)
    decks = {str(DEFAULT_DECK_ID): _deck_json(DEFAULT_DECK_ID, "Default", "", mod_s)}
    for deck in contents.decks:
        decks[str(deck.deck_id)] = _deck_json(deck.deck_id, deck.name, deck.description, mod_s)
    first_deck = contents.decks[-1].deck_id if contents.decks else DEFAULT_DECK_ID
    conf = {
        "activeDecks": [DEFAULT_DECK_ID],
        "curDeck": DEFAULT_DECK_ID,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
        "estTimes": True,
        "dueCounts": True,
        "curModel": None,
        "nextPos": len(contents.notes) + 1,
        "sortType": "noteFld",
        "sortBackwards": False,
        "addToCur": True,
    }
    return {
        "crt": mod_s - mod_s % 86400,
        "mod": mod_ms,
        "scm": mod_ms,
        "conf": json.dumps(conf),
        "models": json.dumps(_notetypes(mod_s, first_deck), ensure_ascii=False),
        "decks": json.dumps(decks, ensure_ascii=False),
        "dconf": json.dumps(_deck_config(mod_s)),
    }


def write_collection(path: Path, contents: PackageContents) -> None:
    """Write ``collection.anki2`` (schema 11) for ``contents`` at ``path``."""
    mod_s = int(contents.exported_at.timestamp())
    col = _collection_rows(contents)
    conn = sqlite3.connect(str(path))
    try:
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(
                "INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')",
                (
                    col["crt"],
                    col["mod"],
                    col["scm"],
                    SCHEMA_VERSION,
                    col["conf"],
                    col["models"],
                    col["decks"],
                    col["dconf"],
                ),
            )
            conn.executemany(
                "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
                (
                    (
                        note.note_id,
                        note.guid,
                        note.notetype_id,
                        mod_s,
                        f" {' '.join(note.tags)} ",
                        "\x1f".join(note.fields),
                        sort_field(note.fields[0]),
                        field_checksum(note.fields[0]),
                    )
                    for note in contents.notes
                ),
            )
            # New cards (type 0, queue 0); ``due`` is the position in the new queue,
            # so Anki introduces them in the pack's study order.
            conn.executemany(
                "INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (
                    (note.card_id, note.note_id, note.deck_id, mod_s, position)
                    for position, note in enumerate(contents.notes, start=1)
                ),
            )
    finally:
        conn.close()


def write_apkg(output: Path, contents: PackageContents) -> None:
    """Write the package to ``output``, replacing it atomically (never a half-written file).

    Raises:
        OSError: the folder cannot be written.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="altlearn-apkg-") as scratch:
        collection = Path(scratch) / "collection.anki2"
        write_collection(collection, contents)
        handle, staging = tempfile.mkstemp(prefix=".altlearn-", suffix=".apkg.tmp", dir=output.parent)
        os.close(handle)
        try:
            with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(collection, "collection.anki2")
                archive.writestr("media", "{}")
            os.replace(staging, output)
        except BaseException:
            Path(staging).unlink(missing_ok=True)
            raise
