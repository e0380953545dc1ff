"""Smoke test: the installed ``altlearn`` console script in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import console_script


class Tmux:
    """A private tmux server running one session."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=20
        )
        return out.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "study")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll the screen until ``text`` shows (the app starts in well under a second; CI may be slow)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "study", *keys)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is required for this test; .ci/run installs it from the system packages")
    server = Tmux(f"altlearn-test-{os.getpid()}-{tmp_path.name}")
    yield server
    server.run("kill-server")


def test_console_script_runs_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:
    home = tmp_path / "home"
    marker = tmp_path / "exited"
    command = f"{console_script()} --home {home}; echo $? > {marker}"
    tmux.run(
        "new-session",
        "-d",
        "-s",
        "study",
        "-x",
        "80",
        "-y",
        "24",
        "env",
        "TERM=xterm-256color",
        "sh",
        "-c",
        command,
    )
    screen = tmux.wait_for("Getting started")  # the first run indexes the bundled packs
    assert "Reviews:" in screen in screen and "Classroom management" in screen
    assert "Reviews: 0 due now" in screen
    tmux.keys("Enter")
    screen = tmux.wait_for("How altlearn works")
    assert "pass mark" in screen
    tmux.keys("Enter")
    tmux.wait_for("Take quiz")
    tmux.keys("t")
    tmux.wait_for("question 1 of 7")
    tmux.keys("2", "Enter")
    screen = tmux.wait_for("Right")
    assert "Rating: Good" in screen
    tmux.keys("Escape")
    tmux.wait_for("Take quiz")
    tmux.keys("Escape")
    tmux.wait_for("pass mark")
    tmux.keys("Escape")
    tmux.wait_for("Reviews:")  # the home screen (a lone Escape then q would read as Alt+q)
    tmux.keys("q")
    deadline = time.monotonic() + 15
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert marker.read_text().strip() == "0"
    assert (home / "progress.sqlite3").exists()
