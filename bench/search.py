"""Search benchmark: Whoosh (the storefront's engine) against a SQLite FTS5 baseline.

For each catalogue size it builds a database with the sample catalogue plus synthetic
products (``flask seed synthetic``), builds both indexes, and runs the same 200 queries
(plain, no-diacritic, typo, faceted, prefix) twice: the first pass with cold caches, the
second warm. Run: ``make bench-search`` or

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--keep DIR]

Latencies are measured in-process (no HTTP): "page" is the whole catalogue page
(``search_catalogue``: sync check, matching, facet counts, ranking, snippets, loading the
24 products from the database); "engine" is matching + facets + ranking alone, which is
what the FTS5 column measures too (MATCH, bm25 order, five facet GROUP BYs).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storefront.text import fold  # noqa: E402

BIN = Path(sys.executable).parent
SAMPLE_PRODUCTS = 64

PLAIN = ["mật ong", "nước mắm cá cơm", "khoai deo", "rượu sim", "tinh bột nghệ đỏ", "đũa gỗ",
         "trà rau má", "dầu lạc nguyên chất", "tỏi đen", "hồ tiêu", "mực khô", "muối Roòn",
         "tinh dầu tràm", "giỏ mây", "khăn thổ cẩm", "wild honey", "fish sauce",
         "dried sweet potato", "black garlic", "wooden chopsticks", "rattan basket",
         "brocade scarf", "peanut oil", "dried squid", "gotu kola tea"]
TYPOS = ["honney", "nuoc mamm", "khoai deoo", "ruou simm", "tinh bot nghee", "dua gooo",
         "chopstiks", "peper", "garlik", "brocad", "mật ongg", "tỏi đenn", "rattann",
         "squidd", "scarff"]
PLACES = ["bo-trach", "le-thuy", "minh-hoa", "quang-ninh", "dong-hoi", "tuyen-hoa"]
CATEGORIES = ["food", "beverages", "herbal", "souvenirs", "spices-condiments"]
PREFIXES = ["mat o", "nuoc m", "khoa", "ruou s", "tinh bo", "dua g", "tra r", "dau l",
            "toi d", "ho ti", "muc k", "muoi r", "hone", "fish s", "chop"]


def fixed_queries(seed: int = 7) -> list[tuple[str, str, dict]]:
    """200 (kind, text, filters) triples, the same on every run."""
    rng = random.Random(seed)
    queries = [("plain", rng.choice(PLAIN), {}) for _ in range(50)]
    queries += [("no-diacritic", fold(rng.choice(PLAIN[:15])), {}) for _ in range(50)]
    queries += [("typo", rng.choice(TYPOS), {}) for _ in range(30)]
    for _ in range(40):
        filters = rng.choice([{"district": rng.choice(PLACES)}, {"stars": rng.choice([3, 4])},
                              {"category": rng.choice(CATEGORIES), "in_stock": True},
                              {"price_min": 100_000, "price_max": 199_999}])
        queries.append(("faceted", fold(rng.choice(PLAIN)), filters))
    queries += [("prefix", rng.choice(PREFIXES), {}) for _ in range(30)]
    return queries


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True)


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def prepare(instance: Path, size: int) -> tuple[dict, dict]:
    env = {**os.environ, "STOREFRONT_INSTANCE_PATH": str(instance), "FLASK_APP": "wsgi"}
    flask = str(BIN / "flask")
    run([flask, "db", "upgrade"], env)
    run([flask, "seed", "catalog"], env)
    run([flask, "seed", "synthetic", "--products", str(size - SAMPLE_PRODUCTS)], env)
    started = time.perf_counter()
    run([flask, "search", "reindex", "--processes", "2"], env)
    seconds = time.perf_counter() - started
    build = (instance / "search-index" / "current").resolve()
    return env, {"seconds": seconds, "bytes": directory_size(build)}


# -- the FTS5 baseline ----------------------------------------------------------------------

FTS_SCHEMA = """
CREATE VIRTUAL TABLE product_fts USING fts5(
    name, label, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


def build_fts(database: Path, fts_file: Path) -> dict:
    """Folded texts (our fold, so đ → d too) of every published product in FTS5."""
    started = time.perf_counter()
    source = sqlite3.connect(database)
    target = sqlite3.connect(fts_file)
    target.executescript(FTS_SCHEMA)
    rows = source.execute("""
        SELECT p.id,
               group_concat(t.name, ' '),
               pr.legal_name || ' ' || p.origin_commune || ' ' || d.name,
               group_concat(t.summary || ' ' || t.description || ' ' || t.story, ' ')
        FROM products p JOIN product_translations t ON t.product_id = p.id
        JOIN producers pr ON pr.id = p.producer_id JOIN districts d ON d.id = p.origin_district_id
        WHERE p.status = 'published' GROUP BY p.id""")
    target.executemany(
        "INSERT INTO product_fts(rowid, name, label, body) VALUES (?, ?, ?, ?)",
        ((pid, fold(name or ""), fold(label or ""), fold(body or ""))
         for pid, name, label, body in rows))
    target.commit()
    target.close()
    source.close()
    return {"seconds": time.perf_counter() - started, "bytes": fts_file.stat().st_size}


FACET_COLUMNS = ("category_id", "stars", "origin_district_id", "producer_id", "stock > 0")


def fts_query(text: str, prefix: bool) -> str:
    words = [w for w in fold(text).replace('"', " ").split() if w]
    if prefix and words:
        words[-1] = words[-1] + "*"
    return " ".join(w if w.endswith("*") else f'"{w}"' for w in words)


def fts_search(connection: sqlite3.Connection, text: str, filters: dict, prefix: bool) -> int:
    """MATCH, bm25-ranked page of 24, and five facet counts — what the page needs."""
    match = fts_query(text, prefix)
    where, params = ["p.status = 'published'"], [match]
    if "district" in filters:
        where.append("d.slug = ?")
        params.append(filters["district"])
    if "stars" in filters:
        where.append("p.stars = ? AND p.stars_valid_until >= date('now')")
        params.append(filters["stars"])
    if filters.get("in_stock"):
        where.append("p.stock > 0")
    if "price_min" in filters:
        where += ["p.price_vnd >= ?", "p.price_vnd <= ?"]
        params += [filters["price_min"], filters["price_max"]]
    base = (f"FROM fts.product_fts f JOIN products p ON p.id = f.rowid "
            f"JOIN districts d ON d.id = p.origin_district_id "
            f"WHERE product_fts MATCH ? AND {' AND '.join(where)}")
    page = connection.execute(
        f"SELECT p.id {base} ORDER BY bm25(product_fts, 6.0, 3.0, 1.0) LIMIT 24",  # noqa: S608
        params).fetchall()
    for column in FACET_COLUMNS:
        connection.execute(f"SELECT {column}, count(*) {base} GROUP BY 1", params).fetchall()  # noqa: S608
    return len(page)


# -- measuring ---------------------------------------------------------------------------

def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]

    return at(0.5), at(0.95), at(0.99)


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def engine_only(search_index, parsed) -> None:
    """Matching, facet counts and the ranked page: the part FTS5 is compared with."""
    from storefront.catalog.filters import CatalogueFilters
    from storefront.catalog.listing import ResolvedFilters
    from storefront.search.engine import Matcher, matched_columns
    from storefront.search.facets import count_facets

    with search_index().reading() as view:
        matcher = Matcher(view, parsed)
        matched = matched_columns(view, matcher.documents())
        _counts, results = count_facets(matched, ResolvedFilters(CatalogueFilters()), 20261130)
        matcher.rank({matched.docnums[i] for i in results}, 24)


def measure(instance: Path, env: dict, queries) -> dict:
    """Latencies (ms) per (engine, pass, kind)."""
    os.environ.update({key: env[key] for key in ("STOREFRONT_INSTANCE_PATH",)})
    from storefront import create_app
    from storefront.catalog.filters import CatalogueFilters
    from storefront.clock import today
    from storefront.search.parsing import parse_query
    from storefront.search.queries import search_catalogue, suggest
    from storefront.search.sync import search_index

    app = create_app({"SESSION_COOKIE_SECURE": False})
    connection = sqlite3.connect(instance / "storefront.sqlite3")
    connection.execute(f"ATTACH DATABASE '{instance / 'fts.sqlite3'}' AS fts")
    results: dict[tuple[str, str, str], list[float]] = {}
    with app.test_request_context("/vi/products"):
        for pass_name in ("cold", "warm"):
            for kind, text, filters in queries:
                q = f"{text}*" if kind == "prefix" else text
                filters_obj = CatalogueFilters(q=q, sort="relevance", **filters)

                parsed = parse_query(q)

                results.setdefault(("whoosh page", pass_name, kind), []).append(
                    timed(search_catalogue, filters_obj, "vi", today(), 24))
                results.setdefault(("whoosh engine", pass_name, kind), []).append(
                    timed(engine_only, search_index, parsed))
                results.setdefault(("fts5 engine", pass_name, kind), []).append(
                    timed(fts_search, connection, text, filters, kind == "prefix"))
                if kind == "prefix":
                    results.setdefault(("whoosh suggest", pass_name, kind), []).append(
                        timed(suggest, text, "vi"))
    return results


def report(size: int, builds: dict, results: dict) -> None:
    whoosh, fts = builds["whoosh"], builds["fts5"]
    print(f"\n### {size:,} products\n")
    print("| index | build | rate | size |\n| --- | ---: | ---: | ---: |")
    for name, build in (("Whoosh (2 processes)", whoosh), ("SQLite FTS5", fts)):
        print(f"| {name} | {build['seconds']:.1f} s | {size / build['seconds']:,.0f} docs/s | "
              f"{build['bytes'] / 1e6:.1f} MB |")
    print("\n| engine | pass | queries | p50 ms | p95 ms | p99 ms |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for (engine, pass_name, kind), values in sorted(results.items()):
        p50, p95, p99 = percentiles(values)
        print(f"| {engine} | {pass_name} | {kind} ({len(values)}) | {p50:.1f} | {p95:.1f} | "
              f"{p99:.1f} |")
    for engine in ("whoosh page", "whoosh engine", "fts5 engine"):
        for pass_name in ("cold", "warm"):
            values = [v for (e, p, _k), vs in results.items() if e == engine and p == pass_name
                      for v in vs]
            p50, p95, p99 = percentiles(values)
            print(f"| {engine} | {pass_name} | all ({len(values)}) | {p50:.1f} | {p95:.1f} | "
                  f"{p99:.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="keep the instance folders here")
    args = parser.parse_args()
    queries = fixed_queries()
    for size in args.sizes:
        instance = Path(tempfile.mkdtemp(prefix=f"bench-search-{size}-"))
        try:
            print(f"Preparing {size:,} products in {instance}…", flush=True)
            env, whoosh = prepare(instance, size)
            fts = build_fts(instance / "storefront.sqlite3", instance / "fts.sqlite3")
            results = measure(instance, env, queries)
            report(size, {"whoosh": whoosh, "fts5": fts}, results)
        finally:
            if args.keep:
                shutil.move(str(instance), args.keep / instance.name)
            else:
                shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
