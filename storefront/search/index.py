"""The Whoosh index: schema, analyzers, building, applying changes, and low-level reads.

This is the only module that imports Whoosh. It stores and reads; deciding what matches
and in which order is ``engine.py``'s job, in plain Python over what this module returns
(sets of document numbers, column values, stored fields), so the rest of the application
never depends on the engine.

On disk, ``SEARCH_INDEX_DIR`` holds ``builds/<stamp>/<pid>/`` (complete indexes) and a
``current`` symlink to the one in use. A rebuild writes a new build and swaps the link
atomically, so searches keep working on the old build meanwhile; a file lock keeps two
processes from rebuilding at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import itertools
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from whoosh import highlight, index
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from storefront.text import canonical_tones, fold

WRITER_TIMEOUT_SECONDS = 30
BUILDS_KEPT = 2
META_ID = "meta"
POSTINGS_CACHE_ENTRIES = 1_500_000  # document numbers kept in memory per process
PREFIX_EXPANSION_LIMIT = 256
READ_ATTEMPTS = 3
T = TypeVar("T")

# Vietnamese has a few thousand syllables, so folding each token once per process and
# remembering it makes indexing several times faster.
fold_token = functools.lru_cache(maxsize=200_000)(fold)
canonical_token = functools.lru_cache(maxsize=200_000)(canonical_tones)


class FoldFilter(Filter):
    """Strips Vietnamese diacritics (and đ → d) from each token, keeping its position.

    Runs after lowercasing on NFC text, so "NƯỚC", "nước" and "nuoc" become one term and
    both tone placements ("thuỷ"/"thủy") fold alike. Character offsets are untouched,
    which keeps highlighting exact on the original text.
    """

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_token(token.text)
            yield token


def vietnamese_analyzer():
    return RegexTokenizer() | LowercaseFilter() | FoldFilter()


def english_analyzer():
    return RegexTokenizer() | LowercaseFilter() | FoldFilter() | StopFilter() | StemFilter()


def _schema() -> Schema:
    vi, en = vietnamese_analyzer(), english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        ref=NUMERIC(stored=True),
        slug=STORED(),
        state=STORED(),  # the meta document's sync state, as JSON
        # Shown or re-checked, not searched directly.
        name_vi=STORED(), name_en=STORED(), summary_vi=STORED(), summary_en=STORED(),
        place=STORED(),
        folded=STORED(),  # " names | place " folded, to check words standing together
        accented=STORED(),  # the names' words, lowercase, tones canonical
        # Searched: few fields, so a word costs few posting lists.
        name=TEXT(analyzer=vi, spelling=True),  # both names, folded
        name_stems=TEXT(analyzer=en),  # the English name, stemmed: "chopstick" finds it
        label=TEXT(analyzer=vi, spelling=True),  # producer, origin, category names
        text=TEXT(analyzer=vi),  # Vietnamese summary, description, story, ingredients
        text_en=TEXT(analyzer=en),  # English name and texts, folded and stemmed
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
SEARCHED_FIELDS = ("name", "name_stems", "label", "text", "text_en")
FACET_COLUMNS = ("category_id", "stars", "stars_until", "district_id", "producer_id", "price",
                 "stock", "published")


COLUMN_DEFAULTS = {name: 0 for name in FACET_COLUMNS} | {"sort_vi": "", "sort_en": ""}


def with_columns(document: dict) -> dict:
    """Every document carries every column: Whoosh reads a column across segments as if
    each segment had it, and a segment without one would shift every number after it."""
    return COLUMN_DEFAULTS | document


def meta_document(state: IndexState) -> dict:
    return with_columns({"id": META_ID, "kind": "meta", "state": state.to_json()})


def analyze(fieldname: str, text: str) -> list[str]:
    """The terms ``text`` becomes in ``fieldname`` (folded; stemmed for English)."""
    return [token.text for token in SCHEMA[fieldname].analyzer(text)]


def yyyymmdd(day) -> int:
    """Dates are stored as yyyymmdd integers: comparable, and cheap to keep in a column."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


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


class IndexUnavailableError(RuntimeError):
    """The index cannot be opened (missing or corrupt); rebuild it."""


class _PostingsCache:
    """Document numbers per (snapshot, field, term), least recently used out first.

    Reading a posting list from Whoosh costs ~1.5 µs per document in Python; popular terms
    are read once per index snapshot instead of once per search.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.size = 0
        self._entries: OrderedDict[tuple, frozenset[int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, load: Callable[[], frozenset[int]]) -> frozenset[int]:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        loaded = load()
        with self._lock:
            self._entries[key] = loaded
            self.size += len(loaded)
            while self.size > self.capacity and len(self._entries) > 1:
                _key, evicted = self._entries.popitem(last=False)
                self.size -= len(evicted)
        return loaded

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0


class SearchIndex:
    """One host's index. Safe to share between threads of one process."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self._index = None
        self._target: str | None = None
        self._searchers = threading.local()  # Whoosh searchers are not shared by threads
        self._snapshots = itertools.count(1)
        self.postings_cache = _PostingsCache(POSTINGS_CACHE_ENTRIES)

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
            self.postings_cache.clear()
        return self._index

    def is_usable(self) -> bool:
        try:
            self._open()
        except IndexUnavailableError:
            return False
        return True

    def _searcher(self):
        """This thread's searcher, reopened only when the index changed.

        Opening a searcher reads every segment's metadata (milliseconds on a large index),
        so it is kept between searches and refreshed after a commit instead.
        """
        opened = self._open()
        local = self._searchers
        searcher = getattr(local, "searcher", None)
        if (searcher is None or getattr(local, "index", None) is not opened
                or not searcher.up_to_date()):
            # A fresh searcher, not Searcher.refresh(): refresh reuses segment readers and
            # with them their old set of deleted documents.
            searcher = opened.searcher()
        if searcher is not getattr(local, "searcher", None):
            # A new snapshot: document numbers may differ, so per-snapshot caches restart.
            local.searcher, local.index = searcher, opened
            local.snapshot, local.columns = next(self._snapshots), {}
        return searcher

    @contextlib.contextmanager
    def reading(self) -> Iterator[IndexView]:
        searcher = self._searcher()
        yield IndexView(self, searcher, self._searchers.snapshot, self._searchers.columns)

    def read(self, work: Callable[[IndexView], T]) -> T:
        """``work(view)`` on this thread's snapshot, again on a fresh one if the snapshot
        broke underneath it: a commit elsewhere (another thread or worker syncing) may
        merge away segment files an old searcher still reads lazily, which shows up as a
        missing file or a short column (measured in the soak: 500s on busy searches)."""
        for attempt in range(READ_ATTEMPTS):
            try:
                with self.reading() as view:
                    return work(view)
            except (OSError, IndexError, KeyError, TypeError):
                if attempt == READ_ATTEMPTS - 1:
                    raise
                self._forget_searcher()
        raise AssertionError("unreachable")

    def _forget_searcher(self) -> None:
        self._searchers.searcher = None
        self._index = None  # reopen the TOC too

    def state(self) -> IndexState:
        return self.read(lambda view: view.state())

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
                advance: Callable[[int], None] = lambda _: None, processes: int = 1) -> int:
        """Write ``documents`` into a fresh build and make it current. Returns the count.

        Call it inside ``rebuild_lock()``. With ``processes`` > 1 (command line only, not
        inside a web worker), Whoosh analyses documents in that many processes and keeps
        one segment per process, which nearly halves the time on two cores.
        """
        self.builds.mkdir(parents=True, exist_ok=True)
        build = self.builds / time.strftime("%Y%m%dT%H%M%S") / str(os.getpid())
        build.mkdir(parents=True)
        new_index = index.create_in(str(build), SCHEMA)
        options = ({"limitmb": 128, "procs": processes, "multisegment": True}
                   if processes > 1 else {"limitmb": 256})
        # Separate files (not one compound file) are memory-mapped instead of copied in.
        writer = new_index.writer(compound=False, **options)
        count = 0
        for document in documents:
            writer.add_document(**document)
            count += 1
            advance(1)
        writer.add_document(**meta_document(state))
        writer.commit()
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
        builds = sorted(p for p in self.builds.glob("*/*") if p.is_dir() and p != keep)
        for old in builds[: max(0, len(builds) - (BUILDS_KEPT - 1))]:
            shutil.rmtree(old, ignore_errors=True)
            with contextlib.suppress(OSError):
                old.parent.rmdir()

    def apply(self, upserts: list[dict], deletions: list[str], state: IndexState) -> None:
        """Apply changed documents and the new sync state in one commit (under the lock)."""
        writer = self._open().writer(timeout=WRITER_TIMEOUT_SECONDS, compound=False)
        try:
            for document_id in deletions:
                writer.delete_by_term("id", document_id)
            for document in upserts:
                writer.update_document(**document)
            writer.update_document(**meta_document(state))
        except Exception:
            writer.cancel()
            raise
        writer.commit()

class IndexView:
    """Reads against one consistent snapshot (one searcher) of the index."""

    def __init__(self, owner: SearchIndex, searcher, snapshot: int, columns: dict):
        self._owner = owner
        self._searcher = searcher
        self._reader = searcher.reader()
        self._snapshot = snapshot
        self._columns = columns

    # -- bookkeeping -------------------------------------------------------------------

    def state(self) -> IndexState:
        meta = self._searcher.document(id=META_ID)
        return IndexState.from_json(meta.get("state") if meta else None)

    def product_count(self) -> int:
        return self._searcher.doc_frequency("kind", "product")

    def document_count(self) -> int:
        """Products, producers and categories (the bookkeeping document not counted)."""
        return self._searcher.doc_count() - self._searcher.doc_frequency("kind", "meta")

    # -- postings and vocabulary ----------------------------------------------------------

    def docs(self, fieldname: str, term: str) -> frozenset[int]:
        """Live documents containing ``term`` in ``fieldname`` (cached per generation)."""
        def load() -> frozenset[int]:
            if (fieldname, term) not in self._reader:
                return frozenset()
            return frozenset(self._reader.postings(fieldname, term).all_ids())

        return self._owner.postings_cache.get((self._snapshot, fieldname, term), load)

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return self._reader.doc_frequency(fieldname, term)

    def total_docs(self) -> int:
        return self._reader.doc_count()

    def total_docs_with_deleted(self) -> int:
        """Document numbers in use, deleted ones included (what columns are indexed by)."""
        return self._reader.doc_count_all()

    def with_prefix(self, fieldname: str, prefix: str) -> list[str]:
        terms = []
        for term in self._reader.expand_prefix(fieldname, prefix):
            terms.append(term.decode() if isinstance(term, bytes) else term)
            if len(terms) >= PREFIX_EXPANSION_LIMIT:
                break
        return terms

    def near(self, fieldname: str, term: str, edits: int) -> list[str]:
        """Index words within ``edits`` of ``term`` (same first letter)."""
        found = self._reader.terms_within(fieldname, term, edits, prefix=1)
        return [t.decode() if isinstance(t, bytes) else t for t in found]

    def corrections(self, fieldname: str, word: str, edits: int) -> list[str]:
        return self._reader.corrector(fieldname).suggest(word, limit=1, maxdist=edits,
                                                         prefix=1)

    # -- documents -------------------------------------------------------------------------

    def column(self, name: str) -> list:
        """All values of a column for this snapshot (a list index per lookup)."""
        values = self._columns.get(name)
        if values is None:
            values = self._columns[name] = list(self._reader.column_reader(name))
        return values

    def stored(self, docnum: int) -> dict:
        return self._searcher.stored_fields(docnum)

    def highlighted(self, text: str, terms: frozenset[str], english: bool = False) -> str:
        """Escaped HTML of the best fragment of ``text`` with <mark> around ``terms``."""
        if not text or not terms:
            return ""
        formatter = highlight.HtmlFormatter(tagname="mark", classname="hl", termclass="t")
        fragmenter = highlight.ContextFragmenter(maxchars=180, surround=60)
        analyzer = english_analyzer() if english else vietnamese_analyzer()
        return highlight.highlight(text, terms, analyzer, fragmenter, formatter, top=1)
