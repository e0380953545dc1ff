"""Property-based tests: whatever text arrives, the parser and checker never raise."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from altlearn.domain.diagnostics import Diagnostic
from altlearn.packs.frontmatter import split_front_matter
from altlearn.packs.glossary import parse_glossary
from altlearn.packs.lesson_parser import parse_lesson
from altlearn.packs.loader import load_pack
from altlearn.packs.manifest import parse_manifest
from tests.helpers import PACK_FIXTURES

GOOD = PACK_FIXTURES / "good"
LESSON = (GOOD / "basics" / "01-first.md").read_text(encoding="utf-8")
MANIFEST = (GOOD / "pack.toml").read_text(encoding="utf-8")

FRAGMENTS = [
    "---",
    "id: x",
    "title: T",
    "minutes: 3",
    "prerequisites: [a, b]",
    "prerequisites:",
    "  - a",
    "### Q {#q1 .single}",
    "### {#q2 .multiple}",
    "## Quiz",
    "### Q {.cloze}",
    "### Q {#Q .nope}",
    "# {#q3 .truefalse}",
    "### T {#q4 .typed}",
    "### F {#q5 .flashcard}",
    "### O {#q6 .ordering}",
    "- [x] right",
    "- [ ] wrong",
    "  > feedback",
    "> quote",
    "1. one",
    "2. two",
    "- plain",
    "Answer: true",
    "Answer:",
    "Accept: a | b |",
    "Explanation: because",
    "**Explanation:**",
    "{{a|b}}",
    "{{}}",
    "{{",
    "}}",
    "[link](other.md)",
    "[x](../../etc)",
    "![img](a.png)",
    "[j](javascript:x)",
    "```",
    "    code",
    "| a | b |",
    "|---|---|",
    "",
    "",
    "職員室",
    "\x1b[2J",
    "\t",
]

lines_strategy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60).map(
    "\n".join
)


def _mutations(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        current = list(lines)
        for _ in range(draw(st.integers(1, 6))):
            op = draw(st.sampled_from(["delete", "insert", "duplicate", "swap", "truncate", "chars"]))
            if not current:
                current = [""]
            i = draw(st.integers(0, len(current) - 1))
            j = draw(st.integers(0, len(current) - 1))
            if op == "delete":
                del current[min(i, j) : max(i, j) + 1]
            elif op == "insert":
                current.insert(i, draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20))))
            elif op == "duplicate":
                current[i:i] = current[min(i, j) : max(i, j) + 1]
            elif op == "swap":
                current[i], current[j] = current[j], current[i]
            elif op == "truncate":
                current = current[: i + 1]
            else:
                line = current[i]
                k = draw(st.integers(0, len(line)))
                current[i] = line[:k] + draw(st.text(max_size=5)) + line[k:]
        return "\n".join(current)

    return mutate()


def _well_formed(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        assert diagnostic.line >= 1 and diagnostic.col >= 1
        assert diagnostic.message and diagnostic.code
        assert diagnostic.format().count(":") >= 3


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), lines_strategy, _mutations(LESSON)))
def test_lesson_parser_never_raises(text: str) -> None:
    result = parse_lesson("lesson.md", text, "course")
    _well_formed(result.diagnostics)
    if result.lesson is not None:
        assert len({q.id for q in result.lesson.questions}) <= len(result.lesson.questions)
        for question in result.lesson.questions:
            assert question.prompt.strip()
            assert question.location.line >= 1


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), _mutations(MANIFEST)))
def test_manifest_parser_never_raises(text: str) -> None:
    manifest, diagnostics = parse_manifest(text)
    _well_formed(diagnostics)
    if manifest is not None:
        assert manifest.id


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), lines_strategy))
def test_front_matter_and_glossary_never_raise(text: str) -> None:
    _front, diagnostics = split_front_matter("x.md", text)
    _well_formed(diagnostics)
    _entries, diagnostics = parse_glossary("g.md", text)
    _well_formed(diagnostics)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    manifest=st.one_of(st.just(MANIFEST), _mutations(MANIFEST)),
    lesson=st.one_of(_mutations(LESSON), lines_strategy),
    raw=st.binary(max_size=200),
)
def test_whole_pack_load_never_raises(manifest: str, lesson: str, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pack"
        shutil.copytree(GOOD, root)
        (root / "pack.toml").write_text(manifest, encoding="utf-8")
        (root / "basics" / "01-first.md").write_text(lesson, encoding="utf-8")
        (root / "customs" / "01-shoes.md").write_bytes(raw)
        result = load_pack(root)
        _well_formed(result.diagnostics)
        assert result.diagnostics or result.pack is not None
