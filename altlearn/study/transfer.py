"""Moving progress between devices: export, import (merge) and rebuild.

``export_progress`` writes both logs to a progress file (see
:mod:`altlearn.study.progress_file`). ``import_progress`` merges another
device's file into this store: entries are deduplicated by uid, so importing
twice, or importing one's own export, adds nothing; then the cards and lessons
the new entries touch are replayed. An import is all or nothing: every line is
checked inside one transaction and a single bad line rolls the whole file back.
Because replay orders answers by (time, uid) on every device, two devices that
import each other's files end with identical card states.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from altlearn.domain.diagnostics import Diagnostic, error
from altlearn.domain.review import EventKind, LessonEvent, ReviewEvent
from altlearn.storage import catalog as catalog_store
from altlearn.storage import log
from altlearn.storage.database import write_transaction
from altlearn.storage.params import load_params, save_params
from altlearn.study.progress import refresh_queue
from altlearn.study.progress_file import (
    BadLine,
    Header,
    ParamsLine,
    ProgressFileError,
    header_line,
    lesson_line,
    load_line,
    params_line,
    parse_header,
    parse_record,
    review_line,
)
from altlearn.study.replay import rebuild_all, rebuild_cards

if TYPE_CHECKING:
    from altlearn.storage.database import Database

__all__ = ["ExportReport", "ImportReport", "export_progress", "import_progress", "rebuild_all"]

MAX_PROBLEMS = 200
"""Bad lines collected before an import stops reading (they are all reported)."""

_BATCH = 1000


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    target: str
    device: str
    reviews: int
    lessons: int
    params: int


@dataclass
class ImportReport:
    """What an import found and changed.

    Attributes:
        source_device: The device that wrote the file.
        own_file: The file came from this device (nothing new is expected).
        reviews_added: Review-log entries new to this store.
        reviews_known: Entries this store already held (or listed twice in the file).
        lessons_added: Lesson-log entries new to this store.
        lessons_known: Lesson entries already held.
        cards_replayed: Cards whose state was recomputed.
        packs: Packs whose progress changed.
    """

    source_device: str = ""
    own_file: bool = False
    reviews_added: int = 0
    reviews_known: int = 0
    lessons_added: int = 0
    lessons_known: int = 0
    cards_replayed: int = 0
    packs: list[str] = field(default_factory=list)


# Export -------------------------------------------------------------------------------------


def export_lines(db: Database, device: str, now: datetime) -> Iterator[str]:
    """The lines of a progress file holding this store's whole history."""
    params = load_params(db)
    reviews = log.count_reviews(db)
    lessons = int(db.execute("SELECT count(*) FROM lesson_events").fetchone()[0])
    yield header_line(device, now, reviews=reviews, lessons=lessons, params=len(params))
    for params_id, data in sorted(params.items()):
        yield params_line(params_id, data)
    for event in log.iter_reviews_by_seq(db):
        yield review_line(event)
    for lesson_event in log.iter_lesson_events_by_seq(db):
        yield lesson_line(lesson_event)


def export_progress(db: Database, target: Path | str, *, device: str, now: datetime) -> ExportReport:
    """Write the review and lesson logs to ``target`` ("-" for standard output).

    The file is written next to its final name and renamed into place once it
    is complete and on disk, so an interrupted export never leaves half a file.

    Raises:
        StorageError: the file cannot be written.
    """
    from altlearn.errors import StorageError

    counts = {"reviews": 0, "lessons": 0, "params": 0}

    def write(handle: IO[str]) -> None:
        for line in export_lines(db, device, now):
            if line.startswith('{"type":"review"'):
                counts["reviews"] += 1
            elif line.startswith('{"type":"lesson"'):
                counts["lessons"] += 1
            elif line.startswith('{"type":"params"'):
                counts["params"] += 1
            handle.write(line)
            handle.write("\n")

    if str(target) == "-":
        write(sys.stdout)
        sys.stdout.flush()
        return ExportReport(target="-", device=device, **counts)
    path = Path(target)
    try:
        with _atomic_text(path) as handle:
            write(handle)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return ExportReport(target=str(path), device=device, **counts)


@contextlib.contextmanager
def _atomic_text(path: Path) -> Iterator[IO[str]]:
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; this is a file to copy between devices
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Import -------------------------------------------------------------------------------------


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Diagnostic] = []

    def add(self, line: int, message: str, code: str = "bad-line") -> None:
        self.items.append(error(self.source, line, code, message))

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS


def _read_lines(source: Path | str | Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    if isinstance(source, Iterable) and not isinstance(source, str | Path):
        for number, raw in enumerate(source, start=1):
            yield number, raw.rstrip(b"\r\n")
        return
    if str(source) == "-":
        for number, raw in enumerate(sys.stdin.buffer, start=1):
            yield number, raw.rstrip(b"\r\n")
        return
    with open(source, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            yield number, raw.rstrip(b"\r\n")


def import_progress(
    db: Database, source: Path | str | Iterable[bytes], *, device: str, name: str | None = None
) -> ImportReport:
    """Merge a progress file into the store, all or nothing, then replay what it touched.

    Args:
        db: The store.
        source: A file path, "-" for standard input, or the file's lines as bytes.
        device: This store's device id (to tell the learner when a file is their own).
        name: How to name the file in messages (defaults to the path).

    Raises:
        ProgressFileError: some lines are invalid, or entries clash with the log;
            every problem is listed and nothing was imported.
        StorageError: the file cannot be read.
    """
    from altlearn.errors import StorageError

    label = name or (str(source) if isinstance(source, str | Path) else "<input>")
    problems = _Problems(label)
    report = ImportReport()
    try:
        with write_transaction(db):
            merge = _Merge(db, problems, report)
            merge.read(_read_lines(source))
            if not problems.items:
                merge.check_references()
            if problems.items:
                raise _Rollback
            report.own_file = report.source_device == device
            merge.replay()
    except _Rollback:
        count = len(problems.items)
        more = " (reading stopped there)" if problems.full else ""
        raise ProgressFileError(
            f"{label}: {count} problem{'s' if count != 1 else ''} found{more}; nothing was imported",
            problems.items,
            hint="fix or remove the lines listed, or export the file again from the other device",
        ) from None
    except OSError as exc:
        raise StorageError(f"cannot read {label}: {exc.strerror or exc}") from exc
    return report


class _Rollback(Exception):
    """Raised inside the import transaction to undo it."""


class _Merge:
    """The state of one import while its lines are read."""

    def __init__(self, db: Database, problems: _Problems, report: ImportReport) -> None:
        self.db = db
        self.problems = problems
        self.report = report
        self.cards: dict[str, set[str]] = defaultdict(set)
        self.lesson_packs: set[str] = set()
        self.params_used: dict[str, int] = {}
        self.replacing: list[tuple[int, ReviewEvent]] = []
        self.reviews: list[tuple[int, ReviewEvent]] = []
        self.lessons: list[tuple[int, LessonEvent]] = []

    def read(self, lines: Iterable[tuple[int, bytes]]) -> None:
        header: Header | None = None
        for number, raw in lines:
            if self.problems.full:
                return
            if not raw.strip():
                continue
            try:
                data = load_line(raw)
                if header is None:
                    header = parse_header(data)
                    self.report.source_device = header.device
                    continue
                record = parse_record(data)
            except BadLine as exc:
                self.problems.add(number, str(exc), exc.code)
                if header is None:
                    return  # without a header, the rest cannot be read meaningfully
                continue
            if isinstance(record, ParamsLine):
                save_params(self.db, record.id, record.settings.to_dict())
            elif isinstance(record, ReviewEvent):
                self.reviews.append((number, record))
                if len(self.reviews) >= _BATCH:
                    self._flush_reviews()
            else:
                self.lessons.append((number, record))
                if len(self.lessons) >= _BATCH:
                    self._flush_lessons()
        if header is None and not self.problems.items:
            self.problems.add(1, "the file is empty (expected an altlearn progress file)", "header")
        self._flush_reviews()
        self._flush_lessons()

    def _flush_reviews(self) -> None:
        batch, self.reviews = self.reviews, []
        known = log.reviews_by_uids(self.db, {e.uid for _, e in batch})
        fresh: list[ReviewEvent] = []
        for number, event in batch:
            held = known.get(event.uid)
            if held is not None:
                # elapsed_ms is what the recording store knew of the card's previous
                # answer, and stores upgraded from schema 1 worked it out from their own
                # (different) logs: it may differ between copies; the first one kept wins.
                if replace(held, elapsed_ms=None) != replace(event, elapsed_ms=None):
                    self.problems.add(
                        number, f"entry {event.uid} is already in the log with different content", "conflict"
                    )
                self.report.reviews_known += 1
                continue
            known[event.uid] = event
            fresh.append(event)
            self.cards[event.pack_id].add(event.question_id)
            if event.params_id:
                self.params_used.setdefault(event.params_id, number)
            if event.replaces:
                self.replacing.append((number, event))
        self.report.reviews_added += log.insert_reviews_ignoring_known(self.db, fresh)

    def _flush_lessons(self) -> None:
        batch, self.lessons = self.lessons, []
        known = log.lesson_events_by_uids(self.db, {e.uid for _, e in batch})
        fresh: list[LessonEvent] = []
        for number, event in batch:
            held = known.get(event.uid)
            if held is not None:
                if held != event:
                    self.problems.add(
                        number, f"entry {event.uid} is already in the log with different content", "conflict"
                    )
                self.report.lessons_known += 1
                continue
            known[event.uid] = event
            fresh.append(event)
            self.lesson_packs.add(event.pack_id)
        self.report.lessons_added += log.insert_lesson_events_ignoring_known(self.db, fresh)

    def check_references(self) -> None:
        """Every new entry's settings and replaced answer must exist, for the same card."""
        params = set(load_params(self.db))
        for params_id, number in sorted(self.params_used.items(), key=lambda item: item[1]):
            if params_id not in params:
                self.problems.add(
                    number, f"scheduler settings '{params_id}' are not in the file", "reference"
                )
        targets = log.reviews_by_uids(self.db, {e.replaces for _, e in self.replacing})
        for number, event in self.replacing:
            target = targets.get(event.replaces)
            if target is None:
                self.problems.add(
                    number, f"replaces entry {event.replaces}, which is in neither log", "reference"
                )
            elif target.kind is not EventKind.ANSWER or (target.pack_id, target.question_id) != (
                event.pack_id,
                event.question_id,
            ):
                self.problems.add(
                    number,
                    f"replaces entry {event.replaces}, which is not an answer to the same question",
                    "reference",
                )

    def replay(self) -> None:
        """Bring lesson progress, then the touched cards, up to date with the merged logs."""
        packs = sorted(self.lesson_packs | self.cards.keys())
        for pack_id in packs:
            aliases = catalog_store.aliases(self.db, pack_id)
            refresh_queue(self.db, pack_id, aliases)
            questions = self.cards.get(pack_id, set())
            if questions:
                targets = {aliases.get(q, q) for q in questions}
                rebuild_cards(self.db, pack_id, targets, aliases)
                self.report.cards_replayed += len(targets)
        self.report.packs = packs
