"""Slow and broken links: cut-offs, a server that goes away, timeouts, cancel, the size cap.

In every case the installed pack stays exactly as it was and usable, and the next
sync completes.
"""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from altlearn.errors import SyncError
from altlearn.packs.library import read_pointer
from altlearn.packs.loader import load_pack
from altlearn.paths import Paths
from altlearn.sync.progress import SyncProgress
from altlearn.sync.reports import PackStatus
from altlearn.sync.service import SyncOptions, sync_all, sync_source
from altlearn.sync.transfer import FetchLimits
from tests.functional.conftest import PACK_ID, bump_version
from tests.gitserver import GitHttpServer, PackRepo, silent_server

pytestmark = pytest.mark.slow


def _snapshot(home: Paths) -> dict[str, bytes]:
    """Every file of the installed pack, to prove nothing changed."""
    base = home.packs / PACK_ID
    return {str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def _publish_big_update(repo: PackRepo) -> str:
    """A new version with ~300 kB of incompressible lesson text, so a transfer takes many chunks."""
    rng = random.Random(3)
    repo.write("customs/notes.txt", rng.randbytes(150_000).hex())
    bump_version(repo, "2.2.0")
    return repo.commit("Add a long reading list")


def _live_version(home: Paths) -> str:
    pointer = read_pointer(home.packs / PACK_ID)
    assert pointer is not None
    root = home.packs / PACK_ID / pointer["dir"]
    result = load_pack(root)
    assert result.ok and result.pack is not None, "the installed pack must stay usable"
    return result.pack.version


@pytest.fixture
def installed(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> dict[str, bytes]:
    sync_source(home, http_server.url("pack.git"))
    return _snapshot(home)


def test_a_transfer_cut_off_midway_changes_nothing_and_the_next_sync_completes(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    new_commit = _publish_big_update(pack_repo)
    http_server.cut_after = 40_000
    with pytest.raises(SyncError, match="cut off") as caught:
        sync_all_or_raise(home)
    assert "unchanged" in (caught.value.hint or "")
    assert _snapshot(home) == installed and _live_version(home) == "2.1.0"

    http_server.cut_after = None
    (report,) = sync_all(home)
    assert report.error is None and report.commit == new_commit
    assert [p.status for p in report.packs] == [PackStatus.UPDATED]
    assert _live_version(home) == "2.2.0"


def test_the_server_going_away_midway_then_coming_back(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    _publish_big_update(pack_repo)
    # Slow enough (about 160 kB/s) for progress to be reported before the server goes.
    http_server.chunk, http_server.delay = 8_192, 0.05
    http_server.stop_after = 50_000
    with pytest.raises(SyncError, match=r"cut off|cannot reach"):
        sync_all_or_raise(home)
    assert http_server.stopped.is_set()
    assert 50_000 <= http_server.sent_bytes < 70_000, "the server went away part-way through the pack"
    assert _snapshot(home) == installed and _live_version(home) == "2.1.0"

    # While the server is down: an ordinary offline message, nothing changes.
    (offline,) = sync_all(home)
    assert offline.error is not None and "cannot reach" in offline.error.message
    assert _snapshot(home) == installed

    http_server.stop_after = None
    http_server.delay = 0.0
    http_server.restart()
    (report,) = sync_all(home)
    assert report.error is None and [p.new_version for p in report.packs] == ["2.2.0"]
    assert report.received_bytes > 100_000, "the whole pack is larger than what arrived before the cut"
    assert _live_version(home) == "2.2.0"


def test_a_server_that_never_answers_times_out_with_a_clear_message(home: Paths) -> None:
    with silent_server() as port:
        options = SyncOptions(limits=FetchLimits(stall_timeout=1.0))
        with pytest.raises(SyncError, match="timed out") as caught:
            sync_source(home, f"http://127.0.0.1:{port}/pack.git", options=options)
    assert "unchanged" in (caught.value.hint or "")
    assert not (home.packs / PACK_ID).exists()


def test_cancel_stops_the_sync_and_a_stalled_fetch_leaves_no_debris(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    _publish_big_update(pack_repo)
    http_server.chunk, http_server.delay = 8_192, 0.05
    cancel = threading.Event()

    def progress(p: SyncProgress) -> None:
        if p.received_bytes > 0:
            cancel.set()

    with pytest.raises(SyncError, match="cancelled"):
        sync_all_or_raise(home, progress=progress, options=SyncOptions(cancel=cancel))
    assert _snapshot(home) == installed
    http_server.delay = 0.0
    (report,) = sync_all(home)
    assert report.error is None and _live_version(home) == "2.2.0"
    assert not list(home.packs.glob(".staging/*")), "staging is cleaned up"


def test_a_download_over_the_cap_is_stopped(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    _publish_big_update(pack_repo)
    http_server.chunk, http_server.delay = 16_384, 0.01
    options = SyncOptions(limits=FetchLimits(max_bytes=60_000))
    with pytest.raises(SyncError, match="larger than"):
        sync_all_or_raise(home, options=options)
    assert _snapshot(home) == installed


def sync_all_or_raise(home: Paths, **kwargs: object) -> None:
    """``sync_all`` for one subscription, raising its error like ``sync_source`` would."""
    (report,) = sync_all(home, **kwargs)  # type: ignore[arg-type]
    if report.error is not None:
        raise report.error


def test_stale_lock_files_from_a_killed_git_do_not_block_the_next_sync(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes], tmp_path: Path
) -> None:
    from altlearn.sync import subscriptions

    (sub,) = subscriptions.load(home)
    repo = subscriptions.repo_dir(home, sub.id)
    (repo / "shallow.lock").write_text("")
    (repo / "objects" / "pack" / "tmp_pack_abc").write_bytes(b"PACK partial")
    bump_version(pack_repo, "2.3.0")
    pack_repo.commit("Version 2.3.0")
    (report,) = sync_all(home)
    assert report.error is None and _live_version(home) == "2.3.0"
    assert not (repo / "shallow.lock").exists()
