"""Normalising typed answers so that trivial differences do not count as wrong.

Two answers match when they are equal after: Unicode NFKC (full-width and
half-width forms fold together), case folding, katakana read as hiragana,
dropping surrounding spaces and punctuation, and ignoring spaces, hyphens,
apostrophes and middle dots inside.

When the expected answer is romaji, the comparison follows Hepburn instead:
a long vowel may be written with a macron, a circumflex or doubled (``ō``,
``ô``, ``oo``, ``ou``, and ``oh`` before a consonant), so ``kyōto``,
``kyôto``, ``kyouto`` and ``kyooto`` all match. A *short* vowel is a different
word, though (``obasan`` is an aunt, ``obāsan`` a grandmother; ``koko`` is
here, ``kōkō`` high school), so ``kyoto`` does not match ``kyōto``: authors
who want the English spelling accepted list it (``Accept: Kyoto``). For the
same reason the apostrophe of a syllabic n counts (``kin'en``, no smoking, is
not ``kinen``, a commemoration), while ``m`` before b, m and p is read as n
(``shimbun`` = ``shinbun``) and ``cch`` as ``tch`` (``maccha`` = ``matcha``).
"""

from __future__ import annotations

import re
import unicodedata

_LONG_MARKS = str.maketrans(
    {
        "ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "oo",
        "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "oo",
    }
)  # fmt: skip
_SEPARATOR_CHARS = r"\s\-‐‑‒–—―・·･'’‘"
_INNER_SEPARATORS = re.compile(f"[{_SEPARATOR_CHARS}]+")
_SYLLABIC_N = re.compile(f"n[{_SEPARATOR_CHARS}]+(?=[aeiouyāīūēōâîûêô])")
_OH = re.compile(r"oh(?![aeiouyh])")
_M_BEFORE_LABIAL = re.compile(r"m(?=[bmp])")
_LONG_PAIRS = re.compile(r"([aeiou])\1")
_VOWEL = "[aeiouāīūēōâîûêô]"
_CONSONANTS = "ky|gy|sh|ch|ny|hy|by|py|my|ry|j|ts|f|[kgsztdnhbpmyrwv]"
_ROMAJI_WORD = re.compile(
    rf"(?:(?:{_CONSONANTS})?{_VOWEL}|n['’‘]?|m(?=[bmp])|kk|ss|tt|pp|cc|tch|gg|dd|zz|bb|hh|ff|jj|mm|rr"
    r"|(?<=o)h(?![aeiouy]))+"
)

LONG_VOWEL_HINT = "Counted as right, but mind the long vowels: ō can be typed as ou or oo, ū as uu."
"""Feedback for a romaji answer that is right except for the length of a vowel.

The grader accepts such an answer (see :mod:`altlearn.study.grading`) and shows
this note with the spelling the author wrote.
"""


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


def _folded(text: str) -> str:
    # NFKC (widths, compatibility forms, a combining macron onto its vowel), case, edges.
    return _strip_edges(unicodedata.normalize("NFKC", text).casefold())


def normalize(text: str) -> str:
    """The comparison form of an answer that is not romaji."""
    return _INNER_SEPARATORS.sub("", _katakana_to_hiragana(_folded(text)))


def is_romaji(text: str) -> bool:
    """True when every word of ``text`` reads as Hepburn-style romaji."""
    words = [_strip_edges(w) for w in re.split(r"[\s\-‐‑‒–—―]+", _folded(text))]
    words = [w for w in words if w]
    return bool(words) and all(_ROMAJI_WORD.fullmatch(w) for w in words)


def romaji_key(text: str) -> str:
    """The comparison form of a romaji answer: every spelling of a long vowel as a doubled vowel.

    ``Tōkyō``, ``tôkyô``, ``toukyou``, ``tookyoo`` and ``Tohkyoh`` all give
    ``tookyoo``; ``tokyo`` gives ``tokyo``. A syllabic n before a vowel or y
    (``kin'en``, ``shin-Ōsaka``) is kept apart as ``N``.
    """
    # The syllabic n first (a space after an n is a word boundary), then the
    # separators, so that a long vowel split across words still folds.
    text = _INNER_SEPARATORS.sub("", _SYLLABIC_N.sub("N", _folded(text)))
    text = _OH.sub("oo", text)
    # "ou" before the marks: "kōun" (ko-u-u-n) must give "kooun", like "kouun".
    text = text.replace("ou", "oo").translate(_LONG_MARKS)
    text = _M_BEFORE_LABIAL.sub("n", text)
    return text.replace("cch", "tch")


def fold_long_vowels(text: str) -> str:
    """Romaji with every vowel written short (for spotting near misses, never for matching)."""
    return _LONG_PAIRS.sub(r"\1", romaji_key(text)).replace("N", "n")


def answers_match(given: str, expected: str) -> bool:
    """Whether ``given`` counts as ``expected``."""
    if not normalize(given):
        return False
    if is_romaji(expected):
        return romaji_key(given) == romaji_key(expected)
    return normalize(given) == normalize(expected)


def matches_any(given: str, expected: tuple[str, ...] | list[str]) -> bool:
    """Whether ``given`` counts as any of ``expected``."""
    return any(answers_match(given, option) for option in expected)


def near_miss(given: str, expected: tuple[str, ...] | list[str]) -> bool:
    """Whether a wrong ``given`` differs from a romaji answer only in vowel length or a syllabic n."""
    if not normalize(given):
        return False
    return any(
        is_romaji(option) and fold_long_vowels(given) == fold_long_vowels(option) for option in expected
    )
