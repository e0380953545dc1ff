"""Benchmark: time from process start to the first screen being ready.

Three cases, each a fresh process, measured in the same run:

- a minimal Textual app (one Static) that exits once mounted: the floor;
- altlearn with only the bundled packs;
- altlearn with 20,000 extra questions installed (a synced pack of 2,000 lessons).

"Ready" means the home screen is mounted and shows its courses. Each case runs
once to warm up (the first start after installing a pack indexes it), then
``--repeat`` times; medians are printed with their ratios.

Run: python benchmarks/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_pack  # noqa: E402

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print("READY", flush=True)
        self.exit()

Minimal().run(headless=True)
"""

ALTLEARN = """
import sys
from altlearn.paths import resolve_home
from altlearn.tui.app import AltlearnApp
from altlearn.tui.screens.home import HomeScreen

class Timed(AltlearnApp):
    def on_mount(self):  # AltlearnApp.on_mount runs too: Textual calls each class's handler
        self.set_interval(0.005, self.check)
    def check(self):
        screen = self.screen
        if isinstance(screen, HomeScreen) and screen.summary is not None and screen.summary.courses:
            print("READY", len(screen.summary.courses), flush=True)
            self.exit()

Timed(resolve_home(sys.argv[1])).run(headless=True)
"""


def time_start(code: str, *args: str) -> float:
    """Seconds from spawning ``python -c code`` to its READY line."""
    env = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"never ready: {proc.stderr.read() if proc.stderr else ''}")
    proc.wait(timeout=30)
    return elapsed


def install_synthetic(home: Path, lessons: int) -> int:
    """Install a synthetic pack as ``altlearn sync`` would; returns its question count."""
    pack_home = home / "packs" / "synthetic"
    write_pack(pack_home / "v1", pack_id="synthetic", lessons=lessons, questions_per_lesson=10, paragraphs=2)
    pointer = {
        "dir": "v1",
        "source": "benchmark",
        "commit": "0" * 40,
        "version": "1.0.0",
        "synced_at": "2026-11-01T00:00:00+00:00",
        "previous": None,
    }
    (pack_home / "current.json").write_text(json.dumps(pointer))
    return lessons * 10


def measure(label: str, code: str, args: list[str], repeat: int) -> float:
    time_start(code, *args)  # warm-up: imports cached, pack indexed
    times = [time_start(code, *args) for _ in range(repeat)]
    median = statistics.median(times)
    print(f"{label:<42} median {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--lessons", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundled_home = Path(tmp) / "bundled"
        big_home = Path(tmp) / "big"
        questions = install_synthetic(big_home, args.lessons)
        t0 = time.perf_counter()
        time_start(ALTLEARN, str(big_home))
        print(f"first start after installing {questions:,} questions (indexes them): {time.perf_counter() - t0:.2f} s")
        minimal = measure("minimal Textual app", MINIMAL, [], args.repeat)
        bundled = measure("altlearn, bundled packs only", ALTLEARN, [str(bundled_home)], args.repeat)
        big = measure(f"altlearn, + {questions:,} questions", ALTLEARN, [str(big_home)], args.repeat)
    print(f"ratio big / bundled   : {big / bundled:5.2f}x  (target <= 1.3x)")
    print(f"ratio big / minimal   : {big / minimal:5.2f}x  (target <= 1.5x)")
    print(f"ratio bundled/minimal : {bundled / minimal:5.2f}x")


if __name__ == "__main__":
    main()
