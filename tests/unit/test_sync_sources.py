"""``parse_source``: which sources altlearn fetches from, and which it refuses."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from altlearn.errors import SyncError
from altlearn.sync.sources import SourceKind, is_bundle, parse_source


@pytest.mark.parametrize(
    ("text", "protocol", "host"),
    [
        ("https://github.com/aiko/alt-packs.git", "https", "github.com"),
        ("https://git.example.org:8443/packs", "https", "git.example.org"),
        ("http://127.0.0.1:8080/pack.git", "http", "127.0.0.1"),
        ("http://localhost/pack.git", "http", "localhost"),
        ("http://[::1]:9000/pack.git", "http", "::1"),
        ("ssh://git@github.com/aiko/alt-packs.git", "ssh", "github.com"),
        ("git+ssh://git@github.com/aiko/alt-packs.git", "ssh", "github.com"),
        ("git@github.com:aiko/alt-packs.git", "ssh", "github.com"),
        ("example.org:packs.git", "ssh", "example.org"),
        ("git://git.example.org/packs.git", "git", "git.example.org"),
    ],
)
def test_remote_urls(text: str, protocol: str, host: str) -> None:
    source = parse_source(text)
    assert source.kind is SourceKind.URL and source.protocols == frozenset({protocol})
    assert source.location == text == source.fetch_url and source.host == host
    assert not source.is_local and source.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ext::sh -c touch% pwned", "'ext::' sources are refused"),
        ("fd::17", "'fd::' sources are refused"),
        ("transport::anything", "'transport::' sources are refused"),
        ("ftp://example.org/pack.git", "'ftp://' sources are not supported"),
        ("http://example.org/pack.git", "plain http:// is only allowed"),
        ("http://10.0.0.5/pack.git", "plain http:// is only allowed"),
        ("ssh://-oProxyCommand=touch%20x/path", "no valid host name"),
        ("https://", "no valid host name"),
        ("", "empty"),
        ("https://example.org/\x1b[2Jpack", "control characters"),
        ("-oProxyCommand=evil:path", "no such file or folder"),
        ("no-such-folder", "no such file or folder"),
    ],
)
def test_refused_sources(text: str, message: str) -> None:
    with pytest.raises(SyncError, match=message.replace("(", r"\(")) as caught:
        parse_source(text)
    assert caught.value.hint


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_local_repositories_and_bundles(tmp_path: Path) -> None:
    work = tmp_path / "author repo"
    work.mkdir()
    _git("init", "-q", str(work), cwd=tmp_path)
    source = parse_source("author repo", cwd=tmp_path)
    assert source.kind is SourceKind.PATH and source.location == str(work)
    assert source.fetch_url == work.as_uri() and source.protocols == frozenset({"file"})
    assert parse_source(work.as_uri()).location == str(work)
    bare = tmp_path / "bare.git"
    _git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    assert parse_source(str(bare)).kind is SourceKind.PATH

    bundle = tmp_path / "orientation.bundle"
    bundle.write_bytes(b"# v2 git bundle\n0000 HEAD\n\nPACK")
    parsed = parse_source(str(bundle))
    assert parsed.kind is SourceKind.BUNDLE and parsed.is_local and parsed.protocols == frozenset({"file"})
    bundle.unlink()
    assert not parsed.exists()


def test_local_things_that_are_not_sources(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SyncError, match="not a git bundle"):
        parse_source(str(tmp_path / "notes.txt"))
    with pytest.raises(SyncError, match="not a git repository"):
        parse_source(str(tmp_path))
    # A folder whose name has a colon is still a folder, not an ssh address.
    odd = tmp_path / "host:path"
    odd.mkdir()
    with pytest.raises(SyncError, match="not a git repository"):
        parse_source("host:path", cwd=tmp_path)


def test_is_bundle(tmp_path: Path) -> None:
    for header, expected in (
        (b"# v2 git bundle\n", True),
        (b"# v3 git bundle\n", True),
        (b"PK\x03\x04", False),
    ):
        path = tmp_path / "f"
        path.write_bytes(header + b"rest")
        assert is_bundle(path) is expected
    assert not is_bundle(tmp_path / "missing")
