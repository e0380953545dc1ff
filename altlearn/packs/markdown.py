"""The one Markdown parser configuration the pack layer uses, and token helpers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark plus tables and strikethrough, as git hosts render them.

    Every link target is accepted as a link here (markdown-it normally turns
    ``javascript:`` links into text) so that the checker can report them.
    """
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def top_level_blocks(
    tokens: list[Token], start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Yield ``(first, last_exclusive)`` token index ranges of the blocks at ``tokens[start:end]``.

    A block is an opening token and everything up to its matching close, or a
    single self-contained token (fence, code block, rule, HTML block). The
    level of ``tokens[start]`` is taken as the top level.
    """
    stop = len(tokens) if end is None else end
    if start >= stop:
        return
    level = tokens[start].level
    index = start
    while index < stop:
        token = tokens[index]
        if token.nesting == 1:
            depth = 1
            close = index + 1
            while close < stop and depth:
                if tokens[close].level == level and tokens[close].nesting == -1:
                    depth -= 1
                    if depth == 0:
                        break
                elif tokens[close].level == level and tokens[close].nesting == 1:
                    depth += 1
                close += 1
            yield index, min(close + 1, stop)
            index = close + 1
        else:
            yield index, index + 1
            index += 1
