"""Recording answers durably: one transaction per answer, log first, cache second.

Every change is an append to the review log plus a write of the card's cached
state, in one SQLite transaction (WAL, synchronous=FULL): once ``answer``
returns, a crash or a kill cannot lose it. Changing a rating and undoing are
appends too; nothing in the log is ever rewritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from altlearn.domain.ids import card_id
from altlearn.domain.rating import Rating
from altlearn.domain.review import CardState, Context, EventKind, Grading, ReviewEvent
from altlearn.domain.times import as_utc, from_epoch_ms, to_epoch_ms
from altlearn.storage import cards as card_store
from altlearn.storage import log
from altlearn.storage.database import Database
from altlearn.storage.params import save_params
from altlearn.study.grading import Grade
from altlearn.study.scheduler import SchedulerSettings, new_card, review


def new_uid() -> str:
    """A random event id (unique across devices, so logs can be merged)."""
    return uuid.uuid4().hex


def log_time(moment: datetime) -> datetime:
    """``moment`` at the log's precision (milliseconds), so replay sees exactly what was used."""
    return from_epoch_ms(to_epoch_ms(as_utc(moment)))


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
        with db.atomic():
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
        at = log_time(at)
        before = card_store.get_card(self.db, pack_id, question_id)
        start = before or new_card(pack_id, question_id, card_id(pack_id, question_id), at)
        after = review(start, grade.rating, at, self.settings)
        event = ReviewEvent(
            uid=self.make_uid(),
            kind=EventKind.ANSWER,
            pack_id=pack_id,
            question_id=question_id,
            reviewed_at=at,
            rating=grade.rating,
            grading=grade.grading,
            correct=grade.correct if grade.grading is not Grading.SELF else None,
            answer=grade.answer,
            duration_ms=duration_ms,
            params_id=self.params_id,
            context=context,
            attempt=attempt,
            device=self.device,
        )
        with self.db.atomic():
            queued = card_store.is_queued(self.db, pack_id, question_id)
            log.insert_review(self.db, event)
            card_store.save_card(self.db, after, course_id=course_id, queued=queued)
        return Recorded(event=event, before=before, after=after, course_id=course_id)

    def rerate(self, recorded: Recorded, rating: Rating, grading: Grading) -> Recorded:
        """Change the rating of an answer just given (appends a replacement)."""
        start = recorded.before or new_card(
            recorded.event.pack_id,
            recorded.event.question_id,
            card_id(recorded.event.pack_id, recorded.event.question_id),
            recorded.event.reviewed_at,
        )
        after = review(start, rating, recorded.event.reviewed_at, self.settings)
        event = replace(
            recorded.event,
            uid=self.make_uid(),
            rating=rating,
            grading=grading,
            correct=recorded.event.correct if grading is not Grading.SELF else None,
            replaces=recorded.event.uid,
        )
        with self.db.atomic():
            queued = card_store.is_queued(self.db, event.pack_id, event.question_id)
            log.insert_review(self.db, event)
            card_store.save_card(self.db, after, course_id=recorded.course_id, queued=queued)
        return Recorded(event=event, before=recorded.before, after=after, course_id=recorded.course_id)

    def undo(self, recorded: Recorded, at: datetime) -> None:
        """Withdraw an answer: append an undo and put the card back as it was."""
        event = ReviewEvent(
            uid=self.make_uid(),
            kind=EventKind.UNDO,
            pack_id=recorded.event.pack_id,
            question_id=recorded.event.question_id,
            reviewed_at=log_time(at),
            replaces=recorded.event.uid,
            params_id=self.params_id,
            context=recorded.event.context,
            attempt=recorded.event.attempt,
            device=self.device,
        )
        with self.db.atomic():
            queued = card_store.is_queued(self.db, event.pack_id, event.question_id)
            log.insert_review(self.db, event)
            if recorded.before is None:
                card_store.delete_card(self.db, event.pack_id, event.question_id)
            else:
                card_store.save_card(self.db, recorded.before, course_id=recorded.course_id, queued=queued)
