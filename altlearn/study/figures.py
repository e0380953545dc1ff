"""The figures the home and statistics screens show: today's counts, courses, stats, streak.

Every day-by-day figure uses the learner's study days (:class:`StudyDay`: local
zone, rollover hour), so a day with a daylight-saving change is 23 or 25 hours
long. The counts come from counters and indexes (see
:mod:`altlearn.storage.stats`), so they cost about the same for a thousand
cards as for a hundred thousand.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from altlearn.domain.times import to_epoch_ms, to_epoch_s
from altlearn.storage import cards as card_store
from altlearn.storage import catalog as catalog_store
from altlearn.storage import stats as stats_store
from altlearn.study.clock import StudyDay
from altlearn.study.scheduler import SchedulerSettings, decay_and_factor
from altlearn.study.views import CourseSummary, DayCount, Stats

if TYPE_CHECKING:
    from altlearn.storage.database import Database


def today_counts(db: Database, now: datetime, day: StudyDay) -> dict[str, int]:
    """Due now, due by the end of the study day, answered today and new today."""
    today = day.day_of(now)
    start, end = day.start_of(today), day.end_of(today)
    return {
        "due_now": card_store.count_due(db, to_epoch_s(now)),
        "due_today": card_store.count_due(db, to_epoch_s(end) - 1),
        "reviewed_today": stats_store.answers_since(db, to_epoch_ms(start)),
        "new_today": stats_store.first_answers_since(db, to_epoch_ms(start)),
    }


def course_summaries(
    db: Database, now: datetime, day: StudyDay, settings: SchedulerSettings
) -> list[CourseSummary]:
    """Every course of every present pack, with lessons done, cards learned, mastery and due cards."""
    end = day.end_of(day.day_of(now))
    decay, factor = decay_and_factor(settings)
    mastery = stats_store.course_mastery(db, to_epoch_ms(now), decay, factor)
    due = card_store.due_by_course(db, to_epoch_s(end) - 1)
    done = {
        (row[0], row[1]): int(row[2])
        for row in db.execute(
            "SELECT l.pack_id, l.course_id, count(*) FROM lesson_progress lp JOIN lessons l "
            "ON l.pack_id = lp.pack_id AND l.lesson_id = lp.lesson_id WHERE lp.status = 'completed' "
            "GROUP BY l.pack_id, l.course_id"
        ).fetchall()
    }
    packs = {p["id"]: p for p in catalog_store.packs(db)}
    summaries = []
    for course in catalog_store.courses(db):
        key = (course["pack_id"], course["course_id"])
        m = mastery.get(key)
        questions = course["question_count"]
        pack = packs[course["pack_id"]]
        summaries.append(
            CourseSummary(
                pack_id=course["pack_id"],
                pack_title=pack["title"],
                pack_version=pack["version"],
                course_id=course["course_id"],
                title=course["title"],
                description=course["description"],
                lessons_done=done.get(key, 0),
                lesson_total=course["lesson_count"],
                questions=questions,
                cards_learned=int(m["learned"] or 0) if m else 0,
                mastery=min(1.0, float(m["r_sum"] or 0) / questions) if m and questions else 0.0,
                due_today=due.get(key, 0),
                threshold=course["mastery"],
            )
        )
    return summaries


def study_stats(
    db: Database,
    now: datetime,
    day: StudyDay,
    *,
    new_limit: int,
    courses: list[CourseSummary],
    days: int = 30,
) -> Stats:
    """Reviews per day, the forecast, true retention, the streak and the courses.

    Retention covers the last 30 study days: answers given a day or more after
    the card's previous answer, and how many of them were recalled.
    """
    today = day.day_of(now)
    counts = today_counts(db, now, day)
    past = [today - timedelta(days=days - 1 - i) for i in range(days)]
    past_bounds = [to_epoch_ms(day.start_of(d)) for d in past] + [to_epoch_ms(day.end_of(today))]
    per_day = stats_store.answers_per_window(db, past_bounds)
    reviews = tuple(DayCount(d, n, r) for d, (n, r) in zip(past, per_day, strict=True))
    ahead = [today + timedelta(days=i) for i in range(days)]
    ahead_bounds = [to_epoch_s(day.start_of(d)) for d in ahead] + [to_epoch_s(day.end_of(ahead[-1]))]
    forecast = tuple(
        DayCount(d, n) for d, n in zip(ahead, card_store.forecast(db, ahead_bounds), strict=True)
    )
    since = to_epoch_ms(day.start_of(today - timedelta(days=29)))
    recalled, total = stats_store.retention(db, since)
    answers, cards_seen = stats_store.review_totals(db)
    return Stats(
        generated_at=now,
        today=today,
        due_now=counts["due_now"],
        due_today=counts["due_today"],
        reviewed_today=counts["reviewed_today"],
        new_today=counts["new_today"],
        new_limit=new_limit,
        reviews_per_day=reviews,
        forecast=forecast,
        retention=recalled / total if total else None,
        retention_reviews=total,
        streak=streak(db, now, day),
        total_answers=answers,
        cards_seen=cards_seen,
        courses=tuple(courses),
    )


def streak(db: Database, now: datetime, day: StudyDay) -> int:
    """Study days in a row with at least one answer, up to today (or yesterday, if not yet today)."""
    today = day.day_of(now)
    count, cursor, span = 0, today, 8
    while True:
        # Newest days first, in growing batches: a short streak costs a few index
        # probes of the answer counters, a long one a probe per day.
        days = [cursor - timedelta(days=i) for i in range(span)]
        bounds = [to_epoch_ms(day.start_of(d)) for d in reversed(days)]
        studied = stats_store.windows_with_answers(db, [*bounds, to_epoch_ms(day.end_of(cursor))])
        for offset, current in enumerate(days):
            if span - 1 - offset in studied:
                count += 1
            elif current != today:
                return count
        cursor -= timedelta(days=span)
        span = min(span * 4, 366)
