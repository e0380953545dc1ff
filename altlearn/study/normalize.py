"""Normalising typed answers so that trivial differences do not count as wrong.

Two answers match when they are equal after: Unicode NFKC (full-width and
half-width forms fold together), case folding, katakana read as hiragana,
dropping surrounding spaces and punctuation, and ignoring spaces, hyphens and
middle dots inside. When the expected answer is romaji, long vowels are folded
too, so that ``kyōtō``, ``kyoutou``, ``kyootoo`` and ``kyoto`` all match.
"""

from __future__ import annotations

import re
import unicodedata

_MACRONS = str.maketrans(
    {
        "ā": "a", "ī": "i", "ū": "u", "ē": "e", "ō": "o",
        "â": "a", "î": "i", "û": "u", "ê": "e", "ô": "o",
        "ä": "a", "ï": "i", "ü": "u", "ë": "e", "ö": "o",
    }
)  # fmt: skip
_INNER_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―・·･'’‘]+")
_LONG_VOWELS = re.compile(r"(?<=o)[ouh](?![aeiou])|(?<=u)u|(?<=a)a|(?<=i)i|(?<=e)e")
_ROMAJI_WORD = re.compile(
    r"(?:(?:ky|gy|sh|ch|ny|hy|by|py|my|ry|j|ts|f|[kgsztdnhbpmyrwvl])?[aeiouāīūēōâîûêô]"
    r"|n'?|(?:kk|ss|tt|pp|cc|tch|gg|dd|zz|bb|hh|ff|jj|mm|rr|yy|ww|ll|vv))+",
    re.IGNORECASE,
)


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge_junk(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "PZ" or category in ("Cc", "Cf", "Sk", "Sm") or char.isspace()


def _katakana_to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def normalize(text: str) -> str:
    """The comparison form of an answer (without long-vowel folding)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _katakana_to_hiragana(folded)
    folded = _strip_edges(folded)
    return _INNER_SEPARATORS.sub("", folded)


def is_romaji(text: str) -> bool:
    """True when every word of ``text`` reads as Hepburn-style romaji."""
    words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFC", text.strip().casefold())) if w]
    return bool(words) and all(_ROMAJI_WORD.fullmatch(_strip_edges(w)) for w in words if _strip_edges(w))


def fold_long_vowels(text: str) -> str:
    """Romaji with long vowels written short: ``ō``/``ou``/``oo``/``oh`` -> ``o`` and so on."""
    plain = unicodedata.normalize("NFC", text).translate(_MACRONS)
    return _LONG_VOWELS.sub("", plain)


def answers_match(given: str, expected: str) -> bool:
    """Whether ``given`` counts as ``expected``."""
    a, b = normalize(given), normalize(expected)
    if not a:
        return False
    if a == b:
        return True
    if is_romaji(expected):
        return fold_long_vowels(a) == fold_long_vowels(b)
    return False


def matches_any(given: str, expected: tuple[str, ...] | list[str]) -> bool:
    """Whether ``given`` counts as any of ``expected``."""
    return any(answers_match(given, option) for option in expected)
