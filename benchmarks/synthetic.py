"""Generate synthetic packs for the benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "the",
    "ALT",
    "and",
    "the",
    "JTE",
    "plan",
    "a",
    "lesson",
    "together",
    "with",
    "the",
    "class",
    "on",
    "Monday",
    "students",
    "greet",
    "teachers",
    "in",
    "the",
    "staff",
    "room",
    "before",
    "the",
    "morning",
    "meeting",
    "and",
    "cleaning",
    "time",
    "follows",
    "lunch",
    "教室",
    "職員室",
    "日直",
    "起立",
    "礼",
    "着席",
]


def _paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _question(rng: random.Random, qid: str, kind: str) -> str:
    title = _paragraph(rng, 5)[:-1]
    head = f"### {title} {{#{qid} .{kind}}}\n\n{_paragraph(rng, 20)}\n\n"
    if kind in ("single", "multiple"):
        right = {0} if kind == "single" else {0, 2}
        body = "".join(
            f"- [{'x' if i in right else ' '}] {_paragraph(rng, 8)} ({i})\n  > {_paragraph(rng, 12)}\n"
            for i in range(4)
        )
    elif kind == "truefalse":
        body = f"Answer: {rng.choice(['true', 'false'])}\n"
    elif kind == "typed":
        body = "Answer: shokuinshitsu\nAccept: 職員室 | しょくいんしつ\n"
    elif kind == "cloze":
        head = f"### {title} {{#{qid} .cloze}}\n\nSay {{{{kiritsu|起立}}}} then {{{{rei|礼}}}} {_paragraph(rng, 10)}\n\n"
        body = ""
    elif kind == "flashcard":
        body = f"Answer: {_paragraph(rng, 15)}\n"
    else:
        body = "".join(f"{i}. {_paragraph(rng, 6)} ({i})\n" for i in range(1, 5))
    return head + body + f"\nExplanation: {_paragraph(rng, 25)}\n\n"


KINDS = ["single", "multiple", "truefalse", "typed", "cloze", "flashcard", "ordering"]


def write_pack(
    root: Path,
    *,
    pack_id: str = "synthetic",
    lessons: int = 2000,
    questions_per_lesson: int = 10,
    paragraphs: int = 4,
    seed: int = 1,
) -> Path:
    """Write a valid pack of ``lessons`` lessons into ``root``; return ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    courses = 10
    per_course = max(1, lessons // courses)
    manifest = [
        f'id = "{pack_id}"',
        'title = "Synthetic pack"',
        'version = "1.0.0"',
        'description = "Generated for benchmarks."',
        'authors = ["benchmark"]',
        'license = "CC0-1.0"',
        'language = "en"',
    ]
    number = 0
    for c in range(courses):
        paths = []
        (root / f"course{c}").mkdir(exist_ok=True)
        for _ in range(per_course):
            lesson_id = f"{pack_id}-l{number}"
            rel = f"course{c}/lesson{number:05d}.md"
            text = [
                f"---\nid: {lesson_id}\ntitle: Lesson {number}\nminutes: 10\n---\n",
                f"# Lesson {number}\n",
            ]
            for p in range(paragraphs):
                text.append(
                    f"## Part {p}\n\n{_paragraph(rng, 60)}\n\n- {_paragraph(rng, 8)}\n- {_paragraph(rng, 8)}\n"
                )
            text.append("## Quiz\n")
            for q in range(questions_per_lesson):
                text.append(_question(rng, f"{lesson_id}-q{q}", KINDS[(number + q) % len(KINDS)]))
            (root / rel).write_text("\n".join(text), encoding="utf-8")
            paths.append(rel)
            number += 1
        manifest.append(f'\n[[courses]]\nid = "{pack_id}-c{c}"\ntitle = "Course {c}"\nlessons = [')
        manifest.extend(f'  "{p}",' for p in paths)
        manifest.append("]")
    (root / "pack.toml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return root
