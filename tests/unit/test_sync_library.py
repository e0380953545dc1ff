"""The installed-pack pointer, staging swaps, rollback, subscriptions and the sync lock (no git)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from altlearn.errors import SyncError
from altlearn.packs.library import (
    KEEP_VERSIONS,
    installed_packs,
    pointer_dirs,
    prune_versions,
    read_pointer,
    synced_packs,
    truncate_history,
    write_json_atomic,
)
from altlearn.paths import Paths
from altlearn.sync import subscriptions
from altlearn.sync.lock import sync_lock
from altlearn.sync.sources import parse_source
from altlearn.sync.staging import (
    clean_staging,
    install_staged,
    new_staging_dir,
    rollback_pointer,
    version_dir_name,
)
from altlearn.sync.subscriptions import Subscription

NOW = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def _stage(paths: Paths, version: str) -> Path:
    staged = new_staging_dir(paths)
    (staged / "pack.toml").write_text(f'id = "p"\nversion = "{version}"\n', encoding="utf-8")
    return staged


def _install(paths: Paths, version: str, commit: str) -> Path:
    fields = {"version": version, "commit": commit, "source": "s", "synced_at": NOW.isoformat()}
    return install_staged(paths, "p", _stage(paths, version), fields)


def test_write_json_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    write_json_atomic(target, {"a": "日本"})
    write_json_atomic(target, {"b": 2})
    assert json.loads(target.read_text(encoding="utf-8")) == {"b": 2}
    assert [p.name for p in target.parent.iterdir()] == ["file.json"], "no temporary file is left"


def test_history_is_truncated_and_listed() -> None:
    chain: dict[str, object] | None = None
    for n in range(6):
        chain = {"dir": f"v{n}", "previous": chain}
    assert chain is not None
    cut = truncate_history(chain)
    assert pointer_dirs(cut) == ["v5", "v4", "v3"][:KEEP_VERSIONS]
    assert pointer_dirs(chain)[:2] == ["v5", "v4"] and pointer_dirs(None) == []
    assert chain["previous"] is not None, "the input is not mutated"


def test_install_swaps_the_pointer_and_keeps_two_versions_back(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    roots = [_install(paths, f"1.{n}", str(n) * 40) for n in range(5)]
    pointer = read_pointer(paths.packs / "p")
    assert pointer is not None and pointer["version"] == "1.4" and pointer["dir"] == roots[-1].name
    assert pointer["previous"]["version"] == "1.3" and pointer["previous"]["previous"]["version"] == "1.2"
    assert pointer["previous"]["previous"]["previous"] is None
    kept = sorted(p.name for p in (paths.packs / "p").iterdir() if p.is_dir())
    assert kept == sorted(r.name for r in roots[-KEEP_VERSIONS:])
    assert roots[-1].name == version_dir_name("1.4", "4" * 40) == "1.4-444444444444"
    assert version_dir_name("1.0/../x", "ab" * 20) == "1.0_.._x-abababababab"
    (listed,) = synced_packs(paths)
    assert listed.id == "p" and listed.root == roots[-1] and listed.version == "1.4"
    assert "p" in {p.id for p in installed_packs(paths)}


def test_rollback_goes_back_one_version_and_holds_the_newer(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    first = _install(paths, "1.0", "a" * 40)
    _install(paths, "1.1", "b" * 40)
    before, after = rollback_pointer(paths, "p")
    assert (before["version"], after["version"], after["held"]) == ("1.1", "1.0", "b" * 40)
    (live,) = synced_packs(paths)
    assert live.root == first
    assert [p.name for p in (paths.packs / "p").iterdir() if p.is_dir()] == [first.name]
    with pytest.raises(SyncError, match="no earlier version"):
        rollback_pointer(paths, "p")
    with pytest.raises(SyncError, match="not installed by sync"):
        rollback_pointer(paths, "other")


def test_prune_leaves_hidden_and_unknown_states_alone(tmp_path: Path) -> None:
    home = tmp_path / "p"
    (home / ".staging-x").mkdir(parents=True)
    (home / "old").mkdir()
    assert prune_versions(home) == [], "without a pointer nothing is deleted"
    assert (home / "old").is_dir()


def test_a_broken_pointer_hides_the_pack_but_never_crashes(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    _install(paths, "1.0", "a" * 40)
    for text in ("{", "[]", '{"dir": "../../etc"}', '{"dir": "missing"}'):
        (paths.packs / "p" / "current.json").write_text(text, encoding="utf-8")
        assert synced_packs(paths) == []


def test_clean_staging(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    staged = _stage(paths, "1.0")
    clean_staging(paths)
    assert not staged.exists()


def test_subscriptions_round_trip_and_ownership_moves(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    old_bundle = tmp_path / "a.bundle"
    new_bundle = tmp_path / "b.bundle"
    for path in (old_bundle, new_bundle):
        path.write_bytes(b"# v2 git bundle\n")
    old = Subscription(
        id=subscriptions.subscription_id(parse_source(str(old_bundle))), source=str(old_bundle), kind="bundle"
    )
    subscriptions.record_success(paths, old, packs=["p", "q"], commit="c1", now=NOW)
    repo = subscriptions.repo_dir(paths, old.id)
    repo.mkdir(parents=True)
    new_source = parse_source(str(new_bundle))
    new = Subscription(
        id=subscriptions.subscription_id(new_source), source=new_source.location, kind="bundle"
    )
    subscriptions.record_success(paths, new, packs=["p"], commit="c2", now=NOW)
    loaded = {s.id: s for s in subscriptions.load(paths)}
    assert loaded[old.id].packs == ("q",) and loaded[new.id].packs == ("p",)
    assert loaded[new.id].last_sync == NOW.isoformat() and loaded[new.id].commit == "c2"
    subscriptions.record_success(paths, new, packs=["q"], commit="c3", now=NOW)
    (only,) = subscriptions.load(paths)
    assert only.id == new.id and only.packs == ("p", "q")
    assert not repo.exists(), "a subscription left with no packs is removed with its repository"
    assert subscriptions.find([only], new_source) == only


def test_subscription_ids_are_readable_and_distinct() -> None:
    a = subscriptions.subscription_id(parse_source("https://github.com/aiko/alt-packs.git"))
    b = subscriptions.subscription_id(parse_source("https://github.com/aiko/alt-packs"))
    assert a.startswith("github-com-aiko-alt-packs-git-") and a != b


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"subscriptions": {}}',
        '{"subscriptions": [{"id": "../x", "source": "s", "kind": "url"}, {"id": "a", "kind": "url"}, 7]}',
        '{"subscriptions": [{"id": "a", "source": "s", "kind": "ftp"}]}',
    ],
)
def test_malformed_subscription_files_read_as_empty(tmp_path: Path, content: str) -> None:
    paths = Paths(tmp_path)
    paths.sync.mkdir()
    (paths.sync / "subscriptions.json").write_text(content, encoding="utf-8")
    assert subscriptions.load(paths) == []


def test_one_sync_at_a_time(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    with sync_lock(paths), pytest.raises(SyncError, match="another sync is running"), sync_lock(paths):
        pass
    with sync_lock(paths):
        pass


def test_the_sync_layer_loads_neither_the_ui_nor_the_progress_store() -> None:
    import subprocess
    import sys

    code = (
        "import sys, altlearn.sync.service, altlearn.sync.bundle, altlearn.cli.sync\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'sqlite_utils', 'fsrs'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
