"""Vietnamese text helpers: NFC normalisation, diacritic folding, slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")

# Vietnamese writes the tone of an open "oa", "oe" or "uy" on either vowel: "hoà"/"hòa",
# "thuỷ"/"thủy", "khoẻ"/"khỏe". Both are correct; we keep the mark on the first vowel.
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_FIRST_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
_SECOND_VOWEL_TONE = re.compile(r"(o)([àáảãạèéẻẽẹ])|(?<!q)(u)([ỳýỷỹỵ])")  # "quý" keeps its mark
_LETTER_AFTER = re.compile(r"\w", re.UNICODE)


def nfc(text: str) -> str:
    """Text typed on different keyboards arrives as NFC or NFD; we store NFC."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lowercase and strip diacritics, including đ → d: "Lệ Thuỷ" and "le thuy" fold alike.

    NFC first so that decomposed input folds like composed input; đ has no decomposition,
    so it is mapped explicitly.
    """
    lowered = nfc(text).lower().replace("đ", "d")
    stripped = "".join(
        char for char in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(char)
    )
    return unicodedata.normalize("NFC", stripped)


def canonical_tones(text: str) -> str:
    """Lowercase NFC text with "oà/oè/uỳ" at a syllable's end written as "òa/òe/ùy"."""

    def move(match: re.Match) -> str:
        end = match.end()
        if end < len(text) and _LETTER_AFTER.match(text[end]):
            return match.group(0)  # "hoàng", "thuyền": the mark belongs where it is
        first = match.group(1) or match.group(3)
        toned = match.group(2) or match.group(4)
        plain, tone = next((v, marks.index(toned)) for v, marks in _TONED.items()
                           if toned in marks)
        return _FIRST_TONED[first][tone] + plain

    return _SECOND_VOWEL_TONE.sub(move, text)


def spaced_words(text: str) -> str:
    """Words separated by single spaces, punctuation dropped: "Mật ong, 500 ml" →
    "Mật ong 500 ml" (so that phrases can be found with a plain substring test)."""
    return " ".join(_WORD.findall(text))


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text)).strip("-")
