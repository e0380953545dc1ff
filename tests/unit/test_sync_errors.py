"""git's stderr from a failed fetch, turned into messages a learner can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from altlearn.sync.sources import parse_source
from altlearn.sync.transfer import explain_failure

URL = parse_source("https://git.example.org/packs.git")


@pytest.mark.parametrize(
    ("stderr", "message", "hint"),
    [
        (
            "fatal: unable to access 'https://git.example.org/packs.git/': Could not resolve host: git.example.org",
            "cannot reach git.example.org",
            "studying works offline",
        ),
        (
            "fatal: unable to access '...': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
            "cannot reach",
            "unchanged",
        ),
        (
            "fatal: unable to access '...': Operation too slow. Less than 1 bytes/sec",
            "timed out",
            "--timeout",
        ),
        (
            "error: RPC failed; curl 18 transfer closed with outstanding read data remaining\nfatal: early EOF",
            "cut off",
            "run the same sync again",
        ),
        ("fetch-pack: unexpected disconnect while reading sideband packet", "cut off", "unchanged"),
        (
            "remote: Repository not found.\nfatal: repository '...' not found",
            "no repository found",
            "address",
        ),
        ("fatal: couldn't find remote ref v9.9", "no branch, tag or commit", "--ref"),
        (
            "fatal: could not read Username for 'https://git.example.org': terminal prompts disabled",
            "asked for a login",
            "public repositories",
        ),
        (
            "error: object 1234: hasDotdot: contains '..'\nfatal: fsck error in packed object",
            "unsafe files",
            "author",
        ),
        ("fatal: something new and strange", "git could not fetch", "unchanged"),
    ],
)
def test_explain_failure(stderr: str, message: str, hint: str) -> None:
    error = explain_failure(stderr, URL)
    assert message in error.message and hint in (error.hint or "")


def test_bundle_missing_its_prerequisites(tmp_path: Path) -> None:
    bundle = tmp_path / "part.bundle"
    bundle.write_bytes(b"# v2 git bundle\n")
    error = explain_failure("error: Repository lacks these prerequisite commits:", parse_source(str(bundle)))
    assert "only adds to an earlier one" in error.message
