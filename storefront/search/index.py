"""The Whoosh index: schema, analyzers, building, applying changes, and queries.

This is the only module that imports Whoosh. Everything it returns is plain Python (ids,
numbers, strings), so the rest of the application never depends on the engine.

On disk, ``SEARCH_INDEX_DIR`` holds ``builds/<stamp>/`` (complete indexes) and a ``current``
symlink to the one in use. A rebuild writes a new build and swaps the link atomically, so
searches keep working on the old build meanwhile; a file lock keeps two processes from
rebuilding at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, index, query
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from storefront.search.parsing import ParsedQuery
from storefront.text import canonical_tones, fold

WRITER_TIMEOUT_SECONDS = 30
BUILDS_KEPT = 2
META_ID = "meta"


class FoldFilter(Filter):
    """Strips Vietnamese diacritics (and đ → d) from each token, keeping its position.

    Runs after lowercasing on NFC text, so "NƯỚC", "nước" and "nuoc" become one term and
    both tone placements ("thuỷ"/"thủy") fold alike. Positions and character offsets are
    untouched, which keeps phrase queries and highlighting exact on the original text.
    """

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def vietnamese_analyzer():
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


class CanonicalToneFilter(Filter):
    """Writes "thuỷ" and "thủy" (two accepted tone placements) the same way."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = canonical_tones(token.text)
            yield token


def accented_analyzer():
    """Keeps the accents: a word typed with them ("chè") outranks folded look-alikes
    ("chế"); only the tone placement is made canonical."""
    return RegexTokenizer() | LowercaseFilter() | CanonicalToneFilter()


def english_analyzer():
    return RegexTokenizer() | LowercaseFilter() | FoldFilter() | StopFilter() | StemFilter()


def _schema() -> Schema:
    vi, en, accented = vietnamese_analyzer(), english_analyzer(), accented_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        ref=NUMERIC(stored=True),
        slug=STORED(),
        state=STORED(),  # the meta document's sync state, as JSON
        # Text, weighted so that a name match outranks a mention in a story.
        name_vi=TEXT(analyzer=vi, stored=True, field_boost=6.0),
        name_en=TEXT(analyzer=en, stored=True, field_boost=6.0),
        title=TEXT(analyzer=vi, field_boost=4.0),  # both names, unstemmed: prefixes, phrases
        summary_vi=TEXT(analyzer=vi, stored=True, field_boost=2.0),
        summary_en=TEXT(analyzer=en, stored=True, field_boost=2.0),
        body_vi=TEXT(analyzer=vi),
        body_en=TEXT(analyzer=en),
        producer=TEXT(analyzer=vi, field_boost=3.0),
        place=TEXT(analyzer=vi, field_boost=3.0),
        category=TEXT(analyzer=vi, field_boost=2.0),
        spell=TEXT(analyzer=vi, spelling=True),  # the vocabulary of "did you mean"
        accented=TEXT(analyzer=accented),  # names, places, producers with their diacritics
        # Facet and sort values, read from columns for every matching document.
        category_id=NUMERIC(sortable=True),
        district_id=NUMERIC(sortable=True),
        producer_id=NUMERIC(sortable=True),
        stars=NUMERIC(sortable=True),
        stars_until=NUMERIC(sortable=True),  # yyyymmdd of the last valid day, 0 if none
        price=NUMERIC(bits=64, sortable=True),
        stock=NUMERIC(sortable=True),
        published=NUMERIC(bits=64, sortable=True),
        sort_vi=ID(sortable=True),
        sort_en=ID(sortable=True),
    )


SCHEMA = _schema()
TEXT_FIELDS = ("name_vi", "name_en", "title", "summary_vi", "summary_en", "body_vi", "body_en",
               "producer", "place", "category")
UNSTEMMED_FIELDS = ("name_vi", "title", "summary_vi", "body_vi", "producer", "place", "category")
FACET_COLUMNS = ("category_id", "stars", "stars_until", "district_id", "producer_id", "price",
                 "stock", "published")
FUZZY_MIN_LENGTH = {1: 4, 2: 8}  # one edit from 4 letters, two from 8


@dataclass
class IndexState:
    """How far this index has applied the outbox."""

    applied_id: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # missing id → first seen (epoch)

    def to_json(self) -> str:
        return json.dumps({"applied_id": self.applied_id, "gaps": self.gaps})

    @classmethod
    def from_json(cls, text: str | None) -> IndexState:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(data["applied_id"], {int(k): v for k, v in data["gaps"].items()})


@dataclass(frozen=True)
class FacetRow:
    """A matching product's facet and sort values, straight from the index columns."""

    docnum: int
    category_id: int
    stars: int
    stars_until: int
    district_id: int
    producer_id: int
    price: int
    stock: int
    published: int


@dataclass(frozen=True)
class Suggestion:
    kind: str
    ref: int
    slug: str
    name_vi: str
    name_en: str


class IndexUnavailableError(RuntimeError):
    """The index cannot be opened (missing or corrupt); rebuild it."""


def _terms(fieldname: str, word: str) -> list[str]:
    return [token.text for token in SCHEMA[fieldname].analyzer(word)]


def _word_clause(word: str, fuzzy: bool) -> query.Query | None:
    """The word in any text field, each analyzed its own way (folded, or also stemmed)."""
    clauses = []
    for fieldname in TEXT_FIELDS:
        for term in _terms(fieldname, word):
            if fuzzy and len(term) >= FUZZY_MIN_LENGTH[1]:
                edits = 2 if len(term) >= FUZZY_MIN_LENGTH[2] else 1
                clauses.append(query.FuzzyTerm(fieldname, term, maxdist=edits, prefixlength=1))
            else:
                clauses.append(query.Term(fieldname, term))
    return query.Or(clauses) if clauses else None


def _phrase_clause(words: tuple[str, ...]) -> query.Query:
    """Adjacent words in a name, summary or body (unstemmed fields keep every word)."""
    clauses = []
    for fieldname in UNSTEMMED_FIELDS:
        terms = [term for word in words for term in _terms(fieldname, word)]
        if terms:
            clauses.append(query.Phrase(fieldname, terms))
    return query.Or(clauses)


def _prefix_clause(prefix: str) -> query.Query:
    folded = fold(prefix)
    return query.Or([query.Prefix(fieldname, folded) for fieldname in UNSTEMMED_FIELDS])


def _exact_query(parsed: ParsedQuery, fuzzy: bool = False) -> query.Query | None:
    required = [c for c in (_word_clause(w, fuzzy) for w in parsed.words) if c is not None]
    required += [_phrase_clause(p) for p in parsed.phrases]
    required += [_prefix_clause(p) for p in parsed.prefixes]
    return query.And(required) if required else None


def build_query(parsed: ParsedQuery, fuzzy: bool = False) -> query.Query | None:
    """Every word, phrase and prefix must match (AND); adjacent words in a name score more.

    With ``fuzzy``, words may be one or two edits away, but exact matches still rank first.
    """
    main = _exact_query(parsed, fuzzy)
    if main is None:
        return None
    if fuzzy:
        return query.AndMaybe(main, query.Or([_exact_query(parsed)], boost=10.0))
    return query.AndMaybe(main, _bonus(parsed))


def _bonus(parsed: ParsedQuery) -> query.Query:
    """Optional clauses that reorder, never filter: words typed with their accents, and
    words standing together in a name, place or producer ("Lệ Thủy", "nước mắm")."""
    clauses = [query.Term("accented", term, boost=2.0)
               for word in parsed.words for term in _terms("accented", word)]
    if len(parsed.words) > 1:
        clauses += [query.Phrase(f, [t for w in parsed.words for t in _terms(f, w)], boost=3.0)
                    for f in ("name_vi", "title", "place", "producer")]
    return query.Or(clauses)


class SearchIndex:
    """One host's index. Safe to share between threads of one process."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._index = None
        self._target: str | None = None
        self._columns: dict[tuple[str, int], list] = {}

    # -- locations -------------------------------------------------------------------

    @property
    def current_link(self) -> Path:
        return self.directory / "current"

    @property
    def builds(self) -> Path:
        return self.directory / "builds"

    # -- opening ---------------------------------------------------------------------

    def _open(self):
        """The index behind ``current``, reopened when a rebuild has swapped the link."""
        try:
            target = os.readlink(self.current_link)
        except OSError as error:
            raise IndexUnavailableError(f"no index at {self.current_link}") from error
        if self._index is None or target != self._target:
            try:
                opened = index.open_dir(str(self.current_link))
                with opened.searcher() as searcher:  # reads the TOC and every segment
                    searcher.document(id=META_ID)
            except Exception as error:  # noqa: BLE001 - any failure to read means corrupt
                raise IndexUnavailableError(f"cannot read the index: {error}") from error
            self._index, self._target = opened, target
            self._columns.clear()
        return self._index

    def is_usable(self) -> bool:
        try:
            self._open()
        except IndexUnavailableError:
            return False
        return True

    @contextlib.contextmanager
    def reading(self) -> Iterator[IndexView]:
        searcher = self._open().searcher(weighting=BM25F())
        try:
            yield IndexView(self, searcher)
        finally:
            searcher.close()

    # -- state -----------------------------------------------------------------------

    def state(self) -> IndexState:
        with self.reading() as view:
            return view.state()

    # -- writing ---------------------------------------------------------------------

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held while building, so that two processes never rebuild at once."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "rebuild.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, documents: Iterable[dict], state: IndexState,
                advance: Callable[[int], None] = lambda _: None) -> int:
        """Write ``documents`` into a fresh build and make it current. Returns the count.

        Call it inside ``rebuild_lock()``.
        """
        self.builds.mkdir(parents=True, exist_ok=True)
        build = self.builds / time.strftime("%Y%m%dT%H%M%S") / str(os.getpid())
        build.mkdir(parents=True)
        new_index = index.create_in(str(build), SCHEMA)
        writer = new_index.writer(limitmb=256)
        count = 0
        for document in documents:
            writer.add_document(**document)
            count += 1
            advance(1)
        writer.add_document(id=META_ID, kind="meta", state=state.to_json())
        writer.commit(optimize=True)
        self._swap_to(build)
        return count

    def _swap_to(self, build: Path) -> None:
        temporary = self.directory / f"current.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        temporary.symlink_to(build.relative_to(self.directory))
        os.replace(temporary, self.current_link)  # atomic: readers see old or new
        self._remove_old_builds(keep=build)

    def _remove_old_builds(self, keep: Path) -> None:
        stamps = sorted(p for p in self.builds.glob("*/*") if p.is_dir() and p != keep)
        for old in stamps[: max(0, len(stamps) - (BUILDS_KEPT - 1))]:
            shutil.rmtree(old, ignore_errors=True)
            with contextlib.suppress(OSError):
                old.parent.rmdir()

    def apply(self, upserts: list[dict], deletions: list[str], state: IndexState) -> None:
        """Apply changed documents and the new sync state in one commit (under the lock)."""
        writer = self._open().writer(timeout=WRITER_TIMEOUT_SECONDS)
        try:
            for document_id in deletions:
                writer.delete_by_term("id", document_id)
            for document in upserts:
                writer.update_document(**document)
            writer.update_document(id=META_ID, kind="meta", state=state.to_json())
        except Exception:
            writer.cancel()
            raise
        writer.commit()

    # -- column cache ------------------------------------------------------------------

    def column(self, searcher, name: str) -> list:
        """All values of a column for the searcher's reader, cached per index generation."""
        reader = searcher.reader()
        key = (name, reader.generation())
        values = self._columns.get(key)
        if values is None:
            if len(self._columns) > 4 * len(FACET_COLUMNS):
                self._columns.clear()  # an older generation's arrays are garbage now
            values = list(reader.column_reader(name))
            self._columns[key] = values
        return values


class IndexView:
    """Queries against one consistent snapshot (one searcher) of the index."""

    def __init__(self, owner: SearchIndex, searcher):
        self._owner = owner
        self._searcher = searcher

    def state(self) -> IndexState:
        meta = self._searcher.document(id=META_ID)
        return IndexState.from_json(meta.get("state") if meta else None)

    def product_count(self) -> int:
        return self._searcher.doc_frequency("kind", "product")

    def document_count(self) -> int:
        """Products, producers and categories (the bookkeeping document not counted)."""
        return self._searcher.doc_count() - self._searcher.doc_frequency("kind", "meta")

    def match(self, parsed: ParsedQuery, fuzzy: bool = False) -> list[FacetRow]:
        """Every product matching the text, with its facet values (unranked)."""
        text_query = build_query(parsed, fuzzy)
        if text_query is None:
            return []
        products = query.And([query.Term("kind", "product"), text_query])
        docnums = sorted(self._searcher.docs_for_query(products))
        columns = [self._owner.column(self._searcher, name) for name in FACET_COLUMNS]
        return [FacetRow(docnum, *(column[docnum] for column in columns)) for docnum in docnums]

    def rank(self, parsed: ParsedQuery, fuzzy: bool, allowed: set[int], limit: int) -> list[int]:
        """Docnums among ``allowed``, best match first, at most ``limit``."""
        text_query = build_query(parsed, fuzzy)
        if text_query is None or not allowed:
            return []
        results = self._searcher.search(text_query, filter=allowed, limit=limit)
        return [hit.docnum for hit in results]

    def sort_values(self, name: str) -> list:
        return self._owner.column(self._searcher, name)

    def refs(self, docnums: list[int]) -> list[int]:
        return [self._searcher.stored_fields(docnum)["ref"] for docnum in docnums]

    def snippets(self, docnums: list[int], parsed: ParsedQuery, locale: str,
                 fuzzy: bool) -> dict[int, str]:
        """Escaped HTML with <mark> around matched words, from a summary (or a name)."""
        text_query = build_query(parsed, fuzzy)
        if text_query is None:
            return {}
        formatter = highlight.HtmlFormatter(tagname="mark", classname="hl", termclass="t")
        fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)
        snippets = {}
        for docnum in docnums:
            stored = self._searcher.stored_fields(docnum)
            # The page's language first; Vietnamese words typed on an English page match
            # the Vietnamese texts, and showing them tells the visitor why.
            for fieldname in dict.fromkeys((f"summary_{locale}", f"name_{locale}",
                                            "summary_vi", "name_vi")):
                text = stored.get(fieldname) or ""
                terms = self._matched_terms(text_query, fieldname)
                if not text or not terms:
                    continue
                marked = highlight.highlight(text, terms, SCHEMA[fieldname].analyzer, fragmenter,
                                             formatter, top=1)
                if marked:
                    snippets[stored["ref"]] = marked
                    break
        return snippets

    def _matched_terms(self, text_query: query.Query, fieldname: str) -> frozenset[str]:
        """The query's terms in ``fieldname``; fuzzy terms expanded to real index words."""
        terms = set()
        for term_query in text_query.leaves():
            if getattr(term_query, "fieldname", None) != fieldname:
                continue
            if isinstance(term_query, query.FuzzyTerm | query.Prefix):
                terms.update(term_query._btexts(self._searcher.reader()))
            elif isinstance(term_query, query.Phrase):
                terms.update(term_query.words)
            elif isinstance(term_query, query.Term):
                terms.add(term_query.text)
        return frozenset(t.decode() if isinstance(t, bytes) else t for t in terms)

    def did_you_mean(self, parsed: ParsedQuery) -> str | None:
        """The query with unknown words replaced by the closest words of the index."""
        corrector = self._searcher.reader().corrector("spell")
        words, changed = [], False
        for word in parsed.words:
            folded = fold(word)
            if len(folded) < FUZZY_MIN_LENGTH[1] or self._searcher.doc_frequency("spell", folded):
                words.append(word)
                continue
            edits = 2 if len(folded) >= FUZZY_MIN_LENGTH[2] else 1
            suggestions = corrector.suggest(folded, limit=1, maxdist=edits, prefix=1)
            words.append(suggestions[0] if suggestions else word)
            changed = changed or bool(suggestions)
        return " ".join(words) if changed else None

    def suggest(self, parsed: ParsedQuery, kind: str, limit: int) -> list[Suggestion]:
        """Documents of ``kind`` whose names match the words typed so far."""
        typed = parsed.with_last_word_as_prefix()
        clauses = [query.Term("kind", kind)]
        clauses += [query.Or([query.Term("title", t) for t in _terms("title", w)])
                    for w in typed.words]
        clauses += [query.Prefix("title", fold(p)) for p in typed.prefixes]
        if len(clauses) == 1:
            return []
        results = self._searcher.search(query.And(clauses), limit=limit)
        return [Suggestion(kind, hit["ref"], hit["slug"], hit["name_vi"], hit.get("name_en", ""))
                for hit in results]


def yyyymmdd(day: dt.date | None) -> int:
    """Dates are stored as yyyymmdd integers: comparable, and cheap to keep in a column."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0
