"""Fixtures for sync tests: a real git server on 127.0.0.1 and pack repositories to serve.

- ``git_root``: the folder of bare repositories the servers export.
- ``http_server``: ``git http-backend`` behind a Python HTTP server (smart HTTP);
  stopped after the test even if the test stopped and restarted it.
- ``git_daemon``: ``git daemon`` for ``git://`` URLs.
- ``pack_repo``: a repository ``pack.git`` on the server holding the good fixture
  pack (``fixture-good`` 2.1.0) in one commit.
- ``home``: the isolated altlearn home as :class:`~altlearn.paths.Paths`.
- ``rename_retire_update``: a pack published, installed, then updated with one
  question renamed and one retired. It is the shared hook for the two halves of
  "progress is kept across updates": the sync half is tested in
  test_sync_http.py; a study-engine test records progress between ``install()`` and
  ``update()`` and checks it follows the rename and drops the retired question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from altlearn.paths import Paths
from altlearn.sync.reports import SyncReport
from tests.gitserver import GitDaemon, GitHttpServer, PackRepo
from tests.helpers import PACK_FIXTURES

PACK_ID = "fixture-good"


@pytest.fixture
def git_root(tmp_path: Path) -> Path:
    """The folder of bare repositories that the servers export."""
    root = tmp_path / "served"
    root.mkdir()
    return root


@pytest.fixture
def http_server(git_root: Path) -> Iterator[GitHttpServer]:
    """A smart-HTTP git server on 127.0.0.1."""
    server = GitHttpServer(git_root).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def git_daemon(git_root: Path) -> Iterator[GitDaemon]:
    """``git daemon`` on 127.0.0.1."""
    daemon = GitDaemon(git_root).start()
    try:
        yield daemon
    finally:
        daemon.stop()


def new_repo(tmp_path: Path, git_root: Path, name: str) -> PackRepo:
    """An empty repository ``<name>.git`` on the server, with its work tree."""
    return PackRepo(tmp_path / f"work-{name}", git_root / f"{name}.git")


@pytest.fixture
def pack_repo(tmp_path: Path, git_root: Path) -> PackRepo:
    """``pack.git`` holding the good fixture pack in one commit."""
    repo = new_repo(tmp_path, git_root, "pack")
    repo.copy_from(PACK_FIXTURES / "good")
    repo.commit("First version of the fixture pack")
    return repo


@pytest.fixture
def home(isolated_home: Path) -> Paths:
    """The test's altlearn home."""
    return Paths(isolated_home)


def bump_version(repo: PackRepo, new: str) -> None:
    """Set the fixture pack's version (it starts at 2.1.0)."""
    text = (repo.work / "pack.toml").read_text(encoding="utf-8")
    old = text.split('version = "', 1)[1].split('"', 1)[0]
    repo.edit("pack.toml", f'version = "{old}"', f'version = "{new}"')


def rename_and_retire(repo: PackRepo) -> None:
    """Rename question ``c-shoes-q`` to ``c-shoes-outdoor`` and retire ``b-order``."""
    repo.edit("customs/01-shoes.md", "{#c-shoes-q .truefalse}", "{#c-shoes-outdoor .truefalse}")
    repo.edit(
        "pack.toml", '"b-older" = "b-old-name"', '"b-older" = "b-old-name"\n"c-shoes-q" = "c-shoes-outdoor"'
    )
    repo.edit("pack.toml", 'retired = ["b-gone"]', 'retired = ["b-gone", "b-order"]')
    first = repo.work / "basics" / "01-first.md"
    text = first.read_text(encoding="utf-8")
    first.write_text(text[: text.index("### Order {#b-order .ordering}")].rstrip() + "\n", encoding="utf-8")
    bump_version(repo, "2.2.0")


@dataclass
class RenameRetireUpdate:
    """A published pack and a prepared update that renames and retires questions.

    Attributes:
        paths: The altlearn home it installs into.
        url: The source to sync.
        repo: The author's repository.
        pack_id: ``fixture-good``.
        renamed: Old question id -> new id in the update.
        retired: Question ids the update retires.
    """

    paths: Paths
    url: str
    repo: PackRepo
    pack_id: str = PACK_ID
    renamed: dict[str, str] | None = None
    retired: tuple[str, ...] = ()

    def install(self) -> SyncReport:
        """Sync the first version (2.1.0)."""
        from altlearn.sync.service import sync_source

        return sync_source(self.paths, self.url)

    def update(self) -> SyncReport:
        """Publish the update (2.2.0) and sync it with a plain ``altlearn sync``."""
        from altlearn.sync.service import sync_all

        rename_and_retire(self.repo)
        self.repo.commit("Rename the shoes question; retire the ordering question")
        (report,) = sync_all(self.paths)
        return report


@pytest.fixture
def rename_retire_update(home: Paths, http_server: GitHttpServer, pack_repo: PackRepo) -> RenameRetireUpdate:
    """The shared hook for "progress is kept" (see the module docstring)."""
    return RenameRetireUpdate(
        paths=home,
        url=http_server.url("pack.git"),
        repo=pack_repo,
        renamed={"c-shoes-q": "c-shoes-outdoor"},
        retired=("b-order",),
    )
