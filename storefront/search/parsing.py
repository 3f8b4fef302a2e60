"""What a visitor typed, split into words, quoted phrases and prefixes (no Whoosh here).

Words are NFC-normalised (so decomposed input tokenises like composed input) but not
folded: each index field folds or stems them with its own analyzer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storefront.text import nfc

_PHRASE = re.compile(r'"([^"]+)"')
_WORD = re.compile(r"[\w*]+")
MAX_WORDS = 12


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.prefixes)

    def with_last_word_as_prefix(self) -> ParsedQuery:
        """For as-you-type suggestions: "mat on" also matches "mat ong"."""
        if not self.words:
            return self
        return ParsedQuery(self.words[:-1], self.phrases, (*self.prefixes, self.words[-1]))


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if word.strip("*")]


def parse_query(text: str) -> ParsedQuery:
    """'"nước mắm" cá cơm mật*' → phrase (nước, mắm), words cá, cơm, prefix mật."""
    text = nfc(text or "").lower()
    phrases = tuple(
        tuple(word.strip("*") for word in _words(match)) for match in _PHRASE.findall(text)
    )
    rest = _PHRASE.sub(" ", text)
    words, prefixes = [], []
    for word in _words(rest)[:MAX_WORDS]:
        if word.endswith("*") and len(word.strip("*")) >= 2:
            prefixes.append(word.strip("*"))
        else:
            words.append(word.strip("*"))
    return ParsedQuery(tuple(words), tuple(p for p in phrases if p), tuple(prefixes))
