"""Vietnamese text helpers: NFC normalisation, diacritic folding, slugs."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


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


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", fold(text)).strip("-")
