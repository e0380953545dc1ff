"""Card states from the review log: the fold that both answering and rebuilding use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from altlearn.domain.ids import card_id
from altlearn.domain.review import CardState, EventKind, ReviewEvent
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as catalog_store
from altlearn.storage import log
from altlearn.storage.database import Database
from altlearn.storage.params import load_params
from altlearn.study.scheduler import ReplayCache, SchedulerSettings, new_card, review


def effective(events: Iterable[ReviewEvent], replaced: set[str]) -> list[ReviewEvent]:
    """Answers that still count: not undone, not superseded by a changed rating."""
    return [
        e for e in events if e.kind is EventKind.ANSWER and e.uid not in replaced and e.rating is not None
    ]


def replay(events: list[ReviewEvent], pack_id: str, question_id: str, cache: ReplayCache) -> CardState | None:
    """Fold effective answers (already in log order) into a card state; None if there are none."""
    state: CardState | None = None
    for event in events:
        if state is None:
            state = new_card(pack_id, question_id, card_id(pack_id, question_id), event.reviewed_at)
        assert event.rating is not None
        state = review(state, event.rating, event.reviewed_at, cache.get(event.params_id))
    return state


def replay_cache(db: Database) -> ReplayCache:
    """Every scheduler setting the log refers to."""
    return ReplayCache(settings={k: SchedulerSettings.from_dict(v) for k, v in load_params(db).items()})


def _resolve(question_id: str, aliases: dict[str, str]) -> str:
    return aliases.get(question_id, question_id)


def rebuild_cards(db: Database, pack_id: str, question_ids: set[str], aliases: dict[str, str]) -> None:
    """Recompute the cached state of some questions from the log (caller holds the transaction)."""
    sources = set(question_ids) | {old for old, new in aliases.items() if new in question_ids}
    events = log.reviews_for(db, pack_id, sources)
    replaced = {e.replaces for e in events if e.replaces}
    cache = replay_cache(db)
    grouped: dict[str, list[ReviewEvent]] = defaultdict(list)
    for event in effective(events, replaced):
        grouped[_resolve(event.question_id, aliases)].append(event)
    for question_id in question_ids:
        state = replay(grouped.get(question_id, []), pack_id, question_id, cache)
        if state is None:
            card_store.delete_card(db, pack_id, question_id)
            continue
        row = catalog_store.question(db, pack_id, question_id)
        lesson = catalog_store.lesson(db, pack_id, row["lesson_id"]) if row else None
        card_store.save_card(db, state, course_id=lesson["course_id"] if lesson else "", queued=False)


def rebuild_all(db: Database) -> int:
    """Throw away every cached card state and replay the whole log. Returns cards rebuilt."""
    from altlearn.study.progress import refresh_queue

    cache = replay_cache(db)
    with db.atomic():
        db.execute("DELETE FROM cards")
        replaced = log.replaced_uids(db)
        alias_maps = {
            p["id"]: catalog_store.aliases(db, p["id"]) for p in catalog_store.packs(db, present_only=False)
        }
        grouped: dict[tuple[str, str], list[ReviewEvent]] = defaultdict(list)
        for event in effective(log.all_reviews(db), replaced):
            aliases = alias_maps.get(event.pack_id, {})
            grouped[(event.pack_id, _resolve(event.question_id, aliases))].append(event)
        courses = {
            (r[0], r[1]): r[2]
            for r in db.execute(
                "SELECT q.pack_id, q.question_id, l.course_id FROM questions q "
                "JOIN lessons l ON l.pack_id = q.pack_id AND l.lesson_id = q.lesson_id"
            ).fetchall()
        }
        rows = []
        for (pack_id, question_id), events in grouped.items():
            state = replay(events, pack_id, question_id, cache)
            if state is not None:
                course = courses.get((pack_id, question_id), "")
                rows.append(card_store.card_row(state, course_id=course, queued=False))
        card_store.save_cards(db, rows)
        for pack_id, aliases in alias_maps.items():
            refresh_queue(db, pack_id, aliases)
    return len(rows)
