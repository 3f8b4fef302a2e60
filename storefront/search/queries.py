"""Search reads: the catalogue page for a query, and as-you-type suggestions.

Before answering, the index applies any pending outbox rows (``sync.synchronise``), so a
change committed anywhere is searchable at once. Search runs only from read-only
requests: the sync reads through the request's session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import (
    CataloguePage,
    all_categories,
    all_districts,
    build_facets,
    catalogue_page,
    products_in_order,
    resolve_filters,
)
from storefront.search.facets import count_facets, shown_stars
from storefront.search.index import FacetRow, IndexView, yyyymmdd
from storefront.search.parsing import ParsedQuery, parse_query
from storefront.search.sync import search_index, synchronise

FEW_RESULTS = 3  # below this, typo tolerance and "did you mean" step in
SUGGESTION_LIMITS = {"category": 2, "product": 5, "producer": 2}
SUGGESTIONS_MAX = 8


def _sorted_rows(view: IndexView, rows: list[FacetRow], parsed: ParsedQuery, fuzzy: bool,
                 filters: CatalogueFilters, locale: str, today: int, end: int) -> list[int]:
    """Docnums of the first ``end`` results in the requested order."""
    if filters.sort == "relevance":
        return view.rank(parsed, fuzzy, {row.docnum for row in rows}, end)
    if filters.sort == "name":
        names = view.sort_values(f"sort_{locale}")
        ordered = sorted(rows, key=lambda r: (names[r.docnum], r.docnum))
    else:
        keys = {
            "price_asc": lambda r: (r.price, r.docnum),
            "price_desc": lambda r: (-r.price, -r.docnum),
            "newest": lambda r: (-r.published, -r.docnum),
            "stars": lambda r: (-shown_stars(r, today), -r.published, -r.docnum),
        }
        ordered = sorted(rows, key=keys[filters.sort])
    return [row.docnum for row in ordered[:end]]


@dataclass(frozen=True)
class _Matches:
    rows: list[FacetRow]
    exact_count: int
    fuzzy: bool  # typo-tolerant matching widened the results


def _matches(view: IndexView, parsed: ParsedQuery) -> _Matches:
    """Exact matches; widened to words an edit or two away when exact words find little."""
    rows = view.match(parsed)
    if len(rows) >= FEW_RESULTS:
        return _Matches(rows, len(rows), False)
    fuzzy_rows = view.match(parsed, fuzzy=True)
    if len(fuzzy_rows) > len(rows):
        return _Matches(fuzzy_rows, len(rows), True)
    return _Matches(rows, len(rows), False)


def search_catalogue(filters: CatalogueFilters, locale: str, today: dt.date,
                     page_size: int) -> CataloguePage:
    """The catalogue page for ``filters``; with no search words, plain browsing in SQL."""
    parsed = parse_query(filters.q)
    if parsed.is_empty:
        return catalogue_page(filters, locale, today, page_size)
    synchronise()
    categories, districts = all_categories(), all_districts()
    resolved, unknown = resolve_filters(filters, categories, districts)
    day = yyyymmdd(today)
    with search_index().reading() as view:
        matches = _matches(view, parsed)
        counts, results = count_facets(matches.rows, resolved, day)
        start = (filters.page - 1) * page_size
        docnums = _sorted_rows(view, results, parsed, matches.fuzzy, filters, locale, day,
                               start + page_size)[start:]
        refs = view.refs(docnums)
        snippets = view.snippets(docnums, parsed, locale, matches.fuzzy)
        few = matches.exact_count < FEW_RESULTS
        suggestion = view.did_you_mean(parsed) if few else None
    return CataloguePage(
        products=products_in_order(refs),
        total=len(results),
        page=filters.page,
        page_size=page_size,
        facets=build_facets(counts, resolved, categories, districts, locale),
        unknown=unknown,
        snippets={ref: Markup(html) for ref, html in snippets.items()},  # noqa: S704 - escaped by Whoosh's HtmlFormatter
        suggestion=suggestion,
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
    items: list[SuggestionItem] = []
    with search_index().reading() as view:
        for kind, limit in SUGGESTION_LIMITS.items():
            for found in view.suggest(parsed, kind, limit):
                label = found.name_en if locale == "en" and found.name_en else found.name_vi
                items.append(SuggestionItem(kind, label, found.slug))
    return items[:SUGGESTIONS_MAX]
