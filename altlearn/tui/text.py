"""Turning untrusted pack text into something safe to show.

Textual interprets markup in plain strings given to most widgets: a pack could
hide ``[@click=app.quit]`` in a choice, or crash the app with ``[/``. So pack
text reaches the screen only as :class:`~textual.content.Content` built here
(never parsed as markup) or through the ``Markdown`` widget (which shows such
text literally), and always without terminal control characters.
"""

from __future__ import annotations

import re

from textual.content import Content

# C0 controls except tab and newline, DEL, C1 controls, and bidirectional overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INLINE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(\*|_)(?=\S)(.+?)(?<=\S)\3|`([^`]+)`")


def clean(text: str) -> str:
    """``text`` without terminal control characters (tabs and newlines kept)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def plain(text: str, style: str = "") -> Content:
    """Literal text as Content: nothing in it is interpreted."""
    return Content(clean(text)) if not style else Content.styled(clean(text), style)


def inline(markdown: str) -> Content:
    """A line of inline Markdown (emphasis, strong, code) as Content; everything else literal.

    Used for choices and titles, where mounting a Markdown widget per line would
    be heavy. Link syntax and HTML are shown as written.
    """
    text = clean(markdown).replace("\n", " ")
    parts: list[Content | tuple[str, str] | str] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        if match.group(1):
            parts.append((match.group(2), "bold"))
        elif match.group(3):
            parts.append((match.group(4), "italic"))
        else:
            parts.append((match.group(5), "reverse"))
        position = match.end()
    parts.append(text[position:])
    return Content.assemble(*parts)


def markdown(text: str) -> str:
    """Markdown for the Markdown widget: control characters removed.

    The widget renders text literally (no Textual markup), and links are
    handled by the screens (``open_links=False``).
    """
    return clean(text)
