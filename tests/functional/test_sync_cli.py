"""``altlearn sync``, ``altlearn packs`` and ``altlearn pack bundle`` as a user types them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from altlearn.paths import Paths
from altlearn.sync import subscriptions
from tests.functional.conftest import PACK_ID, bump_version, rename_and_retire
from tests.gitserver import GitHttpServer, PackRepo, free_port, git
from tests.helpers import console_script

pytestmark = pytest.mark.slow


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [console_script(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=env or os.environ.copy(),
    )
    assert "Traceback" not in out.stderr, out.stderr
    return out


def test_sync_update_packs_and_rollback(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> None:
    url = http_server.url("pack.git")
    first = run("sync", url)
    assert first.returncode == 0, first.stderr
    assert f"  {PACK_ID}: installed 2.1.0" in first.stdout
    assert "lessons: 3 new; questions: 10 new" in first.stdout
    # Progress, one line per phase when stderr is not a terminal, with bytes.
    assert "connecting" in first.stderr and "receiving" in first.stderr
    assert "received " in first.stdout and " kB" in first.stdout

    rename_and_retire(pack_repo)
    pack_repo.commit("Rename the shoes question\x1b]0;pwned\x07; retire the ordering one")
    update = run("sync")
    assert update.returncode == 0, update.stderr
    assert f"{PACK_ID}: updated 2.1.0 -> 2.2.0" in update.stdout
    assert "renamed questions: c-shoes-q -> c-shoes-outdoor" in update.stdout
    assert "retired questions: b-order" in update.stdout
    # The commit subject is shown without the terminal escape sequence it carried.
    assert "Rename the shoes question]0;pwned; retire the ordering one" in update.stdout
    assert "\x1b" not in update.stdout and "\x07" not in update.stdout

    listing = run("packs", "--format", "json")
    assert listing.returncode == 0
    synced = next(p for p in json.loads(listing.stdout) if p["id"] == PACK_ID)
    assert synced["version"] == "2.2.0" and synced["source"] == url
    assert synced["commit"] == pack_repo.head() and synced["previous_version"] == "2.1.0"
    assert synced["synced_at"] and synced["last_sync"] and synced["title"] == "Fixture: a good pack"
    text = run("packs").stdout
    assert f"{PACK_ID}  2.2.0  Fixture: a good pack" in text and f"source: {url}" in text

    back = run("sync", "--rollback", PACK_ID)
    assert back.returncode == 0 and "back to 2.1.0" in back.stdout
    assert (
        next(p for p in json.loads(run("packs", "--format", "json").stdout) if p["id"] == PACK_ID)["version"]
        == "2.1.0"
    )
    again = run("sync", "--rollback", PACK_ID)
    assert again.returncode == 1 and "no earlier version" in again.stderr


def test_json_report_of_a_sync(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> None:
    out = run("sync", http_server.url("pack.git"), "--format", "json")
    assert out.returncode == 0, out.stderr
    (report,) = json.loads(out.stdout)
    assert report["commit"] == pack_repo.head() and report["received_bytes"] > 0
    (pack,) = report["packs"]
    assert pack["status"] == "installed" and "b-single" in pack["diff"]["questions"]["added"]


def test_bundle_round_trip_and_a_newer_bundle_updates_the_same_subscription(
    home: Paths, pack_repo: PackRepo, tmp_path: Path
) -> None:
    stick = tmp_path / "usb-stick"
    made = run("pack", "bundle", str(pack_repo.work), "-o", str(stick / "orientation.bundle"))
    assert made.returncode == 0, made.stderr
    assert f"{PACK_ID} 2.1.0" in made.stdout and (stick / "orientation.bundle").is_file()

    synced = run("sync", str(stick / "orientation.bundle"))
    assert synced.returncode == 0, synced.stderr
    assert f"{PACK_ID}: installed 2.1.0" in synced.stdout

    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Version for the second orientation day", push=False)
    later = tmp_path / "shared-drive" / "orientation-day2.bundle"
    assert run("pack", "bundle", str(pack_repo.work), "-o", str(later)).returncode == 0
    updated = run("sync", str(later))
    assert updated.returncode == 0, updated.stderr
    assert f"{PACK_ID}: updated 2.1.0 -> 2.2.0" in updated.stdout
    assert "Version for the second orientation day" in updated.stdout
    (sub,) = subscriptions.load(home)
    assert sub.kind == "bundle" and sub.source == str(later) and sub.packs == (PACK_ID,)
    # The stick is taken out: a plain sync skips it, quietly.
    later.unlink()
    skipped = run("sync")
    assert skipped.returncode == 0 and "skipped" in skipped.stdout


def test_bundling_a_broken_pack_writes_nothing(pack_repo: PackRepo, tmp_path: Path) -> None:
    pack_repo.edit("basics/01-first.md", "- [x] Right one.", "- [ ] Right one.")
    pack_repo.commit("Broken", push=False)
    target = tmp_path / "out.bundle"
    out = run("pack", "bundle", str(pack_repo.work), "-o", str(target))
    assert out.returncode == 1
    assert "basics/01-first.md:25:1: error:" in out.stdout and "[no-correct-answer]" in out.stdout
    assert "no bundle written" in out.stderr
    assert not target.exists() and not list(tmp_path.glob(".out.bundle*"))


def test_offline_is_a_plain_message_and_studying_needs_no_network(home: Paths) -> None:
    url = f"http://127.0.0.1:{free_port()}/pack.git"
    out = run("sync", url)
    assert out.returncode == 1
    assert "error: cannot reach 127.0.0.1" in out.stderr and "studying works offline" in out.stderr
    listing = run("packs")
    assert listing.returncode == 0 and "shipped with altlearn" in listing.stdout
    nothing = run("sync")
    assert nothing.returncode == 0 and "No sources to update yet" in nothing.stdout


def test_missing_git_is_detected_with_a_clear_message(
    home: Paths, pack_repo: PackRepo, tmp_path: Path
) -> None:
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    env.pop("ALTLEARN_GIT", None)
    out = run("sync", str(pack_repo.work), env=env)
    assert out.returncode == 1
    assert (
        "needs the git program, and it is not installed" in out.stderr and "hint: install git" in out.stderr
    )


def test_bad_arguments_are_errors_not_tracebacks(home: Paths, tmp_path: Path) -> None:
    cases = [
        (["sync", "--rollback", PACK_ID, "https://example.org/x.git"], "takes no SOURCE"),
        (["sync", "--ref", "main"], "--ref needs a SOURCE"),
        (["sync", str(tmp_path / "missing")], "no such file or folder"),
        (["sync", str(tmp_path)], "not a git repository"),
        (["sync", "http://example.org/x.git"], "plain http:// is only allowed"),
        (["sync", "--rollback", "not-installed"], "was not installed by sync"),
        (["sync", str(tmp_path), "--ref", "a:b"], "is not a branch, tag or commit"),
    ]
    for args, message in cases:
        out = run(*args)
        assert out.returncode != 0 and message in out.stderr, (args, out.stderr)


def test_bundling_a_shallow_clone_is_refused(pack_repo: PackRepo, tmp_path: Path) -> None:
    bump_version(pack_repo, "2.2.0")
    pack_repo.commit("Second commit")
    shallow = tmp_path / "shallow"
    git("clone", "-q", "--depth", "1", pack_repo.work.as_uri(), str(shallow))
    out = run("pack", "bundle", str(shallow), "-o", str(tmp_path / "s.bundle"))
    assert out.returncode == 1 and "shallow clone" in out.stderr and "--unshallow" in out.stderr
    assert not (tmp_path / "s.bundle").exists()
