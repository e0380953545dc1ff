"""Benchmark: the study engine on 1,000 and 100,000 cards with 10 reviews per card.

For each size a store is generated (in its own process): a catalog of
questions in completed lessons, and for every card ten answers from a
simulated learner, spaced by the scheduler itself (fuzz on) and shifted so
that the last one falls inside the card's current interval, or a little past
it (about one card in eleven is overdue). The log is written through the
storage layer's bulk path and the card cache is the replay of that log.

Each size is then measured in a fresh process (so that its peak RSS is honest):
opening the store, the next due card, today's counts (``Study.today_counts``),
recording one answer durably (``Recorder.answer``: one transaction, fsync'd),
the statistics (``Study.stats``), and the process's peak RSS.

Run: python benchmarks/bench_study.py [--sizes 1000 100000] [--answers 200]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOW = datetime(2026, 4, 6, 3, 0, tzinfo=UTC)  # noon in Tokyo
PACK = "bench"
REVIEWS = 10
QUESTIONS_PER_LESSON = 50
MAXIMUM_INTERVAL = 365
"""Days; a common cap for language learners, and it keeps ten answers within a few years."""
LESSONS_PER_COURSE = 20


def _installed(home: Path) -> Any:
    from altlearn.packs.library import InstalledPack

    root = home / "bench-pack"
    root.mkdir(parents=True, exist_ok=True)
    return InstalledPack(id=PACK, root=root, source="bench", bundled=False, commit="0" * 40, version="1.0.0")


def _learner_rating(rng: random.Random, recall: float | None) -> int:
    if recall is None:  # the lesson's quiz
        return rng.choices([1, 2, 3, 4], weights=[10, 5, 80, 5])[0]
    if rng.random() > recall:
        return 1
    return rng.choices([2, 3, 4], weights=[10, 80, 10])[0]


def _simulate(n: int, rng: random.Random, settings: Any) -> tuple[list[tuple[int, int]], Any]:
    """One card's ten answers (epoch ms, rating) and the card state they add up to.

    The answers are simulated at relative times, each given on or a little after
    the day the card is due; the last one is never a lapse, so the card ends in
    the Review state with an interval of days. Then the whole history is shifted
    so that now falls inside (or, for about one card in eleven, just past) that
    interval, and replayed at its real times (the fuzz depends on them).
    """
    from altlearn.domain.ids import card_id
    from altlearn.domain.rating import Rating
    from altlearn.domain.review import CardPhase
    from altlearn.domain.times import from_epoch_ms, to_epoch_ms
    from altlearn.study.scheduler import new_card, retrievability, review

    question = f"q-{n}"
    ident = card_id(PACK, question)
    start = datetime(2000, 1, 1, tzinfo=UTC)
    when = start
    state = new_card(PACK, question, ident, when)
    answers = []
    for index in range(REVIEWS):
        recall = None if index == 0 else retrievability(state, when, settings)
        rating = _learner_rating(rng, recall)
        if index == REVIEWS - 1 and (rating == 1 or state.phase is CardPhase.RELEARNING):
            rating = 3
        answers.append((to_epoch_ms(when) - to_epoch_ms(start), rating))
        state = review(state, Rating(rating), when, settings)
        interval = state.due - when
        when = state.due + interval * rng.uniform(0, 0.3) + timedelta(minutes=rng.randint(0, 600))
    last_interval = to_epoch_ms(state.due) - to_epoch_ms(start) - answers[-1][0]
    shift = to_epoch_ms(NOW) - answers[-1][0] - int(last_interval * rng.uniform(0, 1.1))
    answers = [(shift + t, rating) for t, rating in answers]
    state = new_card(PACK, question, ident, from_epoch_ms(answers[0][0]))
    for at_ms, rating in answers:
        state = review(state, Rating(rating), from_epoch_ms(at_ms), settings)
    return answers, state


def _simulate_range(bounds: tuple[int, int, int]) -> list[tuple[int, list[tuple[int, int]], Any]]:
    from altlearn.study.scheduler import SchedulerSettings

    first, last, seed = bounds
    rng = random.Random(seed)
    settings = SchedulerSettings(maximum_interval=MAXIMUM_INTERVAL)
    return [(n, *_simulate(n, rng, settings)) for n in range(first, last)]


def build(home: Path, cards: int, seed: int = 7) -> None:
    """Generate the store for ``cards`` cards in ``home``."""
    from multiprocessing import Pool

    from altlearn.config import Settings, save_settings
    from altlearn.domain.rating import Rating
    from altlearn.domain.review import Context, EventKind, Grading, ReviewEvent
    from altlearn.domain.times import from_epoch_ms
    from altlearn.paths import Paths
    from altlearn.storage import cards as card_store
    from altlearn.storage import log
    from altlearn.storage.database import open_database, write_transaction
    from altlearn.storage.params import save_params
    from altlearn.study.catalog import fingerprint
    from altlearn.study.scheduler import SchedulerSettings

    paths = Paths(home)
    installed = _installed(home)
    settings = SchedulerSettings(maximum_interval=MAXIMUM_INTERVAL)
    save_settings(paths.config, Settings(maximum_interval=MAXIMUM_INTERVAL))
    db = open_database(paths.database)
    lessons = max(1, cards // QUESTIONS_PER_LESSON)
    courses = max(1, lessons // LESSONS_PER_COURSE)
    chunk = 2000
    ranges = [(first, min(cards, first + chunk), seed + first) for first in range(0, cards, chunk)]
    with Pool(2) as pool:
        simulated = [card for part in pool.map(_simulate_range, ranges) for card in part]
    with write_transaction(db):
        save_params(db, settings.params_id, settings.to_dict())
        db.execute("INSERT INTO meta (key, value) VALUES ('device', 'benchdevice01')")
        db.execute(
            "INSERT INTO packs (id, title, version, fingerprint, root, source, bundled, commit_id, indexed_at) "
            "VALUES (?, 'Benchmark', '1.0.0', ?, ?, 'bench', 0, ?, 0)",
            [PACK, fingerprint(installed), str(installed.root), installed.commit],
        )
        db.conn.executemany(
            "INSERT INTO courses (pack_id, course_id, position, title, mastery, lesson_count, question_count) "
            "VALUES (?, ?, ?, ?, 0.8, ?, ?)",
            [
                (
                    PACK,
                    f"course-{c}",
                    c,
                    f"Course {c}",
                    LESSONS_PER_COURSE,
                    LESSONS_PER_COURSE * QUESTIONS_PER_LESSON,
                )
                for c in range(courses)
            ],
        )
        db.conn.executemany(
            "INSERT INTO lessons (pack_id, lesson_id, course_id, position, title, minutes, question_count, path) "
            "VALUES (?, ?, ?, ?, ?, 5, ?, ?)",
            [
                (
                    PACK,
                    f"lesson-{i}",
                    f"course-{i % courses}",
                    i,
                    f"Lesson {i}",
                    QUESTIONS_PER_LESSON,
                    f"l{i}.md",
                )
                for i in range(lessons)
            ],
        )
        db.conn.executemany(
            "INSERT INTO lesson_progress (pack_id, lesson_id, status, attempts) VALUES (?, ?, 'completed', 1)",
            [(PACK, f"lesson-{i}") for i in range(lessons)],
        )
        db.conn.executemany(
            "INSERT INTO questions (pack_id, question_id, lesson_id, kind, position) VALUES (?, ?, ?, 'single', ?)",
            [(PACK, f"q-{n}", f"lesson-{n % lessons}", n // lessons) for n in range(cards)],
        )
        rng = random.Random(seed)
        events, rows = [], []
        for n, answers, state in simulated:
            for index, (at_ms, rating) in enumerate(answers):
                events.append(
                    ReviewEvent(
                        uid=f"{n:08d}{index:02d}{rng.getrandbits(64):016x}",
                        kind=EventKind.ANSWER,
                        pack_id=PACK,
                        question_id=f"q-{n}",
                        reviewed_at=from_epoch_ms(at_ms),
                        rating=Rating(rating),
                        grading=Grading.AUTO,
                        correct=rating > 1,
                        answer={"choice": 0},
                        duration_ms=rng.randint(2000, 20000),
                        params_id=settings.params_id,
                        context=Context.QUIZ if index == 0 else Context.REVIEW,
                        device="benchdevice01",
                        elapsed_ms=at_ms - answers[index - 1][0] if index else None,
                    )
                )
            course = f"course-{(n % lessons) % courses}"
            rows.append(card_store.card_row(state, course_id=course, queued=True))
            if len(events) >= 50_000:
                log.insert_reviews_ignoring_known(db, events)
                events = []
        log.insert_reviews_ignoring_known(db, events)
        card_store.save_cards(db, rows)
    if cards <= 5000:  # the generator must produce what replaying its log gives
        from altlearn.study.replay import cache_differences

        assert not cache_differences(db), "generated card states differ from the replay of the log"
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(home: Path, answers: int) -> dict[str, float]:
    """Time the engine on the store in ``home`` (run in a fresh process)."""
    from altlearn.domain.rating import Rating
    from altlearn.domain.review import Context, Grading
    from altlearn.domain.times import to_epoch_s
    from altlearn.paths import Paths
    from altlearn.storage import cards as card_store
    from altlearn.study.clock import FixedClock
    from altlearn.study.grading import Grade
    from altlearn.study.service import Study

    clock = FixedClock(NOW)
    started = time.perf_counter()
    study = Study.open(Paths(home), clock=clock, packs=[_installed(home)])
    first = card_store.next_due(study.db, to_epoch_s(clock.now()))
    results: dict[str, float] = {"open_and_first_card_ms": (time.perf_counter() - started) * 1000}
    assert first is not None, "nothing is due: the generated store is wrong"
    results["cards"] = study.db.execute("SELECT count(*) FROM cards").fetchone()[0]
    results["log_entries"] = study.db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    results["due_now"] = study.today_counts()["due_now"]
    results["next_due_card_ms"] = _median_ms(
        lambda: card_store.next_due(study.db, to_epoch_s(clock.now())), 200
    )
    results["today_counts_ms"] = _median_ms(study.today_counts, 200)
    results["next_due_plus_counts_ms"] = results["next_due_card_ms"] + results["today_counts_ms"]
    recorder = study.recorder
    grade = Grade(correct=True, rating=Rating.GOOD, grading=Grading.AUTO, answer={"choice": 0})
    times = []
    for _ in range(answers):
        clock.advance(timedelta(seconds=7))
        # The most overdue card, or the next to fall due once none is left.
        card = card_store.next_due(study.db, to_epoch_s(clock.now()) + 10 * 365 * 86400)
        assert card is not None
        start = time.perf_counter()
        recorder.answer(
            pack_id=card.pack_id,
            question_id=card.question_id,
            course_id="",
            grade=grade,
            at=clock.now(),
            duration_ms=5000,
            context=Context.REVIEW,
        )
        times.append(time.perf_counter() - start)
    results["answer_median_ms"] = statistics.median(times) * 1000
    results["answer_p90_ms"] = sorted(times)[int(len(times) * 0.9)] * 1000
    results["stats_ms"] = _median_ms(study.stats, 5)
    results["home_ms"] = _median_ms(study.home, 5)
    study.close()
    results["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _child(*args: str) -> str:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"benchmark step {args} failed:\n{out.stderr}")
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cards", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.cards)
        return
    if args.measure:
        print(json.dumps(measure(args.measure, args.answers)))
        return
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="altlearn-bench-") as tmp:
        for size in args.sizes:
            home = Path(tmp) / f"cards-{size}"
            start = time.perf_counter()
            _child("--build", str(home), "--cards", str(size))
            print(
                f"generated {size:,} cards x {REVIEWS} answers in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            results[size] = json.loads(_child("--measure", str(home), "--answers", str(args.answers)))
    report(results)


def report(results: dict[int, dict[str, float]]) -> None:
    sizes = sorted(results)
    rows = [
        ("log entries", "log_entries", "{:,.0f}"),
        ("due now", "due_now", "{:,.0f}"),
        ("open store + first due card", "open_and_first_card_ms", "{:.1f} ms"),
        ("next due card", "next_due_card_ms", "{:.3f} ms"),
        ("today's counts", "today_counts_ms", "{:.3f} ms"),
        ("next due card + today's counts", "next_due_plus_counts_ms", "{:.3f} ms"),
        ("record one answer (median, fsync)", "answer_median_ms", "{:.2f} ms"),
        ("record one answer (90th percentile)", "answer_p90_ms", "{:.2f} ms"),
        ("statistics (Study.stats)", "stats_ms", "{:.1f} ms"),
        ("home screen (Study.home)", "home_ms", "{:.1f} ms"),
        ("peak RSS", "peak_rss_mib", "{:.0f} MiB"),
    ]
    header = f"{'':<38}" + "".join(f"{f'{s:,} cards':>16}" for s in sizes)
    if len(sizes) == 2:
        header += f"{'ratio':>9}"
    print(header)
    for label, key, fmt in rows:
        line = f"{label:<38}" + "".join(f"{fmt.format(results[s][key]):>16}" for s in sizes)
        if len(sizes) == 2 and key.endswith("_ms"):
            line += f"{results[sizes[1]][key] / max(results[sizes[0]][key], 1e-9):>8.2f}x"
        print(line)
    if len(sizes) == 2:
        small, large = (results[s] for s in sizes)
        ratio = large["next_due_plus_counts_ms"] / small["next_due_plus_counts_ms"]
        print()
        print(
            f"target: next due + today's counts at {sizes[1]:,} within 2x of {sizes[0]:,} and under 20 ms: "
            f"{ratio:.2f}x, {large['next_due_plus_counts_ms']:.3f} ms -> "
            f"{'met' if ratio <= 2 and large['next_due_plus_counts_ms'] < 20 else 'MISSED'}"
        )
        worst = max(small["answer_median_ms"], large["answer_median_ms"])
        print(
            f"target: record one answer durably, median under 10 ms: {worst:.2f} ms -> {'met' if worst < 10 else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
