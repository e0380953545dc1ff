"""Judging a fetched tree from its listing, before anything is written."""

from __future__ import annotations

import pytest

from altlearn.packs.limits import MAX_FILE_BYTES, MAX_PACK_BYTES
from altlearn.sync.tree import (
    TreeEntry,
    check_entries,
    entries_under,
    find_packs,
    parse_ls_tree,
    unsafe_path_reason,
)

OID = "a" * 40


def blob(path: str, size: int = 10, mode: str = "100644") -> TreeEntry:
    return TreeEntry(mode, "blob", OID, size, path)


def tree(path: str) -> TreeEntry:
    return TreeEntry("040000", "tree", OID, 0, path)


def test_parse_ls_tree_output() -> None:
    def record(meta: str, path: bytes) -> bytes:
        mode, kind, size = meta.split()
        return f"{mode} {kind} {OID} {size:>7}\t".encode() + path + b"\0"

    raw = b"".join(
        [
            record("040000 tree -", b"basics"),
            record("100644 blob 120", b"basics/01 first.md"),
            record("120000 blob 11", b"basics/leak.md"),
            record("160000 commit -", b"vendored"),
            record("100644 blob 7", "kyōshitsu/職員室.md".encode()),
            record("100644 blob 7", b"bad-\xff.md"),
        ]
    )
    entries = parse_ls_tree(raw)
    assert [(e.mode, e.kind, e.size, e.path) for e in entries[:5]] == [
        ("040000", "tree", 0, "basics"),
        ("100644", "blob", 120, "basics/01 first.md"),
        ("120000", "blob", 11, "basics/leak.md"),
        ("160000", "commit", 0, "vendored"),
        ("100644", "blob", 7, "kyōshitsu/職員室.md"),
    ]
    assert unsafe_path_reason(entries[5].path) == "not valid UTF-8"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("lessons/01.md", None),
        ("職員室/一.md", None),
        (".github/workflows/check.yml", None),
        ("a/.gitattributes", None),
        ("..", "'..' path component"),
        ("a/../b.md", "'..' path component"),
        ("a/./b.md", "'.' path component"),
        ("a//b.md", "'/' path component"),
        ("/etc/passwd", "empty or absolute path"),
        (".git", "'.git' path component"),
        ("a/.GIT/config", "'.git' path component"),
        (".git. ", "'.git' path component"),
        ("a\\..\\b.md", "backslash in the name"),
        ("a\x1b[2J.md", "control character in the name"),
        ("tab\there.md", "control character in the name"),
    ],
)
def test_unsafe_path_reason(path: str, reason: str | None) -> None:
    assert unsafe_path_reason(path) == reason


def test_check_entries_refuses_with_located_diagnostics() -> None:
    entries = [
        tree("basics"),
        blob("pack.toml"),
        blob("basics/01.md"),
        blob("basics/leak.md", mode="120000"),
        TreeEntry("160000", "commit", OID, 0, "vendored"),
        blob("basics/big.md", MAX_FILE_BYTES + 1),
        blob("basics/fine.md", MAX_FILE_BYTES),
        blob("../escape.md"),
        blob("Basics/01.md"),
        blob("run.sh", mode="100755"),
    ]
    found = {(d.path, d.code) for d in check_entries(entries)}
    assert found == {
        ("basics/leak.md", "symlink"),
        ("vendored", "submodule"),
        ("basics/big.md", "file-too-large"),
        ("../escape.md", "unsafe-path"),
        ("Basics/01.md", "name-collision"),
    }
    assert all(d.is_error and d.line == 1 for d in check_entries(entries))


def test_a_pack_too_large_in_total_is_refused() -> None:
    count = MAX_PACK_BYTES // MAX_FILE_BYTES + 1
    entries = [blob(f"f{i}.md", MAX_FILE_BYTES) for i in range(count)]
    (diagnostic,) = check_entries(entries)
    assert (diagnostic.path, diagnostic.code) == (".", "pack-too-large")
    assert check_entries(entries[:-1]) == []


@pytest.mark.parametrize(
    ("paths", "packs"),
    [
        (["pack.toml", "a/pack.toml", "a/x.md"], [""]),
        (["packs/a/pack.toml", "packs/b/pack.toml", "README.md"], ["packs/a", "packs/b"]),
        (["one/pack.toml", "one/inner/pack.toml"], ["one"]),
        (["a/b/c/pack.toml"], []),
        ([".hidden/pack.toml", "ok/pack.toml"], ["ok"]),
        (["README.md"], []),
        (["notpack.toml/x.md"], []),
    ],
)
def test_find_packs(paths: list[str], packs: list[str]) -> None:
    assert find_packs([blob(p) for p in paths]) == packs


def test_find_packs_ignores_a_manifest_that_is_a_folder() -> None:
    assert find_packs([tree("pack.toml"), blob("pack.toml/x")]) == []


def test_entries_under_strips_the_prefix() -> None:
    entries = [
        blob("packs/a/pack.toml"),
        blob("packs/ab/pack.toml"),
        tree("packs/a/l"),
        blob("packs/a/l/1.md"),
    ]
    assert [e.path for e in entries_under(entries, "packs/a")] == ["pack.toml", "l", "l/1.md"]
    assert entries_under(entries, "") == entries
