"""One ``git fetch``, watched: progress in bytes and rate, timeouts, size cap, cancel.

git's own progress lines are throttled to about one a second and round the byte
count, so the bytes come from the pack file ``index-pack`` is writing
(``objects/pack/tmp_pack_*``; ``fetch.unpackLimit=1`` makes every fetch keep one),
polled ten times a second; git's lines give the phase and object counts.

The fetch is stopped (its whole process group) when

- no progress line and no new byte arrived for ``stall_timeout`` seconds,
- it has run for ``total_timeout`` seconds,
- more than ``max_bytes`` arrived (a hostile or mistaken repository), or
- the caller's ``cancel`` event is set.

Failures become a :class:`~altlearn.errors.SyncError` in plain words
(:func:`explain_failure`); the caller's installed packs are never touched here.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from altlearn.errors import SyncError
from altlearn.packs.limits import MAX_PACK_BYTES
from altlearn.sync.git import Git
from altlearn.sync.progress import Phase, ProgressCallback, SyncProgress, parse_git_progress
from altlearn.sync.sources import Source, SourceKind

MAX_TRANSFER_BYTES = 4 * MAX_PACK_BYTES
"""The most one fetch may download (history included) before it is stopped."""

_POLL_SECONDS = 0.1
_RATE_WINDOW = 3.0


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much one fetch may take.

    Attributes:
        stall_timeout: Seconds without any sign of progress before giving up.
        total_timeout: Seconds for the whole fetch.
        max_bytes: Bytes one fetch may download.
    """

    stall_timeout: float = 60.0
    total_timeout: float = 30 * 60.0
    max_bytes: int = MAX_TRANSFER_BYTES


@dataclass(frozen=True)
class FetchResult:
    """What a finished fetch moved."""

    received_bytes: int
    seconds: float


def fetch(
    git: Git,
    repo: Path,
    source: Source,
    refspecs: Sequence[str],
    *,
    depth: int | None = None,
    verbose: bool = True,
    limits: FetchLimits = FetchLimits(),
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> FetchResult:
    """Fetch ``refspecs`` from ``source`` into the bare repository ``repo``.

    Args:
        git: The git program.
        repo: A bare repository altlearn owns.
        source: Where to fetch from.
        refspecs: What to fetch, e.g. ``["+HEAD:refs/altlearn/fetched"]``.
        depth: ``--depth`` for a first, shallow fetch; None to fetch what is new.
        verbose: Ask git (and the server) for progress text. Off for updates: on a
            one-lesson update the server's "Counting objects" lines were a quarter
            of the bytes, and bytes and rate are measured without them.
        limits: Timeouts and the size cap.
        progress: Called with a :class:`SyncProgress` as the fetch goes.
        cancel: When set by another thread, the fetch is stopped.

    Raises:
        SyncError: The fetch failed, timed out, was too large or was cancelled.
    """
    clean_leftovers(repo)
    before = _pack_files(repo)
    args = ["fetch", "--progress" if verbose else "--no-progress", "--no-tags", "--no-write-fetch-head"]
    if source.kind is not SourceKind.BUNDLE:
        # The source may itself be a shallow clone (a folder on a USB stick): without
        # this, git silently refuses its refs on update.
        args += ["--update-shallow"]
        if depth is not None:
            args += ["--depth", str(depth)]
    args += ["--", source.fetch_url, *refspecs]
    config = {"http.lowSpeedLimit": "1", "http.lowSpeedTime": str(max(1, int(limits.stall_timeout)))}
    report = progress or (lambda _p: None)
    report(SyncProgress(Phase.CONNECTING, message=source.location))
    proc = git.popen(args, cwd=repo, protocols=source.protocols, config=config)
    watcher = _Watcher(proc, repo, limits, report, cancel)
    try:
        watcher.run()
    finally:
        if proc.poll() is None:
            _stop(proc)
        proc.wait()
        # The reader sees end-of-file once git is gone; only then is the pipe closed,
        # so its descriptor cannot be reused under a read still in progress.
        watcher.reader.join(timeout=5)
        if proc.stderr is not None:
            proc.stderr.close()
    if watcher.stopped_because:
        raise watcher.stopped_because
    if proc.returncode != 0:
        raise explain_failure("\n".join(watcher.tail), source)
    received = sum(p.stat().st_size for p in _pack_files(repo) - before)
    if received > limits.max_bytes:
        raise _too_large(limits.max_bytes)
    seconds = time.monotonic() - watcher.started
    report(
        SyncProgress(Phase.RECEIVING, received, received / seconds if seconds > 0 else 0.0, message="done")
    )
    return FetchResult(received, seconds)


class _Watcher:
    """Reads git's stderr in a thread while the caller's thread polls and decides."""

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        repo: Path,
        limits: FetchLimits,
        report: Callable[[SyncProgress], None],
        cancel: threading.Event | None,
    ) -> None:
        self.proc = proc
        self.repo = repo
        self.limits = limits
        self.report = report
        self.cancel = cancel
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.tail: deque[str] = deque(maxlen=40)
        self.started = time.monotonic()
        self.stopped_because: SyncError | None = None
        self.reader = threading.Thread(target=self._read, daemon=True)

    def run(self) -> None:
        self.reader.start()
        phase, done, total = Phase.CONNECTING, None, None
        received, last_activity, last_report = 0, self.started, 0.0
        samples: deque[tuple[float, int]] = deque()
        eof = False
        while True:
            try:
                line = self.lines.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                line = ""
            now = time.monotonic()
            if line is None:
                eof = True
            elif line:
                self.tail.append(line)
                last_activity = now
                parsed = parse_git_progress(line)
                if parsed is not None:
                    changed = parsed.phase is not phase
                    phase, done, total = parsed.phase, parsed.done, parsed.total
                    if changed:
                        last_report = 0.0
            size = _incoming_bytes(self.repo)
            if size > received:
                received, last_activity = size, now
                if phase is Phase.CONNECTING:  # without git's progress text, bytes tell
                    phase = Phase.RECEIVING
            samples.append((now, received))
            while samples and now - samples[0][0] > _RATE_WINDOW:
                samples.popleft()
            rate = _rate(samples)
            if now - last_report >= _POLL_SECONDS:
                self.report(SyncProgress(phase, received, rate, done, total))
                last_report = now
            if self._should_stop(now, last_activity, received):
                _stop(self.proc)
                return
            if eof and self.proc.poll() is not None:
                return

    def _should_stop(self, now: float, last_activity: float, received: int) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.stopped_because = SyncError("sync cancelled; nothing was changed")
        elif received > self.limits.max_bytes:
            self.stopped_because = _too_large(self.limits.max_bytes)
        elif now - last_activity > self.limits.stall_timeout:
            self.stopped_because = SyncError(
                f"the connection timed out: nothing arrived for {self.limits.stall_timeout:.0f} s",
                hint="your packs are unchanged; try again on a better connection (or with a longer --timeout)",
            )
        elif now - self.started > self.limits.total_timeout:
            self.stopped_because = SyncError(
                f"the sync took longer than {self.limits.total_timeout / 60:.0f} minutes and was stopped",
                hint="your packs are unchanged; try again on a better connection",
            )
        return self.stopped_because is not None

    def _read(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        pending = b""
        try:
            while chunk := os.read(stream.fileno(), 4096):
                pending += chunk
                *complete, pending = re.split(rb"[\r\n]", pending)
                for raw in complete:
                    if raw.strip():
                        self.lines.put(raw.decode("utf-8", errors="replace"))
        except (OSError, ValueError):
            pass  # the pipe closes when the process is stopped; nothing more to read
        if pending.strip():
            self.lines.put(pending.decode("utf-8", errors="replace"))
        self.lines.put(None)


def _rate(samples: deque[tuple[float, int]]) -> float:
    if len(samples) < 2:
        return 0.0
    (t0, b0), (t1, b1) = samples[0], samples[-1]
    return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0


def _too_large(limit: int) -> SyncError:
    return SyncError(
        f"the repository is larger than {limit // 2**20} MiB and was not downloaded",
        hint="a content pack should be far smaller; ask its author",
    )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop git and the helpers it started."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


def _pack_files(repo: Path) -> set[Path]:
    return set((repo / "objects" / "pack").glob("pack-*.pack"))


def _incoming_bytes(repo: Path) -> int:
    total = 0
    for path in (repo / "objects" / "pack").glob("tmp_pack_*"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def clean_leftovers(repo: Path) -> None:
    """Remove what a stopped fetch can leave in a repository altlearn owns.

    Half-written packs and stale ``*.lock`` files would make the next fetch fail
    ("Unable to create '.../shallow.lock': File exists"). The caller holds the sync
    lock, so no other git process is using ``repo``.
    """
    for pattern in ("objects/pack/tmp_*", "objects/incoming-*", "*.lock", "refs/**/*.lock"):
        for path in repo.glob(pattern):
            with contextlib.suppress(OSError):
                if path.is_dir():
                    for child in sorted(path.rglob("*"), reverse=True):
                        child.rmdir() if child.is_dir() else child.unlink()
                    path.rmdir()
                else:
                    path.unlink()


# --------------------------------------------------------------------------- errors

_OFFLINE = (
    "could not resolve host",
    "could not resolve hostname",
    "failed to connect",
    "connection refused",
    "network is unreachable",
    "no route to host",
    "unable to look up",
    "unable to connect",
    "name or service not known",
    "temporary failure in name resolution",
    "couldn't connect to server",
)
_CUT = (
    "early eof",
    "transfer closed",
    "unexpected disconnect",
    "rpc failed",
    "the remote end hung up",
    "connection reset",
    "index-pack failed",
    "invalid index-pack output",
    "protocol error: bad pack header",
    "incomplete",
)
_TIMEOUT = ("operation too slow", "timed out", "operation timed out")
_NOT_FOUND = (
    "not found",
    "does not appear to be a git repository",
    "repository not exported",
    "no such repository",
    "access denied or repository not exported",
    "not a git repository",
)
_AUTH = (
    "authentication failed",
    "terminal prompts disabled",
    "could not read username",
    "could not read password",
    "permission denied",
    "host key verification failed",
)


def explain_failure(stderr: str, source: Source) -> SyncError:
    """Turn git's stderr from a failed fetch into a message a learner can act on."""
    text = stderr.lower()
    unchanged = "your packs are unchanged"
    last = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "no message")
    if "fsck" in text or "hasdotdot" in text or "hasdotgit" in text:
        return SyncError(
            f"the repository at {source.location} holds unsafe files (git's object check refused it: {last[:160]})",
            hint=f"{unchanged}; ask the pack's author to fix the repository",
        )
    if "couldn't find remote ref" in text or "invalid refspec" in text or "not our ref" in text:
        return SyncError(
            f"{source.location} has no branch, tag or commit by that name", hint="check the --ref value"
        )
    if "prerequisite" in text and source.kind is SourceKind.BUNDLE:
        return SyncError(
            f"the bundle {source.location} only adds to an earlier one that is not here",
            hint="ask the trainer for a full bundle (altlearn pack bundle makes full ones)",
        )
    if "dubious ownership" in text:
        return SyncError(
            f"git will not read {source.location}: it belongs to another user",
            hint="ask for a bundle file instead (altlearn pack bundle)",
        )
    if any(marker in text for marker in _TIMEOUT):
        return SyncError(
            f"the connection to {source.host} timed out",
            hint=f"{unchanged}; try again on a better connection (or with a longer --timeout)",
        )
    if any(marker in text for marker in _OFFLINE):
        return SyncError(
            f"cannot reach {source.host}: you seem to be offline, or the server is down",
            hint=f"{unchanged}, and studying works offline; sync again when you are connected",
        )
    if any(marker in text for marker in _AUTH):
        return SyncError(
            f"{source.host} asked for a login or refused the connection",
            hint="altlearn syncs public repositories without passwords; check the URL, "
            "or for ssh make sure `ssh` to the host works on its own",
        )
    if any(marker in text for marker in _NOT_FOUND):
        return SyncError(f"no repository found at {source.location}", hint="check the address")
    if any(marker in text for marker in _CUT):
        return SyncError(
            "the transfer was cut off before it finished",
            hint=f"{unchanged}; run the same sync again to finish it",
        )
    return SyncError(f"git could not fetch {source.location}: {last[:200]}", hint=f"{unchanged}")
