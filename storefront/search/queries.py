"""Search reads: the catalogue page for a query, and as-you-type suggestions.

Before answering, the index applies any pending outbox rows (``sync.synchronise``), so a
change committed anywhere is searchable at once. Search runs only from read-only
requests: the sync reads through the request's session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from markupsafe import Markup

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import (
    CataloguePage,
    FacetCounts,
    ResolvedFilters,
    all_categories,
    all_districts,
    build_facets,
    catalogue_page,
    products_in_order,
    resolve_filters,
)
from storefront.page_cache import remembered
from storefront.search.engine import (
    Matched,
    Matcher,
    did_you_mean,
    matched_columns,
    snippets,
)
from storefront.search.engine import suggest as engine_suggest
from storefront.search.facets import count_facets, shown_stars
from storefront.search.index import IndexView, yyyymmdd
from storefront.search.parsing import ParsedQuery, parse_query
from storefront.search.sync import search_index, synchronise

FEW_RESULTS = 3  # below this, typo tolerance and "did you mean" step in
SUGGESTION_LIMITS = {"category": 2, "product": 5, "producer": 2}
SUGGESTIONS_MAX = 8


def _ordered(matcher: Matcher, matched: Matched, results: list[int], filters: CatalogueFilters,
             locale: str, today: int, end: int) -> list[int]:
    """Docnums of the first ``end`` results (positions in ``matched``) in the chosen order."""
    docnums = matched.docnums
    if filters.sort == "relevance":
        return matcher.rank({docnums[i] for i in results}, end)
    if filters.sort == "name":
        names = matcher.view.column(f"sort_{locale}")
        keys = {i: (names[docnums[i]], docnums[i]) for i in results}
    elif filters.sort == "stars":
        stars = shown_stars(matched.stars, matched.stars_until, today)
        keys = {i: (-stars[i], -matched.published[i], -docnums[i]) for i in results}
    else:
        column, sign = {"price_asc": (matched.price, 1), "price_desc": (matched.price, -1),
                        "newest": (matched.published, -1)}[filters.sort]
        keys = {i: (sign * column[i], sign * docnums[i]) for i in results}
    return [docnums[i] for i in sorted(results, key=keys.__getitem__)[:end]]


@dataclass(frozen=True)
class _Matches:
    matcher: Matcher
    matched: Matched
    exact_count: int
    fuzzy: bool  # typo-tolerant matching widened the results


def _matches(view: IndexView, parsed: ParsedQuery) -> _Matches:
    """Exact matches; widened to words an edit or two away when exact words find little."""
    exact = Matcher(view, parsed)
    docs = exact.documents()
    if len(docs) < FEW_RESULTS:
        fuzzy = Matcher(view, parsed, fuzzy=True)
        fuzzy_docs = fuzzy.documents()
        if len(fuzzy_docs) > len(docs):
            return _Matches(fuzzy, matched_columns(view, fuzzy_docs), len(docs), True)
    return _Matches(exact, matched_columns(view, docs), len(docs), False)


def search_catalogue(filters: CatalogueFilters, locale: str, today: dt.date,
                     page_size: int, offset: int | None = None) -> CataloguePage:
    """The catalogue page for ``filters``; with no search words, plain browsing in SQL.

    ``offset`` (search words only) starts the page at that position of the ranking instead
    of at ``filters.page``: the API's search cursor."""
    parsed = parse_query(filters.q)
    if parsed.is_empty:
        return catalogue_page(filters, locale, today, page_size)
    categories, districts = all_categories(), all_districts()
    resolved, unknown = resolve_filters(filters, categories, districts)
    start = (filters.page - 1) * page_size if offset is None else offset
    found = remembered(
        "search", (replace(filters, errors=()), locale, page_size, start),
        lambda: _search(parsed, resolved, filters, locale, today, start, page_size),
        encode=_Found.encode, decode=_Found.decode)
    return CataloguePage(
        products=products_in_order(found.refs),
        total=found.total,
        page=filters.page,
        page_size=page_size,
        facets=build_facets(found.counts, resolved, categories, districts, locale),
        unknown=unknown,
        snippets={ref: Markup(html) for ref, html in found.snippets.items()},  # noqa: S704 - escaped by Whoosh's HtmlFormatter
        suggestion=found.suggestion,
        approximate=found.approximate,
    )


@dataclass(frozen=True)
class _Found:
    """One page of search results, as remembered until the catalogue changes."""

    refs: list[int]
    total: int
    counts: FacetCounts
    snippets: dict[int, str]
    suggestion: str | None
    approximate: bool

    def encode(self) -> dict:
        return {"refs": self.refs, "total": self.total, "counts": self.counts.encode(),
                "snippets": list(self.snippets.items()), "suggestion": self.suggestion,
                "approximate": self.approximate}

    @classmethod
    def decode(cls, data: dict) -> _Found:
        return cls(data["refs"], data["total"], FacetCounts.decode(data["counts"]),
                   dict(data["snippets"]), data["suggestion"], data["approximate"])


def _search(parsed: ParsedQuery, resolved: ResolvedFilters, filters: CatalogueFilters,
            locale: str, today: dt.date, start: int, page_size: int) -> _Found:
    synchronise()
    day = yyyymmdd(today)
    return search_index().read(lambda view: _found(view, parsed, resolved, filters, locale,
                                                   day, start, page_size))


def _found(view: IndexView, parsed: ParsedQuery, resolved: ResolvedFilters,
           filters: CatalogueFilters, locale: str, day: int, start: int,
           page_size: int) -> _Found:
    matches = _matches(view, parsed)
    counts, results = count_facets(matches.matched, resolved, day)
    docnums = _ordered(matches.matcher, matches.matched, results, filters, locale, day,
                       start + page_size)[start:]
    return _Found(
        refs=[view.stored(docnum)["ref"] for docnum in docnums],
        total=len(results),
        counts=counts,
        snippets=snippets(view, matches.matcher, docnums, locale),
        suggestion=(did_you_mean(view, parsed)
                    if matches.exact_count < FEW_RESULTS else None),
        approximate=matches.fuzzy and matches.exact_count == 0,
    )


@dataclass(frozen=True)
class SuggestionItem:
    kind: str
    label: str
    slug: str


def suggest(text: str, locale: str) -> list[SuggestionItem]:
    """Up to 8 categories, products and producers whose names start like ``text``."""
    parsed = parse_query(text)
    if parsed.is_empty:
        return []
    synchronise()
    return search_index().read(lambda view: _suggestions(view, parsed, locale))


def _suggestions(view: IndexView, parsed: ParsedQuery, locale: str) -> list[SuggestionItem]:
    items: dict[tuple[str, str], SuggestionItem] = {}  # one entry per kind and label
    for kind, limit in SUGGESTION_LIMITS.items():
        for found in engine_suggest(view, parsed, kind, limit * 3):
            label = found.name_en if locale == "en" and found.name_en else found.name_vi
            if sum(1 for k, _ in items if k == kind) < limit:
                items.setdefault((kind, label), SuggestionItem(kind, label, found.slug))
    return list(items.values())[:SUGGESTIONS_MAX]
