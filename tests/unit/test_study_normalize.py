"""The typed-answer normaliser on Japanese and romaji input: tables and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from altlearn.study.normalize import answers_match, is_romaji, matches_any, near_miss, normalize, romaji_key


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # Width, case, kana and edges.
        ("ｓｈｏｋｕｉｎｓｈｉｔｓｕ", "shokuinshitsu"),
        ("SHOKUINSHITSU", "shokuinshitsu"),
        ("  shokuinshitsu!  ", "shokuinshitsu"),
        ("「職員室」。", "職員室"),
        ("ショクインシツ", "しょくいんしつ"),
        ("ｼｮｸｲﾝｼﾂ", "しょくいんしつ"),
        ("ｶﾞｯｺｳ", "がっこう"),
        ("１２", "12"),
        ("Human  tape-recorder", "human tape recorder"),
        ("don't", "dont"),
        # Romaji long vowels: macron, circumflex, doubled, ou, oh.
        ("Tōkyō", "tōkyō"),
        ("tôkyô", "tōkyō"),
        ("toukyou", "tōkyō"),
        ("tookyoo", "tōkyō"),
        ("Tohkyoh", "tōkyō"),
        ("ｔｏｕｋｙｏｕ", "Tōkyō"),
        ("to\u0304kyo\u0304", "tōkyō"),  # a combining macron
        ("sotsugyoushiki", "sotsugyōshiki"),
        ("gakkyuu tannin", "gakkyū tannin"),
        ("gakkyūtannin", "gakkyū tannin"),
        ("obaasan", "obāsan"),
        ("kouun", "kōun"),
        ("ohayou", "ohayō"),
        ("mou ikkai", "mō ikkai"),
        # The syllabic n, m before labials, tch.
        ("kin'en", "kin'en"),
        ("kin’en", "kin'en"),
        ("kin-en", "kin'en"),
        ("shimbun", "shinbun"),
        ("tempura", "tenpura"),
        ("maccha", "matcha"),
        ("Shin-Ōsaka", "shin'ōsaka"),
    ],
)
def test_equivalent_answers_match(given: str, expected: str) -> None:
    assert answers_match(given, expected)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # A short vowel is a different word.
        ("obasan", "obāsan"),  # aunt / grandmother
        ("koko", "kōkō"),  # here / high school
        ("shujin", "shūjin"),  # husband / prisoner
        ("kyoto", "kyōto"),
        ("ojisan", "ojiisan"),
        # The apostrophe of a syllabic n counts.
        ("kinen", "kin'en"),
        ("kinnen", "kin'en"),
        ("tani", "tan'i"),
        # Different words, kana and answers.
        ("senpai", "sensei"),
        ("sensē", "sensei"),
        ("しょくいんしつ", "職員室"),
        ("", "anything"),
        ("   ", "  "),
        ("。", "。"),
        ("kōhī", "コーヒー"),
    ],
)
def test_different_answers_do_not_match(given: str, expected: str) -> None:
    assert not answers_match(given, expected)


def test_matches_any_alternative_and_near_misses() -> None:
    options = ("shokuinshitsu", "職員室", "しょくいんしつ")
    assert matches_any("ショクインシツ", options)
    assert matches_any("職員室", options)
    assert not matches_any("kōchō", options)
    assert near_miss("sotsugyoshiki", ["sotsugyōshiki"])
    assert near_miss("kinen", ["kin'en"])
    assert not near_miss("sotsugyōshiki", ["nenkyū"])
    assert not near_miss("", ["a"])


@pytest.mark.parametrize(
    ("text", "romaji"),
    [
        ("shokuinshitsu", True),
        ("gakkyū tannin", True),
        ("Tohkyoh", True),
        ("kin'en", True),
        ("shimbun", True),
        ("the staff room", False),
        ("human tape recorder", False),
        ("2", False),
        ("職員室", False),
    ],
)
def test_is_romaji(text: str, romaji: bool) -> None:
    assert is_romaji(text) is romaji


# Properties ----------------------------------------------------------------------------------

_KANA = [chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1)]
_TEXT = st.text(
    alphabet=st.sampled_from([*_KANA, *"abcdefghijklmnopqrstuvwxyz0123456789", "職", "員", "室", "ー"]),
    min_size=1,
    max_size=12,
)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, pad=st.sampled_from(["", " ", "　", "!", "。", "「", "?"]))
def test_width_case_kana_and_edges_never_matter(text: str, pad: str) -> None:
    assert answers_match(_fullwidth(text), text)
    assert answers_match(text.upper(), text)
    assert answers_match(_katakana(text), text)
    assert answers_match(f"{pad}{text}{pad}", text)
    assert normalize(unicodedata.normalize("NFKD", text)) == normalize(text)


# Random words in kana, as morae, romanised several ways.
_VOWELS = "aiueo"
_ROWS = ["", "k", "s", "t", "n", "h", "m", "r", "g", "z", "b", "p"]
_SPECIAL = {("s", "i"): "shi", ("t", "i"): "chi", ("t", "u"): "tsu", ("h", "u"): "fu", ("z", "i"): "ji"}
_MORAE = [_SPECIAL.get((c, v), c + v) for c in _ROWS for v in _VOWELS] + ["ya", "yu", "yo", "wa"]
_MORAE += [c + y + v for c in ("k", "g", "n", "h", "b", "p", "m", "r") for y in "y" for v in "auo"]
_MORAE += ["sha", "shu", "sho", "cha", "chu", "cho", "ja", "ju", "jo"]
_GEMINATE = ("k", "s", "t", "c", "p")  # っ before these only (as in ordinary words)
_TOKEN = st.one_of(st.sampled_from(_MORAE), st.just("N"), st.just("Q"))


def _clean(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token == "Q" and (following[:1] not in _GEMINATE or following in ("N", "Q")):
            continue
        if token == "N" and (not out or out[-1] == "N" or following == "N"):
            continue
        out.append(token)
    return out


def _long_pairs(tokens: list[str]) -> list[str]:
    """The canonical form: おう is written おお (Hepburn cannot tell them apart)."""
    out = list(tokens)
    index = 0
    while index + 1 < len(out):
        if out[index][-1:] == "o" and out[index + 1] == "u":
            out[index + 1] = "o"
            index += 2
        else:
            index += 1
    return out


_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}
_CIRCUMFLEX = {"a": "â", "i": "î", "u": "û", "e": "ê", "o": "ô"}


def _long(token: str, style: str, after: str) -> str:
    vowel = token[-1]
    if style == "oh" and vowel == "o" and after[:1] not in (*_VOWELS, "y", "h"):
        return token + "h"
    if vowel == "i" and style != "circumflex":
        return token + "i"  # Hepburn writes ii
    return token[:-1] + (_CIRCUMFLEX if style == "circumflex" else _MACRON)[vowel]


def romanise(tokens: list[str], style: str, separator: str = "") -> str:
    """Hepburn for a token list: style "macron", "circumflex", "wapuro" (ou, aa...), "oh" or "traditional"."""
    canon = tokens if style == "wapuro" else _long_pairs(tokens)
    pieces: list[tuple[str, bool]] = []  # (text, glued to what follows)
    index = 0
    while index < len(canon):
        token = canon[index]
        following = canon[index + 1] if index + 1 < len(canon) else ""
        if token == "N":
            if following[:1] in (*_VOWELS, "y"):
                text = "n'"
            elif style == "traditional" and following[:1] in ("b", "m", "p"):
                text = "m"
            else:
                text = "n"
        elif token == "Q":
            text = "t" if following.startswith("ch") and style != "wapuro" else following[0]
        elif style != "wapuro" and following in _VOWELS and following == token[-1]:
            text = _long(token, style, canon[index + 2] if index + 2 < len(canon) else "")
            index += 1
        else:
            text = token
        pieces.append((text, token == "Q"))
        index += 1
    return "".join(text if glued else text + separator for text, glued in pieces).rstrip(separator or " ")


_WORD = st.lists(_TOKEN, min_size=1, max_size=8).map(_clean).filter(bool)
_STYLE = st.sampled_from(["macron", "circumflex", "wapuro", "oh", "traditional"])


@settings(max_examples=300, deadline=None)
@given(word=_WORD, expected_style=_STYLE, given_style=_STYLE, separator=st.sampled_from(["", " ", "-"]))
def test_every_hepburn_spelling_of_a_word_matches(
    word: list[str], expected_style: str, given_style: str, separator: str
) -> None:
    expected = romanise(word, expected_style)
    typed = romanise(word, given_style, separator)
    assert is_romaji(expected), expected
    assert answers_match(typed, expected), (typed, expected, romaji_key(typed), romaji_key(expected))
    assert answers_match(_fullwidth(typed.upper()), expected)


@settings(max_examples=400, deadline=None)
@given(first=_WORD, second=_WORD, style=_STYLE)
def test_no_false_positives_between_distinct_words(first: list[str], second: list[str], style: str) -> None:
    if _long_pairs(first) == _long_pairs(second):
        return
    expected = romanise(first, "macron")
    typed = romanise(second, style)
    assert not answers_match(typed, expected), (typed, expected)
