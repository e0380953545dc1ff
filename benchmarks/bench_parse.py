"""Benchmark: parse a synthetic pack of 2,000 lessons and 20,000 questions.

Prints the time to load and validate the whole pack, its ratio to a bare
markdown-it-py parse of the same files measured in the same run, and peak
memory. Run: python benchmarks/bench_parse.py [--lessons N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_pack


def bare_parse(root: Path) -> int:
    """The baseline: read every Markdown file and parse it with markdown-it-py."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = 0
    for path in sorted(root.rglob("*.md")):
        tokens += len(md.parse(path.read_text(encoding="utf-8")))
    return tokens


def altlearn_parse(root: Path) -> int:
    from altlearn.packs.loader import load_pack

    result = load_pack(root)
    assert result.ok, [d.format() for d in result.errors[:3]]
    assert result.pack is not None
    return sum(1 for _ in result.pack.questions)


def timed(func, root: Path, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func(root)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_pack(Path(tmp) / "pack", lessons=args.lessons)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        questions = altlearn_parse(root)  # warm the file cache and imports
        bare_parse(root)
        # Interleave the two so that machine noise hits both alike.
        bare, ours = [], []
        for _ in range(args.repeat):
            bare += timed(bare_parse, root, 1)
            ours += timed(altlearn_parse, root, 1)
        tracemalloc.start()
        altlearn_parse(root)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"pack: {args.lessons} lessons, {questions} questions, {size / 2**20:.1f} MiB of Markdown")
    print(f"bare markdown-it-py parse : {b:7.3f} s (median of {args.repeat})")
    print(f"altlearn load_pack        : {o:7.3f} s (median of {args.repeat})")
    print(f"ratio altlearn / bare     : {o / b:7.2f}x   (target <= 1.5x)")
    print(f"peak traced memory (load) : {peak / 2**20:7.1f} MiB; process peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
