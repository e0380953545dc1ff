"""Hostile repositories: nothing runs, nothing lands outside the pack, bad packs stay out.

Each case publishes version 2.1.0 (installed first), then a hostile update; the
update is refused with a located diagnostic or a plain error, 2.1.0 stays live and
unchanged, and nothing from the update was written anywhere under the home folder.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from altlearn.errors import SyncError
from altlearn.packs.library import read_pointer
from altlearn.packs.loader import load_pack
from altlearn.paths import Paths
from altlearn.sync.reports import PackReport, PackStatus
from altlearn.sync.service import sync_all, sync_source
from tests.functional.conftest import PACK_ID, bump_version
from tests.gitserver import GitHttpServer, PackRepo, git
from tests.helpers import console_script

pytestmark = pytest.mark.slow


@pytest.fixture
def installed(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> dict[str, bytes]:
    """Version 2.1.0 installed; returns its files."""
    sync_source(home, http_server.url("pack.git"))
    return _files(home)


def _files(home: Paths) -> dict[str, bytes]:
    return {
        str(p.relative_to(home.packs)): p.read_bytes()
        for p in sorted(home.packs.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def _refused_update(home: Paths) -> PackReport:
    (report,) = sync_all(home)
    assert report.error is None, report.error
    (pack,) = report.packs
    assert pack.status is PackStatus.REFUSED
    return pack


def _still_210(home: Paths, before: dict[str, bytes]) -> None:
    pointer = read_pointer(home.packs / PACK_ID)
    assert pointer is not None and pointer["version"] == "2.1.0"
    assert load_pack(home.packs / PACK_ID / pointer["dir"]).ok
    after = _files(home)
    assert after == before, f"files changed: {set(after) ^ set(before)}"


def test_a_symlink_out_of_the_pack_is_refused_before_anything_is_written(
    home: Paths, pack_repo: PackRepo, installed: dict[str, bytes], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the learner's private file")
    os.symlink(secret, pack_repo.work / "basics" / "leak.md")
    os.symlink("../../../../etc", pack_repo.work / "customs" / "etc")
    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Add links")

    pack = _refused_update(home)
    assert {(d.path, d.code) for d in pack.errors} == {
        ("basics/leak.md", "symlink"),
        ("customs/etc", "symlink"),
    }
    assert pack.old_version == "2.1.0" and pack.pack_id == PACK_ID
    _still_210(home, installed)
    assert not list(home.home.rglob("leak.md")) and not list(home.home.rglob("etc"))


def test_dot_dot_and_dot_git_entries_are_refused(
    home: Paths, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    for name in ("..", ".GIT"):
        pack_repo.commit_with_raw_entry("100644", name, b"[core]\n\tfsmonitor = touch pwned\n", f"Add {name}")
        (report,) = sync_all(home)
        # git's own object check stops these while they arrive; the tree check would too.
        assert report.error is not None and "unsafe" in report.error.message, name
        _still_210(home, installed)
    assert not list(home.home.rglob("pwned"))


def test_a_submodule_is_refused(home: Paths, pack_repo: PackRepo, installed: dict[str, bytes]) -> None:
    head = pack_repo.head()
    bump_version(pack_repo, "2.2.0")
    git("add", "-A", cwd=pack_repo.work)
    git("update-index", "--add", "--cacheinfo", f"160000,{head},customs/vendored", cwd=pack_repo.work)
    pack_repo.commit("Vendor a submodule", add_all=False)
    pack = _refused_update(home)
    assert [(d.path, d.code) for d in pack.errors] == [("customs/vendored", "submodule")]
    _still_210(home, installed)


def test_a_huge_file_is_refused_from_the_listing_without_being_written(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    # 5 MB of zeros compresses to almost nothing: the size cap must come from the
    # tree listing, not from the bytes on the wire.
    pack_repo.write("customs/video.md", b"\0" * 5_000_000)
    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Add a huge file")
    http_server.reset_counters()
    pack = _refused_update(home)
    assert http_server.sent_bytes < 200_000
    assert [(d.path, d.code) for d in pack.errors] == [("customs/video.md", "file-too-large")]
    _still_210(home, installed)
    assert not list(home.home.rglob("video.md"))


def test_a_pack_that_fails_the_checker_is_refused_with_its_diagnostics(
    home: Paths, pack_repo: PackRepo, installed: dict[str, bytes]
) -> None:
    pack_repo.edit("basics/01-first.md", "- [x] Right one.", "- [ ] Right one.")
    pack_repo.edit("pack.toml", 'title = "Basics"', 'titel = "Basics"')
    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Break two things")
    pack = _refused_update(home)
    located = {(d.path, d.line, d.code) for d in pack.errors}
    assert ("pack.toml", 13, "unknown-field") in located
    assert ("basics/01-first.md", 25, "no-correct-answer") in located
    _still_210(home, installed)
    # Once the author fixes it, the next sync installs it.
    pack_repo.edit("basics/01-first.md", "- [ ] Right one.", "- [x] Right one.")
    pack_repo.edit("pack.toml", 'titel = "Basics"', 'title = "Basics"')
    pack_repo.commit("Fix")
    (report,) = sync_all(home)
    assert [(p.status, p.new_version) for p in report.packs] == [(PackStatus.UPDATED, "2.2.0")]


def test_a_first_sync_of_a_broken_pack_installs_nothing_and_subscribes_nothing(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    pack_repo.edit("pack.toml", 'version = "2.1.0"', 'version = "two"')
    pack_repo.commit("Bad version")
    report = sync_source(home, http_server.url("pack.git"))
    assert [p.status for p in report.packs] == [PackStatus.REFUSED] and not report.ok
    assert not (home.packs / PACK_ID).exists()
    assert sync_all(home) == []


@pytest.mark.parametrize(
    "source",
    ["ext::sh -c touch% {marker}", "fd::7", "ext::sh -c 'touch {marker}'", "ftp://127.0.0.1/{marker}"],
)
def test_remote_helper_and_unknown_transports_are_refused(home: Paths, tmp_path: Path, source: str) -> None:
    marker = tmp_path / "pwned"
    with pytest.raises(SyncError, match=r"refused|not supported"):
        sync_source(home, source.format(marker=marker))
    assert not marker.exists()


def test_a_tampered_subscription_file_cannot_smuggle_in_a_helper(home: Paths, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    home.sync.mkdir(parents=True)
    (home.sync / "subscriptions.json").write_text(
        '{"format": 1, "subscriptions": [{"id": "evil", "source": "ext::sh -c touch% '
        + str(marker)
        + '", "kind": "url", "packs": ["x"]}]}',
        encoding="utf-8",
    )
    (report,) = sync_all(home)
    assert report.error is not None and "refused" in report.error.message
    assert not marker.exists()
    out = subprocess.run(
        [console_script(), "sync"], capture_output=True, text=True, timeout=60, env=os.environ.copy()
    )
    assert out.returncode == 1 and "refused" in out.stderr and "Traceback" not in out.stderr
    assert not marker.exists()
