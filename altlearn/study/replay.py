"""Card states from the review log: the fold that answering, corrections, imports and rebuilds share.

A card's state is its answers *in force* (not undone, not superseded by a
changed rating), ordered by time and then by uid, folded through the scheduler
with the settings each answer was given under. The order is total and the same
on every device, so two devices holding the same entries derive the same states.
Answers recorded under a question's old id (see the pack's ``renamed`` map)
count for its current id.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from altlearn.domain.ids import card_id
from altlearn.domain.rating import Rating
from altlearn.domain.review import CardState, EventKind, ReviewEvent
from altlearn.domain.times import from_epoch_ms
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as catalog_store
from altlearn.storage import log
from altlearn.storage.database import write_transaction
from altlearn.storage.log import ReplayEntry
from altlearn.storage.params import load_params
from altlearn.storage.schema import counters_drifted, rebuild_counters
from altlearn.study.scheduler import ReplayCache, SchedulerSettings, new_card, review

if TYPE_CHECKING:
    from altlearn.storage.database import Database

_CHUNK = 500
"""Questions replayed per query (well under SQLite's limit on bound variables)."""


def effective(events: Iterable[ReviewEvent], replaced: set[str] | None = None) -> list[ReviewEvent]:
    """Answers in force, in replay order (time, then uid).

    ``replaced`` defaults to the uids that ``events`` themselves replace.
    """
    events = list(events)
    if replaced is None:
        replaced = {e.replaces for e in events if e.replaces}
    live = [
        e for e in events if e.kind is EventKind.ANSWER and e.uid not in replaced and e.rating is not None
    ]
    return sorted(live, key=lambda e: (e.reviewed_at, e.uid))


def replay(events: list[ReviewEvent], pack_id: str, question_id: str, cache: ReplayCache) -> CardState | None:
    """Fold answers in force (already in replay order) into a card state; None if there are none."""
    state: CardState | None = None
    for event in events:
        if state is None:
            state = new_card(pack_id, question_id, card_id(pack_id, question_id), event.reviewed_at)
        assert event.rating is not None
        state = review(state, event.rating, event.reviewed_at, cache.get(event.params_id))
    return state


def fold_entries(
    entries: Iterable[ReplayEntry], pack_id: str, question_id: str, cache: ReplayCache
) -> tuple[CardState | None, int]:
    """Like :func:`replay`, from light log rows of one card (any order, corrections included).

    Returns:
        The card state (None without answers in force) and how many answers it folds.
    """
    live = in_force(entries)
    state: CardState | None = None
    for entry in live:
        when = from_epoch_ms(entry.reviewed_at)
        if state is None:
            state = new_card(pack_id, question_id, card_id(pack_id, question_id), when)
        assert entry.rating is not None
        state = review(state, Rating(entry.rating), when, cache.get(entry.params_id))
    return state, len(live)


def replay_cache(db: Database) -> ReplayCache:
    """Every scheduler setting the log refers to."""
    return ReplayCache(settings={k: SchedulerSettings.from_dict(v) for k, v in load_params(db).items()})


def _question_courses(db: Database, pack_id: str | None = None) -> dict[tuple[str, str], str]:
    where = "WHERE q.pack_id = ?" if pack_id is not None else ""
    rows = db.execute(
        "SELECT q.pack_id, q.question_id, l.course_id FROM questions q "
        f"JOIN lessons l ON l.pack_id = q.pack_id AND l.lesson_id = q.lesson_id {where}",
        [pack_id] if pack_id is not None else [],
    ).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def rebuild_cards(
    db: Database,
    pack_id: str,
    question_ids: set[str],
    aliases: dict[str, str],
    *,
    course_ids: dict[str, str] | None = None,
) -> int:
    """Recompute the cached state of some questions of a pack from the log.

    ``question_ids`` are current ids; answers logged under their old ids
    (``aliases``: old id -> current id) count for them. The queue flag is
    worked out afresh. Runs in one transaction (or the caller's).

    Returns:
        How many of the questions have a state (answers in force).
    """
    cache = replay_cache(db)
    courses = _question_courses(db, pack_id)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for old, new in aliases.items():
        sources_of[new].add(old)
    stated = 0
    targets = sorted(question_ids)
    with write_transaction(db):
        for start in range(0, len(targets), _CHUNK):
            chunk = targets[start : start + _CHUNK]
            sources = set(chunk).union(*(sources_of.get(q, set()) for q in chunk))
            grouped: dict[str, list[ReplayEntry]] = defaultdict(list)
            for entry in log.replay_entries_for(db, pack_id, sources):
                grouped[aliases.get(entry.question_id, entry.question_id)].append(entry)
            for question_id in chunk:
                state, _ = fold_entries(grouped.get(question_id, ()), pack_id, question_id, cache)
                if state is None:
                    card_store.delete_card(db, pack_id, question_id)
                    continue
                stated += 1
                course = courses.get((pack_id, question_id)) or (course_ids or {}).get(question_id, "")
                card_store.save_card(db, state, course_id=course)
    return stated


@dataclass(frozen=True)
class RebuildReport:
    """What replaying the whole log found and did.

    Attributes:
        entries: Log entries read (answers, corrections, undos).
        answers: Answers in force folded into card states.
        cards: Card states the log adds up to.
        changed: Cards whose cached state was missing, different or left over.
        queued: Cards in the review queue afterwards.
        lessons: Lessons with progress (from the lesson log).
        seconds: How long it took.
    """

    entries: int
    answers: int
    cards: int
    changed: int
    queued: int
    lessons: int
    seconds: float


def _all_aliases(db: Database) -> dict[str, dict[str, str]]:
    return {p["id"]: catalog_store.aliases(db, p["id"]) for p in catalog_store.packs(db, present_only=False)}


def card_histories(db: Database) -> Iterator[tuple[str, str, list[ReplayEntry]]]:
    """Every card's log entries (pack id, current question id, entries), card by card.

    Streams the log; only cards touched by a rename are held back until their
    old and new ids have both been read. Entries are in log-index order; use
    :func:`fold_entries` (or :func:`in_force`) for the answers that count.
    """
    alias_maps = _all_aliases(db)
    renamed = {(p, q) for p, m in alias_maps.items() for pair in m.items() for q in pair}
    held: dict[tuple[str, str], list[ReplayEntry]] = defaultdict(list)
    current: list[ReplayEntry] = []
    key: tuple[str, str] | None = None
    for entry in log.replay_entries(db):
        entry_key = (entry.pack_id, entry.question_id)
        if entry_key in renamed:
            aliases = alias_maps.get(entry.pack_id, {})
            held[(entry.pack_id, aliases.get(entry.question_id, entry.question_id))].append(entry)
            continue
        if entry_key != key:
            if key is not None:
                yield key[0], key[1], current
            key, current = entry_key, []
        current.append(entry)
    if key is not None:
        yield key[0], key[1], current
    for (pack_id, question_id), group in held.items():
        yield pack_id, question_id, group


def in_force(entries: Iterable[ReplayEntry]) -> list[ReplayEntry]:
    """One card's answers in force, in replay order (time, then uid)."""
    entries = list(entries)
    replaced = {e.replaces for e in entries if e.replaces}
    return sorted(
        (e for e in entries if e.kind == "answer" and e.rating is not None and e.uid not in replaced),
        key=lambda e: (e.reviewed_at, e.uid),
    )


def expected_states(db: Database) -> Iterator[tuple[CardState, int]]:
    """Every card state the whole log adds up to, with the number of answers folded into it."""
    cache = replay_cache(db)
    for pack_id, question_id, entries in card_histories(db):
        state, folded = fold_entries(entries, pack_id, question_id, cache)
        if state is not None:
            yield state, folded


def _comparable(rows: dict[tuple[str, str], tuple[Any, ...]]) -> dict[tuple[str, str], tuple[Any, ...]]:
    # Everything but course_id (catalog data) and queued (checked separately).
    return {k: (*r[:3], *r[4:12], *r[13:]) for k, r in rows.items()}


def cache_differences(db: Database) -> list[tuple[str, str]]:
    """Cards whose cached state is not what replaying the log gives (empty when all is well).

    Also lists cards whose queue flag disagrees with the catalog and lesson progress.
    """
    expected = {
        (s.pack_id, s.question_id): card_store.card_row(s, course_id="", queued=False)
        for s, _ in expected_states(db)
    }
    cached = card_store.all_card_rows(db)
    want, have = _comparable(expected), _comparable(cached)
    different = {k for k in want.keys() | have.keys() if want.get(k) != have.get(k)}
    different |= set(card_store.misqueued(db))
    if counters_drifted(db):
        different.add(("", "counters"))
    return sorted(different)


def rebuild_all(db: Database) -> RebuildReport:
    """Throw away every cached card state and lesson status and replay both logs."""
    from altlearn.study.progress import refresh_queue

    started = time.perf_counter()
    with write_transaction(db):
        before = _comparable(card_store.all_card_rows(db))
        db.execute("DELETE FROM cards")
        courses = _question_courses(db)
        rows: list[tuple[Any, ...]] = []
        answers = cards = 0
        for state, folded in expected_states(db):
            answers += folded
            cards += 1
            course = courses.get((state.pack_id, state.question_id), "")
            rows.append(card_store.card_row(state, course_id=course, queued=False))
            if len(rows) >= 5000:
                card_store.save_cards(db, rows)
                rows = []
        card_store.save_cards(db, rows)
        alias_maps = _all_aliases(db)
        db.execute("DELETE FROM lesson_progress")
        for pack_id in sorted(alias_maps.keys() | log.lesson_pack_ids(db) | card_store.pack_ids(db)):
            refresh_queue(db, pack_id, alias_maps.get(pack_id, {}))
        rebuild_counters(db)  # exact already (triggers), unless something went wrong: then repaired
        after = _comparable(card_store.all_card_rows(db))
        changed = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        queued = card_store.count_queued(db)
        lessons = int(db.execute("SELECT count(*) FROM lesson_progress").fetchone()[0])
        entries = log.count_reviews(db)
    return RebuildReport(
        entries=entries,
        answers=answers,
        cards=cards,
        changed=changed,
        queued=queued,
        lessons=lessons,
        seconds=time.perf_counter() - started,
    )
