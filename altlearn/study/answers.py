"""Recording answers durably: one transaction per answer, log first, cache second.

Every change is an append to the review log plus a write of the card's cached
state, in one SQLite transaction (WAL, synchronous=FULL): once ``answer``
returns, a crash or a kill cannot lose it. Changing a rating and undoing are
appends too; nothing in the log is ever rewritten.

Replay orders a card's answers by time (then uid), so an answer is recorded
at least a millisecond after the card's previous one even when the clock says
otherwise (a clock set back, a quiz retaken within the same millisecond in
tests): the log order and the replay order are then always the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from altlearn.domain.ids import card_id
from altlearn.domain.rating import Rating
from altlearn.domain.review import CardState, Context, EventKind, Grading, ReviewEvent
from altlearn.domain.times import as_utc, from_epoch_ms, to_epoch_ms
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as catalog_store
from altlearn.storage import log
from altlearn.storage.database import write_transaction
from altlearn.storage.params import save_params
from altlearn.study.grading import Grade
from altlearn.study.replay import rebuild_cards
from altlearn.study.scheduler import SchedulerSettings, new_card, review

if TYPE_CHECKING:
    from altlearn.storage.database import Database

_ONE_MS = timedelta(milliseconds=1)


def new_uid() -> str:
    """A random event id (unique across devices, so logs can be merged)."""
    return uuid.uuid4().hex


def log_time(moment: datetime) -> datetime:
    """``moment`` at the log's precision (milliseconds), so replay sees exactly what was used."""
    return from_epoch_ms(to_epoch_ms(as_utc(moment)))


def answer_time(moment: datetime, before: CardState | None) -> datetime:
    """When an answer given at ``moment`` is recorded: at log precision, after the card's last answer."""
    at = log_time(moment)
    if before is not None and before.last_review is not None and at <= before.last_review:
        return before.last_review + _ONE_MS
    return at


def elapsed_ms(before: CardState | None, when: datetime) -> int | None:
    """Milliseconds since the card's previous answer (None for a first answer)."""
    if before is None or before.last_review is None:
        return None
    return to_epoch_ms(when) - to_epoch_ms(before.last_review)


@dataclass(frozen=True)
class Recorded:
    """An answer as it stands in the log, with the card before and after it."""

    event: ReviewEvent
    before: CardState | None
    after: CardState
    course_id: str


class Recorder:
    """Appends answers, rating changes and undos for one learner and device.

    Args:
        db: The store connection (of the calling thread).
        settings: Scheduler settings in force; recorded with every answer.
        device: This device's id, recorded with every answer.
        make_uid: Source of event ids (tests pass a deterministic one).
    """

    def __init__(
        self,
        db: Database,
        settings: SchedulerSettings,
        device: str,
        make_uid: Callable[[], str] = new_uid,
    ) -> None:
        self.db = db
        self.settings = settings
        self.device = device
        self.make_uid = make_uid
        self.params_id = settings.params_id
        with write_transaction(db):
            save_params(db, self.params_id, settings.to_dict())

    def answer(
        self,
        *,
        pack_id: str,
        question_id: str,
        course_id: str,
        grade: Grade,
        at: datetime,
        duration_ms: int | None,
        context: Context,
        attempt: str = "",
    ) -> Recorded:
        """Record a graded answer and update the card. Durable on return."""
        with write_transaction(self.db):
            before = card_store.get_card(self.db, pack_id, question_id)
            when = answer_time(at, before)
            start = before or new_card(pack_id, question_id, card_id(pack_id, question_id), when)
            after = review(start, grade.rating, when, self.settings)
            event = ReviewEvent(
                uid=self.make_uid(),
                kind=EventKind.ANSWER,
                pack_id=pack_id,
                question_id=question_id,
                reviewed_at=when,
                rating=grade.rating,
                grading=grade.grading,
                correct=grade.correct if grade.grading is not Grading.SELF else None,
                answer=grade.answer,
                duration_ms=duration_ms,
                params_id=self.params_id,
                context=context,
                attempt=attempt,
                device=self.device,
                elapsed_ms=elapsed_ms(before, when),
            )
            log.insert_review(self.db, event)
            card_store.save_card(self.db, after, course_id=course_id)
        return Recorded(event=event, before=before, after=after, course_id=course_id)

    def rerate(self, recorded: Recorded, rating: Rating, grading: Grading) -> Recorded:
        """Change the rating of an answer just given (appends a replacement). Durable on return."""
        event = replace(
            recorded.event,
            uid=self.make_uid(),
            rating=rating,
            grading=grading,
            correct=recorded.event.correct if grading is not Grading.SELF else None,
            replaces=recorded.event.uid,
        )
        after = self._append_and_replay(event, recorded.course_id)
        if after is None:  # cannot happen: the replacement is itself an answer
            raise RuntimeError("a changed rating left the card without answers")
        return Recorded(event=event, before=recorded.before, after=after, course_id=recorded.course_id)

    def undo(self, recorded: Recorded, at: datetime) -> CardState | None:
        """Withdraw an answer: append an undo and put the card back as it was. Durable on return.

        Returns:
            The card's state without the answer (None when it has no answers left).
        """
        event = ReviewEvent(
            uid=self.make_uid(),
            kind=EventKind.UNDO,
            pack_id=recorded.event.pack_id,
            question_id=recorded.event.question_id,
            # Never before the answer it withdraws (a clock set back): counts stay exact.
            reviewed_at=max(log_time(at), recorded.event.reviewed_at),
            replaces=recorded.event.uid,
            params_id=self.params_id,
            context=recorded.event.context,
            attempt=recorded.event.attempt,
            device=self.device,
        )
        return self._append_and_replay(event, recorded.course_id)

    def _append_and_replay(self, event: ReviewEvent, course_id: str) -> CardState | None:
        # A correction is rare, so the card is replayed from the log rather than
        # patched: the cache then equals the replay even if answers arrived from
        # another device (an import) since the corrected answer.
        with write_transaction(self.db):
            log.insert_review(self.db, event)
            aliases = catalog_store.aliases(self.db, event.pack_id)
            question_id = aliases.get(event.question_id, event.question_id)
            rebuild_cards(self.db, event.pack_id, {question_id}, aliases, course_ids={question_id: course_id})
            return card_store.get_card(self.db, event.pack_id, question_id)
