"""Pack Markdown as safe HTML, for places outside the terminal (Anki cards).

Pack text is untrusted. The renderer here never lets it become markup of its
own: raw HTML is shown as text (markdown-it's ``html`` option off), links keep
only the ``http``, ``https`` and ``mailto`` schemes (anything else, relative
links to other lessons included, becomes plain text because it would not work
outside the pack), images become their alt text (their files are not exported),
and control characters are removed (Anki separates fields with U+001F).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """``text`` without control characters other than tab, newline and carriage return."""
    return _CONTROL_RE.sub("", text)


def _link_allowed(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_SCHEMES)


def _neutralise_links(tokens: list[Token]) -> list[Token]:
    """Drop disallowed link wrappers (keeping their text) and turn images into their alt text."""
    out: list[Token] = []
    dropped_depth = 0
    for token in tokens:
        if token.children:
            token.children = _neutralise_links(token.children)
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if not _link_allowed(href) or dropped_depth:
                dropped_depth += 1
                continue
            token.attrSet("rel", "noopener noreferrer")
        elif token.type == "link_close" and dropped_depth:
            dropped_depth -= 1
            continue
        elif token.type == "image":
            text = Token("text", "", 0)
            text.content = token.content or "".join(c.content for c in token.children or [])
            out.append(text)
            continue
        out.append(token)
    return out


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Accept every target at parse time so links stay links; the core rule below
    # decides, and keeps the text of the ones it refuses.
    md.validateLink = lambda url: True  # type: ignore[method-assign]

    def safe_links(state: object) -> None:
        tokens: list[Token] = state.tokens  # type: ignore[attr-defined]
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = _neutralise_links(token.children)

    md.core.ruler.push("altlearn_safe_links", safe_links)
    return md


def markdown_to_html(text: str, *, inline: bool = False) -> str:
    """Render pack Markdown as HTML that cannot carry markup, scripts or odd links.

    Args:
        text: Markdown source from a pack.
        inline: Render one paragraph's worth of inline Markdown, without a ``<p>``.

    Returns:
        HTML; every character of the source that is not Markdown syntax is escaped.
    """
    md = _renderer()
    clean = strip_control(text)
    html = md.renderInline(clean) if inline else md.render(clean)
    return strip_control(html).strip()
