"""Identifiers: what a valid id looks like, derived ids, and FSRS card ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

ID_PATTERN = r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?"
_ID_RE = re.compile(ID_PATTERN)


def is_valid_id(value: str) -> bool:
    """True for ids of 1-80 lowercase ASCII letters, digits, ``.``, ``_`` and ``-``.

    Ids start and end with a letter or digit so they survive being typed in a
    shell, a URL or a file name.
    """
    return _ID_RE.fullmatch(value) is not None


def slugify(text: str, *, max_length: int = 48) -> str:
    """Lowercase ASCII slug of ``text``; empty when nothing ASCII is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def derive_question_id(lesson_id: str, title: str) -> str:
    """A deterministic id for a question its author left without one.

    It is built from the lesson id and the question's heading, so reordering
    questions keeps it; rewording the heading changes it, which is why the
    checker warns and asks the author to write the id down.
    """
    slug = slugify(title, max_length=40)
    if not slug:
        slug = "q" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    candidate = f"{lesson_id}.{slug}"[:80].rstrip("-._")
    return candidate


def card_id(pack_id: str, question_id: str) -> int:
    """The integer card id FSRS needs, derived from altlearn's string ids.

    Stable across machines and Python versions (no ``hash()``), positive and
    below 2**63 so SQLite stores it as an ordinary INTEGER.
    """
    digest = hashlib.blake2b(f"{pack_id}\x1f{question_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1) or 1
