"""Benchmark: bytes and time to sync a large pack, beside plain git, through a counting proxy.

A synthetic pack of several hundred lessons (about 5 MB of Markdown) with some
history is served by ``git http-backend`` on 127.0.0.1 behind a TCP proxy that
counts every byte both ways. In the same run it measures

- altlearn's first sync and plain ``git clone --depth 1``;
- after one lesson changes: altlearn's update and plain ``git fetch`` in that clone;
- for context: a full ``git clone`` and ``git fetch`` there, and a trainer's bundle.

and prints the ratios the sync issue sets as targets: an update under 2% of the
first sync, and at most 1.25x what plain ``git fetch`` moves. Nothing leaves
127.0.0.1. Run: python benchmarks/bench_sync.py [--lessons N] [--history N]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import _paragraph, write_pack
from tests.gitserver import ByteCountingProxy, GitHttpServer, PackRepo, git_env


@dataclass
class Row:
    """One measured operation."""

    name: str
    down: int
    up: int
    seconds: float


def measure(proxy: ByteCountingProxy, name: str, action: Callable[[], object]) -> Row:
    """Run ``action`` and count the bytes that crossed the proxy meanwhile."""
    proxy.reset()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    time.sleep(0.05)  # let the relay threads count the last segments
    return Row(name, proxy.down, proxy.up, seconds)


def plain_git(*args: str, cwd: Path | None = None) -> None:
    """Plain git, with no user or system configuration."""
    subprocess.run(["git", *args], cwd=cwd, env=git_env(), check=True, capture_output=True)


def build_repo(work: Path, bare: Path, lessons: int, history: int) -> tuple[PackRepo, list[Path]]:
    """The synthetic pack, committed, then ``history`` commits each revising 10% of the lessons."""
    repo = PackRepo(work, bare)
    write_pack(work, pack_id="bench", lessons=lessons, paragraphs=10, seed=1)
    repo.commit("Initial version")
    rng = random.Random(5)
    files = sorted(work.rglob("lesson*.md"))
    for number in range(history):
        for path in rng.sample(files, max(1, len(files) // 10)):
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("\n" + " ".join(_paragraph(rng, 80) for _ in range(3)) + "\n")
        repo.commit(f"Revision {number + 1}")
    return repo, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=500)
    parser.add_argument("--history", type=int, default=4, help="revision commits before the first sync")
    args = parser.parse_args()

    from altlearn.paths import Paths
    from altlearn.sync.bundle import write_bundle
    from altlearn.sync.service import sync_all, sync_source

    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        served = tmp / "served"
        served.mkdir()
        repo, files = build_repo(tmp / "work", served / "pack.git", args.lessons, args.history)
        markdown = sum(p.stat().st_size for p in repo.work.rglob("*.md"))
        server = GitHttpServer(served).start()
        proxy = ByteCountingProxy(server.port).start()
        url = proxy.url("pack.git")
        home = Paths(tmp / "home")
        rows: dict[str, Row] = {}
        try:
            rows["first"] = measure(proxy, "altlearn sync (first)", lambda: sync_source(home, url))
            rows["clone1"] = measure(
                proxy,
                "git clone --depth 1",
                lambda: plain_git("clone", "-q", "--depth", "1", url, str(tmp / "c1")),
            )
            rows["clone"] = measure(
                proxy, "git clone (full history)", lambda: plain_git("clone", "-q", url, str(tmp / "cfull"))
            )
            target = files[len(files) // 3].relative_to(repo.work).as_posix()
            repo.edit(target, "## Part 0", "## Part 0 (revised)")
            repo.commit("Revise one lesson")
            reports: list[object] = []
            rows["update"] = measure(proxy, "altlearn sync (update)", lambda: reports.extend(sync_all(home)))
            rows["fetch1"] = measure(
                proxy, "git fetch (in the --depth 1 clone)", lambda: plain_git("fetch", "-q", cwd=tmp / "c1")
            )
            rows["fetch"] = measure(
                proxy, "git fetch (in the full clone)", lambda: plain_git("fetch", "-q", cwd=tmp / "cfull")
            )
        finally:
            proxy.stop()
            server.stop()
        bundle_path = tmp / "stick" / "bench.bundle"
        start = time.perf_counter()
        bundle = write_bundle(Paths(tmp / "trainer"), str(repo.work), bundle_path)
        bundle_seconds = time.perf_counter() - start
        start = time.perf_counter()
        sync_source(Paths(tmp / "learner"), str(bundle_path))
        bundle_sync_seconds = time.perf_counter() - start

    (update_report,) = reports
    print(
        f"pack: {args.lessons} lessons, {markdown / 1e6:.2f} MB of Markdown, {args.history + 1} commits before the first sync"
    )
    print(f"{'operation':38} {'down (B)':>11} {'up (B)':>8} {'wall (s)':>9}")
    for row in rows.values():
        print(f"{row.name:38} {row.down:>11,} {row.up:>8,} {row.seconds:>9.2f}")
    first, update, fetch1 = rows["first"], rows["update"], rows["fetch1"]
    share = update.down / first.down
    versus = update.down / fetch1.down
    print()
    print(
        f"update / first sync (bytes down):          {share:.2%}   target < 2%     {'ok' if share < 0.02 else 'MISSED'}"
    )
    print(
        f"update / plain git fetch (bytes down):     {versus:.2f}x   target <= 1.25x {'ok' if versus <= 1.25 else 'MISSED'}"
    )
    print(f"first sync / plain git clone --depth 1:    {first.down / rows['clone1'].down:.2f}x")
    print(
        f"altlearn's own fetch time in the update:   {update_report.seconds:.2f} s "  # type: ignore[attr-defined]
        "(the rest of the wall time is checking the whole new version before it goes live)"
    )
    print(
        f"trainer bundle: {bundle.size:,} B written in {bundle_seconds:.2f} s; a learner's sync from it {bundle_sync_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
