"""Syncing from a real smart-HTTP server on 127.0.0.1: first sync, updates, what changed."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from altlearn.errors import SyncError
from altlearn.packs.library import installed_packs, read_pointer
from altlearn.packs.loader import load_pack
from altlearn.paths import Paths
from altlearn.sync import subscriptions
from altlearn.sync.progress import Phase, SyncProgress
from altlearn.sync.reports import PackStatus
from altlearn.sync.service import list_packs, rollback, sync_all, sync_source
from tests.functional.conftest import PACK_ID, RenameRetireUpdate, bump_version, new_repo
from tests.gitserver import GitDaemon, GitHttpServer, PackRepo, git
from tests.helpers import PACK_FIXTURES

pytestmark = pytest.mark.slow


def _live(home: Paths, pack_id: str = PACK_ID) -> Path:
    pointer = read_pointer(home.packs / pack_id)
    assert pointer is not None, f"{pack_id} is not installed"
    return home.packs / pack_id / pointer["dir"]


def test_first_sync_installs_the_pack_shallow_with_progress(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    # History the first sync must not download: an older commit with a big file.
    events: list[SyncProgress] = []
    first_commit = pack_repo.head()
    pack_repo.write("old-notes.txt", "x" * 200_000)
    pack_repo.commit("Add notes")
    (pack_repo.work / "old-notes.txt").unlink()
    head = pack_repo.commit("Drop notes")

    report = sync_source(home, http_server.url("pack.git"), progress=events.append)

    (pack,) = report.packs
    assert (pack.pack_id, pack.status, pack.new_version) == (PACK_ID, PackStatus.INSTALLED, "2.1.0")
    assert report.commit == head != first_commit
    assert pack.diff is not None and "b-single" in pack.diff.questions.added
    live = _live(home)
    assert load_pack(live).ok
    assert (live / "basics" / "01-first.md").read_bytes() == (
        PACK_FIXTURES / "good/basics/01-first.md"
    ).read_bytes()
    assert not (live / "old-notes.txt").exists()
    # Shallow: the 200 kB blob of the older commit never crossed the wire.
    assert 0 < report.received_bytes < 20_000
    assert http_server.sent_bytes < 30_000
    pointer = read_pointer(home.packs / PACK_ID)
    assert pointer is not None and pointer["commit"] == head and pointer["version"] == "2.1.0"
    assert pointer["source"] == http_server.url("pack.git") and pointer["previous"] is None
    # The app sees it in place of nothing (no bundled pack has this id).
    assert [p.id for p in installed_packs(home) if not p.bundled] == [PACK_ID]
    phases = [e.phase for e in events]
    assert phases[0] is Phase.CONNECTING and phases[-1] is Phase.DONE
    assert Phase.RECEIVING in phases and Phase.INSTALLING in phases
    assert max(e.received_bytes for e in events) == report.received_bytes
    (sub,) = subscriptions.load(home)
    assert sub.source == http_server.url("pack.git") and sub.packs == (PACK_ID,) and sub.commit == head


def test_update_moves_only_what_changed_and_reports_it(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    # A bigger pack so that "only what changed" is measurable.
    rng = random.Random(7)
    for n in range(30):
        pack_repo.write(f"extra/notes-{n}.txt", rng.randbytes(4000).hex())
    old_commit = pack_repo.commit("Add background reading")
    first = sync_source(home, http_server.url("pack.git"))
    old_root = _live(home)

    pack_repo.edit("basics/02-second.md", "- [x] Yes", "- [x] Yes, always")
    bump_version(pack_repo, "2.1.1")
    pack_repo.commit("Clarify the answer in lesson two")
    pack_repo.edit("customs/01-shoes.md", "Indoor shoes.", "Indoor shoes, called uwabaki.")
    new_commit = pack_repo.commit("Name the indoor shoes")
    http_server.reset_counters()
    (report,) = sync_all(home)

    (pack,) = report.packs
    assert pack.status is PackStatus.UPDATED
    assert (pack.old_version, pack.new_version) == ("2.1.0", "2.1.1")
    assert (pack.old_commit, pack.new_commit) == (old_commit, new_commit)
    assert pack.commits == ("Name the indoor shoes", "Clarify the answer in lesson two")
    assert pack.diff is not None
    assert pack.diff.questions.changed == ("b-second-q",)
    assert pack.diff.lessons.changed == ("c-shoes",)
    assert pack.diff.questions.added == () and pack.diff.questions.removed == ()
    # Only the two changed files and their commits: a small fraction of the first sync.
    assert report.received_bytes < first.received_bytes / 5
    assert "Indoor shoes, called uwabaki." in (_live(home) / "customs/01-shoes.md").read_text(
        encoding="utf-8"
    )
    pointer = read_pointer(home.packs / PACK_ID)
    assert pointer is not None and pointer["previous"]["commit"] == old_commit
    assert old_root.is_dir(), "the previous version stays on disk for rollback"
    fingerprints = home.packs / PACK_ID / ".fingerprints"
    assert sorted(p.stem for p in fingerprints.iterdir()) == sorted([old_root.name, _live(home).name])


def test_sync_with_nothing_new_is_unchanged_and_writes_no_version(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    sync_source(home, http_server.url("pack.git"))
    versions_before = sorted(p.name for p in (home.packs / PACK_ID).iterdir())
    pack_repo.write("README.md", "A change outside the pack's files does not matter.\n")
    (report,) = sync_all(home)
    assert [p.status for p in report.packs] == [PackStatus.UNCHANGED]
    assert sorted(p.name for p in (home.packs / PACK_ID).iterdir()) == versions_before
    pointer = read_pointer(home.packs / PACK_ID)
    assert pointer is not None and pointer["previous"] is None


def test_update_reports_renamed_and_retired_questions(rename_retire_update: RenameRetireUpdate) -> None:
    hook = rename_retire_update
    hook.install()
    report = hook.update()
    (pack,) = report.packs
    assert pack.status is PackStatus.UPDATED and pack.new_version == "2.2.0"
    assert pack.diff is not None
    assert pack.diff.questions.renamed == (("c-shoes-q", "c-shoes-outdoor"),)
    assert pack.diff.questions.retired == ("b-order",)
    assert pack.diff.questions.removed == ()
    assert pack.commits == ("Rename the shoes question; retire the ordering question",)
    new = load_pack(_live(hook.paths)).pack
    assert new is not None
    assert new.resolve_id("c-shoes-q") == "c-shoes-outdoor" and new.resolve_id("b-order") is None


def test_rollback_restores_the_previous_version_and_holds_the_newer_one(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    sync_source(home, http_server.url("pack.git"))
    first_root = _live(home)
    bump_version(pack_repo, "2.2.0")
    held = pack_repo.commit("Version 2.2.0")
    sync_all(home)

    done = rollback(home, PACK_ID)
    assert (done.from_version, done.to_version) == ("2.2.0", "2.1.0")
    assert _live(home) == first_root and load_pack(first_root).ok
    (listing,) = [p for p in list_packs(home) if p.id == PACK_ID]
    assert listing.version == "2.1.0" and listing.held == held
    # A plain sync does not reinstall what the learner rolled back from...
    (again,) = sync_all(home)
    assert [p.status for p in again.packs] == [PackStatus.HELD]
    assert _live(home) == first_root
    # ...but a newer commit installs as usual.
    bump_version(pack_repo, "2.3.0")
    pack_repo.commit("Version 2.3.0")
    (newer,) = sync_all(home)
    assert [(p.status, p.new_version) for p in newer.packs] == [(PackStatus.UPDATED, "2.3.0")]
    with pytest.raises(SyncError, match="was not installed by sync"):
        rollback(home, "no-such-pack")


def test_ref_pins_a_tag_and_a_commit(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> None:
    pack_repo.tag("v2.1.0")
    first = pack_repo.head()
    bump_version(pack_repo, "3.0.0")
    pack_repo.commit("Version 3 (not yet for learners)")

    report = sync_source(home, http_server.url("pack.git"), ref="v2.1.0")
    assert report.commit == first and report.packs[0].new_version == "2.1.0"
    assert subscriptions.load(home)[0].ref == "v2.1.0"
    (update,) = sync_all(home)
    assert update.packs[0].status is PackStatus.UNCHANGED, "a pinned tag does not follow the branch"

    by_id = sync_source(home, http_server.url("pack.git"), ref=pack_repo.head())
    assert by_id.packs[0].new_version == "3.0.0"
    unpinned = sync_source(home, http_server.url("pack.git"), ref="HEAD")
    assert unpinned.ref is None and subscriptions.load(home)[0].ref is None


def test_a_repository_with_several_packs_installs_each(
    home: Paths, tmp_path: Path, git_root: Path, http_server: GitHttpServer
) -> None:
    repo = new_repo(tmp_path, git_root, "many")
    for name in ("one", "two"):
        repo.copy_from(PACK_FIXTURES / "good", f"packs/{name}")
        repo.edit(f"packs/{name}/pack.toml", 'id = "fixture-good"', f'id = "pack-{name}"')
    repo.commit("Two packs")
    report = sync_source(home, http_server.url("many.git"))
    assert sorted((p.pack_id, p.path, p.status) for p in report.packs) == [
        ("pack-one", "packs/one", PackStatus.INSTALLED),
        ("pack-two", "packs/two", PackStatus.INSTALLED),
    ]
    # Changing one pack leaves the other unchanged.
    repo.edit("packs/two/customs/01-shoes.md", "Indoor shoes.", "Indoor shoes only.")
    repo.commit("Edit pack two")
    (update,) = sync_all(home)
    assert {p.pack_id: p.status for p in update.packs} == {
        "pack-one": PackStatus.UNCHANGED,
        "pack-two": PackStatus.UPDATED,
    }
    assert subscriptions.load(home)[0].packs == ("pack-one", "pack-two")


def test_git_protocol_and_local_folder_sources(
    home: Paths, git_daemon: GitDaemon, pack_repo: PackRepo, tmp_path: Path
) -> None:
    report = sync_source(home, git_daemon.url("pack.git"))
    assert [p.status for p in report.packs] == [PackStatus.INSTALLED]
    # A repository folder (here the author's work tree) is fetched through git's
    # file transport into altlearn's own repository, never read in place.
    bump_version(pack_repo, "2.5.0")
    pack_repo.commit("Local change", push=False)
    local = sync_source(home, str(pack_repo.work))
    assert [(p.status, p.new_version) for p in local.packs] == [(PackStatus.UPDATED, "2.5.0")]
    # The pack moved to the newer source: one subscription remains.
    (sub,) = subscriptions.load(home)
    assert sub.kind == "path" and sub.source == str(pack_repo.work)
    # A folder that disappears (a USB stick taken out) is skipped, not an error.
    shutil.move(pack_repo.work, tmp_path / "elsewhere")
    (skipped,) = sync_all(home)
    assert skipped.skipped and skipped.error is None and skipped.ok


def test_packs_listing_shows_bundled_and_synced(
    home: Paths, http_server: GitHttpServer, pack_repo: PackRepo
) -> None:
    sync_source(home, http_server.url("pack.git"))
    listings = {p.id: p for p in list_packs(home)}
    synced = listings[PACK_ID]
    assert synced.title == "Fixture: a good pack" and synced.version == "2.1.0"
    assert synced.source == http_server.url("pack.git") and synced.commit == pack_repo.head()
    assert synced.synced_at is not None and synced.last_sync is not None and not synced.bundled
    assert any(p.bundled and p.source == "bundled" for p in listings.values())
    json.dumps([p.to_dict() for p in listings.values()])


def test_a_shallow_clone_on_a_stick_as_the_source_still_updates(
    home: Paths, pack_repo: PackRepo, tmp_path: Path
) -> None:
    stick = tmp_path / "stick" / "packs"
    git("clone", "-q", "--depth", "1", pack_repo.bare.as_uri(), str(stick))
    assert [p.status for p in sync_source(home, str(stick)).packs] == [PackStatus.INSTALLED]
    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Version 2.2.0")
    git("fetch", "-q", "--depth", "1", "origin", cwd=stick)
    git("reset", "-q", "--hard", "origin/main", cwd=stick)
    (report,) = sync_all(home)
    assert [(p.status, p.new_version) for p in report.packs] == [(PackStatus.UPDATED, "2.2.0")]
