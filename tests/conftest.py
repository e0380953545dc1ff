"""Fixtures shared by every test: no test touches the real home folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import PACK_FIXTURES


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send every data folder to a temporary directory."""
    home = tmp_path_factory.mktemp("altlearn-home")
    monkeypatch.setenv("ALTLEARN_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    return home


@pytest.fixture
def good_pack(tmp_path: Path) -> Path:
    """A writable copy of the good fixture pack."""
    target = tmp_path / "good"
    shutil.copytree(PACK_FIXTURES / "good", target)
    return target
