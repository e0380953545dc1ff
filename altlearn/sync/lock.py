"""One sync at a time per altlearn home: the CLI and the app may both try.

:func:`sync_lock` takes an exclusive, non-blocking lock on ``<home>/sync/sync.lock``.
The operating system releases it when the process ends, so a crash leaves no stale
lock behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from altlearn.errors import SyncError
from altlearn.paths import Paths

LOCK_NAME = "sync.lock"


@contextmanager
def sync_lock(paths: Paths) -> Iterator[None]:
    """Hold the sync lock for the ``with`` block.

    Raises:
        SyncError: Another sync (another window, or the app) is running.
    """
    paths.sync.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.sync / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            raise SyncError("another sync is running", hint="wait for it to finish, then try again")
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
