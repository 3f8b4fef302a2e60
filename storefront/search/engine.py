"""Matching and ranking, in plain Python over the index's posting sets.

A word matches a product if it is in any searched field (as typed, folded, or stemmed in
English). Words combine with AND. A product's score adds, for each word, the best of its
fields: weight × idf, so a name match outranks a story mention and rare words count more
than common ones. The top of the ranking is then adjusted for words typed with their
accents and for words standing together in a name ("nước mắm" over "nước … mắm").

Typo tolerance widens each word of four letters or more to index words one edit away (two
from eight letters) — only when the exact words found little (``queries.py`` decides).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from storefront.search.index import (
    FACET_COLUMNS,
    SEARCHED_FIELDS,
    IndexView,
    analyze,
    canonical_token,
)
from storefront.search.parsing import ParsedQuery
from storefront.text import fold, spaced_words

FIELD_WEIGHTS = {"name": 6.0, "name_stems": 5.0, "label": 3.0, "text_en": 1.5, "text": 1.0}
FUZZY_MIN_LENGTH = {1: 4, 2: 8}  # one edit from 4 letters, two from 8
# Typos are looked up in names, producers and places: these fields keep a word graph, so
# finding words within two edits is fast; the long texts have none.
FUZZY_FIELDS = ("name", "label")
RERANK_EXTRA = 30  # how far below the page the accent and phrase bonuses may lift a result
ACCENT_BONUS = 0.1  # ×(1 + this) per word typed with its accents and found so in a name
PHRASE_BONUS = 0.5  # ×(1 + this) when all words stand together in a name or the origin
MIN_PREFIX = 2


@dataclass
class Matched:
    """The matching products' facet and sort values, one list per column, aligned by
    position (in document-number order).

    Columns rather than one object per product: searches match thousands of products,
    and counting or filtering whole lists runs in C where building objects would not.
    """

    docnums: list[int]
    category_id: list[int]
    stars: list[int]
    stars_until: list[int]
    district_id: list[int]
    producer_id: list[int]
    price: list[int]
    stock: list[int]
    published: list[int]

    def __len__(self) -> int:
        return len(self.docnums)


@dataclass(frozen=True)
class Suggestion:
    kind: str
    ref: int
    slug: str
    name_vi: str
    name_en: str


def _edits_allowed(term: str) -> int:
    if len(term) >= FUZZY_MIN_LENGTH[2]:
        return 2
    return 1 if len(term) >= FUZZY_MIN_LENGTH[1] else 0


class Matcher:
    """Evaluates one parsed query against one index snapshot."""

    def __init__(self, view: IndexView, parsed: ParsedQuery, fuzzy: bool = False):
        self.view = view
        self.parsed = parsed
        self.fuzzy = fuzzy
        self._total = max(1, view.total_docs())
        # per word: (field, term, weight×idf) for every way the word matches
        self.clauses = [self._word_terms(word) for word in parsed.words]
        self.clauses += [self._prefix_terms(prefix) for prefix in parsed.prefixes]
        self.clauses += [self._word_terms(word) for phrase in parsed.phrases for word in phrase]
        self._clause_sets: list | None = None

    # -- terms ---------------------------------------------------------------------------

    def _idf(self, fieldname: str, term: str) -> float:
        frequency = self.view.doc_frequency(fieldname, term)
        return math.log(1 + (self._total - frequency + 0.5) / (frequency + 0.5))

    def _weighted(self, fieldname: str, terms: Iterable[str]) -> list[tuple[str, str, float]]:
        return [(fieldname, term, FIELD_WEIGHTS[fieldname] * self._idf(fieldname, term))
                for term in terms]

    def _word_terms(self, word: str) -> list[tuple[str, str, float]]:
        found = []
        for fieldname in SEARCHED_FIELDS:
            for term in analyze(fieldname, word):
                variants = {term}
                if self.fuzzy and fieldname in FUZZY_FIELDS and _edits_allowed(term):
                    variants.update(self.view.near(fieldname, term, _edits_allowed(term)))
                found += self._weighted(fieldname, variants)
        return found

    def _prefix_terms(self, prefix: str) -> list[tuple[str, str, float]]:
        folded = fold(prefix)
        if len(folded) < MIN_PREFIX:
            return []
        found = []
        for fieldname in ("name", "label", "text"):
            found += self._weighted(fieldname, self.view.with_prefix(fieldname, folded))
        return found

    def terms(self) -> frozenset[str]:
        """Every index word this query matches (for highlighting)."""
        return frozenset(term for clause in self.clauses for _field, term, _w in clause)

    # -- matching and scoring --------------------------------------------------------------

    def _sets(self) -> list[list[tuple[float, frozenset[int]]]]:
        """Per clause, each way to match it as (weight, documents), best weight first."""
        if self._clause_sets is None:
            self._clause_sets = [
                sorted(((weight, self.view.docs(fieldname, term))
                        for fieldname, term, weight in clause), key=lambda pair: -pair[0])
                for clause in self.clauses
            ]
        return self._clause_sets

    def documents(self, kind: str = "product") -> set[int]:
        """Documents of ``kind`` matching every word, prefix and phrase."""
        if not self.clauses or any(not clause for clause in self.clauses):
            return set()
        unions = sorted((set().union(*(docs for _w, docs in sets)) for sets in self._sets()),
                        key=len)
        matched = unions[0]  # the narrowest first: fewer elements to carry along
        for docs in (*unions[1:], self.view.docs("kind", kind)):
            matched &= docs
            if not matched:
                return matched
        if self.parsed.phrases:
            matched = {d for d in matched if self._has_phrases(d)}
        return matched

    def _has_phrases(self, docnum: int) -> bool:
        """Phrases are checked on the stored names, origin and summaries, folded."""
        stored = self.view.stored(docnum)
        summaries = spaced_words(fold(f"{stored.get('summary_vi')} {stored.get('summary_en')}"))
        text = f"{stored.get('folded', '')} {summaries} "
        return all(f" {' '.join(fold(w) for w in phrase)} " in text
                   for phrase in self.parsed.phrases)

    def scores(self, candidates: set[int]) -> dict[int, float]:
        """Each candidate's score: per clause, the weight of its best matching field.

        Works on sets (intersections run in C), touching each candidate once per clause.
        """
        totals = dict.fromkeys(candidates, 0.0)
        for sets in self._sets():
            unscored = set(candidates)
            for weight, docs in sets:
                hits = unscored & docs
                for docnum in hits:
                    totals[docnum] += weight
                unscored -= hits
                if not unscored:
                    break
        return totals

    def _boost(self, docnum: int) -> float:
        """A factor ≥ 1 for accents typed as written and words standing together."""
        stored = self.view.stored(docnum)
        accented = set(stored.get("accented", "").split())
        factor = 1 + ACCENT_BONUS * sum(1 for w in self.parsed.words
                                        if w != fold(w) and canonical_token(w) in accented)
        if len(self.parsed.words) > 1:
            together = f" {' '.join(fold(w) for w in self.parsed.words)} "
            if together in stored.get("folded", ""):
                factor *= 1 + PHRASE_BONUS
        return factor

    def rank(self, candidates: set[int], limit: int) -> list[int]:
        """The ``limit`` best candidates, best first (ties: lower document number first)."""
        scores = self.scores(candidates)
        top = heapq.nlargest(limit + RERANK_EXTRA, scores.items(),
                             key=lambda item: (item[1], -item[0]))
        adjusted = sorted(((score * self._boost(docnum), -docnum) for docnum, score in top),
                          reverse=True)
        return [-negative for _score, negative in adjusted[:limit]]


def matched_columns(view: IndexView, docnums: Iterable[int]) -> Matched:
    ordered = sorted(docnums)
    getters = [view.column(name).__getitem__ for name in FACET_COLUMNS]
    return Matched(ordered, *(list(map(get, ordered)) for get in getters))


def did_you_mean(view: IndexView, parsed: ParsedQuery) -> str | None:
    """The query with unknown words replaced by the closest names, places or producers."""
    words, changed = [], False
    for word in parsed.words:
        folded = fold(word)
        known = any(view.doc_frequency(f, t) for f in SEARCHED_FIELDS for t in analyze(f, word))
        if known or not _edits_allowed(folded):
            words.append(word)
            continue
        best = next((c for f in ("name", "label") for c in view.corrections(
            f, folded, _edits_allowed(folded))), None)
        words.append(best or word)
        changed = changed or best is not None
    return " ".join(words) if changed else None


def suggest(view: IndexView, parsed: ParsedQuery, kind: str, limit: int) -> list[Suggestion]:
    """Documents of ``kind`` whose names start like the words typed so far.

    A one-letter last word is too short to expand usefully and is left out.
    """
    typed = parsed.with_last_word_as_prefix()
    clauses = [set().union(*(view.docs("name", t) for t in analyze("name", w)))
               for w in typed.words]
    clauses += [set().union(*(view.docs("name", t) for t in view.with_prefix("name", fold(p))))
                for p in typed.prefixes if len(fold(p)) >= MIN_PREFIX]
    if not clauses:
        return []
    clauses.sort(key=len)
    matched = clauses[0].intersection(*clauses[1:], view.docs("kind", kind))
    found = []
    for docnum in sorted(matched)[: limit * 4]:
        stored = view.stored(docnum)
        found.append(Suggestion(kind, stored["ref"], stored["slug"], stored["name_vi"],
                                stored.get("name_en") or ""))
    # Shorter names first: "Mật ong" before "Mật ong rừng hoa cà phê 500 ml".
    return sorted(found, key=lambda s: (len(s.name_vi), s.name_vi))[:limit]


def snippets(view: IndexView, matcher: Matcher, docnums: list[int],
             locale: str) -> dict[int, str]:
    """Highlighted summaries (or names), in the page's language when the words are there."""
    terms = matcher.terms()
    found = {}
    for docnum in docnums:
        stored = view.stored(docnum)
        for key in dict.fromkeys((f"summary_{locale}", f"name_{locale}", "summary_vi",
                                  "name_vi")):
            marked = view.highlighted(stored.get(key) or "", terms, english=key.endswith("_en"))
            if marked and "<mark" in marked:
                found[stored["ref"]] = marked
                break
    return found
