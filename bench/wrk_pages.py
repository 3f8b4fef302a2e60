"""Requests/s and p50/p95/p99 latency of the main pages with wrk, next to a trivial route.

One gunicorn (gunicorn.conf.py, --workers processes) serves bench/served_app.py: the
storefront on a PostgreSQL catalogue of --products products, plus bench/trivial_app.py at
/_trivial/ in the same processes. wrk (keep-alive, --connections connections) drives one
URL at a time through bench/wrk/report.lua; each page is measured anonymously (served from
the page cache after the first request: a hit is checked before measuring) and with
``Cookie: cart=bench-visitor`` (rendered every time). Every rate is shown as a share of the
trivial route's rate, measured at the start of the same run (and again at the end, to show
drift). Run: `make bench-wrk` or

    .venv/bin/python bench/wrk_pages.py [--products 100000] [--seconds 15]
        [--connections 16] [--workers 4]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront]

The database is created, migrated and topped up with synthetic products only when it holds
fewer than --products, so the slow seeding happens once; later runs reuse it (and the
search index kept under --instance).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRK = "/usr/bin/wrk"
REPORT_LUA = ROOT / "bench" / "wrk" / "report.lua"
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront"
UNCACHED_COOKIE = "cart=bench-visitor"  # any private cookie makes the page render every time
SEARCH_TEXT = "mật ong"


@dataclass
class Target:
    page: str
    path: str
    variants: tuple[str, ...] = ("anonymous (cached)", "cart cookie (uncached)")


@dataclass
class Measured:
    page: str
    variant: str
    load: float
    numbers: dict

    @property
    def rps(self) -> float:
        return self.numbers["rps"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(args: argparse.Namespace) -> dict:
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": args.database_url,
           "STOREFRONT_INSTANCE_PATH": str(args.instance),
           "STOREFRONT_SESSION_COOKIE_SECURE": "false",
           # The suggest API is limited to 120/min per IP; wrk sends thousands from one IP.
           "STOREFRONT_RATELIMIT_API": "1000000 per minute"}
    if args.redis_url:
        env["STOREFRONT_REDIS_URL"] = args.redis_url
    return env


def flask(env: dict, *command: str) -> None:
    subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True)


def count_products(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(sa.text("SELECT count(*) FROM products"))
    finally:
        engine.dispose()


def prepare_database(args: argparse.Namespace, env: dict) -> int:
    """Create/migrate/seed only what is missing; returns the number of products."""
    subprocess.run([str(BIN / "python"), "scripts/ensure_database.py"], cwd=ROOT, env=env,
                   check=True)
    flask(env, "db", "upgrade")
    flask(env, "seed", "catalog", "--if-empty")
    have = count_products(args.database_url)
    index_missing = not (args.instance / "search-index").exists()
    if have < args.products:
        print(f"Adding {args.products - have} synthetic products (once)…", flush=True)
        flask(env, "seed", "synthetic", "--products", str(args.products - have))
    if have < args.products or index_missing:
        flask(env, "search", "reindex")
    return count_products(args.database_url)


def pick_slugs(url: str) -> tuple[str, str]:
    """A published product in stock, and the top-level category with most 4★ in stock."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            product = connection.scalar(sa.text(
                "SELECT slug FROM products WHERE status = 'published' AND stock > 0 "
                "ORDER BY id LIMIT 1"))
            category = connection.scalar(sa.text(
                "SELECT coalesce(parent.slug, c.slug) FROM products p "
                "JOIN categories c ON c.id = p.category_id "
                "LEFT JOIN categories parent ON parent.id = c.parent_id "
                "WHERE p.status = 'published' AND p.stars = 4 AND p.stock > 0 "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"))
    finally:
        engine.dispose()
    if not product or not category:
        raise SystemExit("no published product in stock / no 4★ category in the database")
    return product, category


def targets(product: str, category: str) -> list[Target]:
    return [
        Target("home (vi)", "/vi/"),
        Target("catalogue page 1", "/vi/products"),
        Target("catalogue page 500", "/vi/products?page=500"),
        Target(f"catalogue 4★ {category}, in stock",
               f"/vi/products?stars=4&category={category}&in_stock=1"),
        Target("product page", f"/vi/products/{product}"),
        Target(f"search “{SEARCH_TEXT}”", f"/vi/products?q={quote(SEARCH_TEXT)}"),
        Target("suggest API", "/api/v1/suggest?q=mat&lang=vi", ("API (never cached)",)),
    ]


def start_server(args: argparse.Namespace, env: dict, port: int) -> subprocess.Popen:
    server_env = {**env, "STOREFRONT_BIND": f"127.0.0.1:{port}",
                  "STOREFRONT_WORKERS": str(args.workers), "STOREFRONT_LOG_LEVEL": "warning",
                  # A crashing worker (SIGSEGV) dumps every thread's Python stack to the log.
                  "PYTHONFAULTHANDLER": "1",
                  # Recycling a worker mid-run empties its page cache and costs a fork; it
                  # is a leak guard, not part of a page's cost, so it is off while measuring.
                  "STOREFRONT_MAX_REQUESTS": "0"}
    log = open(args.instance / "gunicorn-wrk.log", "ab")  # noqa: SIM115 — lives with server
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "bench.served_app:app"],
        cwd=ROOT, env=server_env, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if probe(port, "/healthz", None)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer /healthz on port {port}; see {log.name}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # the master and its workers
    server.wait(timeout=60)


def probe(port: int, path: str, cookie: str | None) -> tuple[int, str | None]:
    headers = {"Accept-Language": "vi"}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache")
    finally:
        connection.close()


def warm_up(port: int, path: str, cookie: str | None, expect_hit: bool) -> None:
    """Fail on a non-200 page; for the cached variant, wait until a worker answers hit.

    The cache is per worker without Redis, so a probe may reach a worker that has not
    rendered the page yet: probe until one hit (the others fill in wrk's first requests).
    """
    for _ in range(20):
        status, cache = probe(port, path, cookie)
        if status != 200:
            raise SystemExit(f"GET {path} (cookie {cookie!r}) answered {status} on warm-up")
        if not expect_hit or cache == "hit":
            return
    raise SystemExit(f"GET {path} never answered X-Page-Cache: hit (last: {cache!r})")


def wait_for_quiet(limit: float, max_wait: float) -> float:
    """Wait (bounded) for the 1-minute load to fall to `limit`; return the load then."""
    deadline = time.monotonic() + max_wait
    load = os.getloadavg()[0]
    while load > limit and time.monotonic() < deadline:
        time.sleep(5)
        load = os.getloadavg()[0]
    return load


def run_wrk(args: argparse.Namespace, port: int, path: str, cookie: str | None) -> dict:
    command = [WRK, "-t", str(args.wrk_threads), "-c", str(args.connections),
               "-d", f"{args.seconds}s", "--timeout", "10s", "-s", str(REPORT_LUA),
               "-H", "Accept-Language: vi"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], check=True,
                            capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise SystemExit(f"wrk printed no report for {path}:\n{output}")


def settle(args: argparse.Namespace, port: int) -> None:
    """Drive the trivial route until its rate is steady, results discarded.

    /healthz answers as soon as one worker is up, while the others may still be importing
    the storefront: a baseline taken then came out at a third of the end-of-run rate.
    """
    quick = argparse.Namespace(**{**vars(args), "seconds": 2})
    previous = 0.0
    for _ in range(6):
        rate = run_wrk(quick, port, "/_trivial/", None)["rps"]
        if previous and abs(rate - previous) <= 0.15 * previous:
            return
        previous = rate
        time.sleep(2)


def measure(args, port: int, page: str, variant: str, path: str) -> Measured:
    cookie = UNCACHED_COOKIE if "cookie" in variant else None
    warm_up(port, path, cookie, expect_hit=variant.startswith("anonymous"))
    load = wait_for_quiet(args.load_limit, args.max_wait)
    numbers = run_wrk(args, port, path, cookie)
    print(f"  {page} / {variant}: {numbers['rps']:,.0f} req/s, p99 "
          f"{numbers['p99_ms']:.1f} ms (load before {load:.2f})", flush=True)
    return Measured(page, variant, load, numbers)


def table(results: list[Measured]) -> list[str]:
    baseline = results[0].rps
    lines = ["| page | variant | req/s | vs trivial | p50 ms | p95 ms | p99 ms | errors "
             "| cache hits | load before |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
    for result in results:
        n = result.numbers
        sockets = sum(n["socket_errors"].values())
        errors = f"{n['non_2xx']} non-2xx ({n['status_5xx']} 5xx), {sockets} socket"
        hits = f"{n['cache_hits'] / n['requests']:.0%}" if n["requests"] else "-"
        lines.append(f"| {result.page} | {result.variant} | {result.rps:,.0f} | "
                     f"{result.rps / baseline:.0%} | {n['p50_ms']:.1f} | {n['p95_ms']:.1f} | "
                     f"{n['p99_ms']:.1f} | {errors} | {hits} | {result.load:.2f} |")
    return lines


def verdicts(results: list[Measured], p99_goal: float) -> list[str]:
    """The issue's goals, row by row: cached ≥ 50 %, uncached catalogue/product ≥ 15 %."""
    baseline = results[0].rps
    lines = []
    for result in results[1:]:
        share = result.rps / baseline
        if result.variant.startswith("anonymous"):
            goal = 0.50
        elif "cookie" in result.variant and result.page.startswith(("catalogue", "product")):
            goal = 0.15
        else:
            goal = None
        rate = "" if goal is None else (
            f"rate {'met' if share >= goal else 'NOT met'} ({share:.0%} vs ≥ {goal:.0%}); ")
        p99 = result.numbers["p99_ms"]
        lines.append(f"- {result.page} / {result.variant}: {rate}p99 "
                     f"{'met' if p99 <= p99_goal else 'NOT met'} ({p99:.0f} ms vs ≤ "
                     f"{p99_goal:.0f} ms)")
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--instance", type=Path,
                        default=Path(tempfile.gettempdir()) / "bench-instance",
                        help="instance folder kept between runs (search index, secret key)")
    parser.add_argument("--redis-url", help="share the page cache in Redis (default: per worker)")
    parser.add_argument("--load-limit", type=float, default=2.5)
    parser.add_argument("--max-wait", type=float, default=120,
                        help="seconds to wait for the load to fall before each measurement")
    parser.add_argument("--p99-goal", type=float, default=150)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    args.instance.mkdir(parents=True, exist_ok=True)
    env = base_env(args)
    products = prepare_database(args, env)
    product, category = pick_slugs(args.database_url)
    port = free_port()
    server = start_server(args, env, port)
    results = []
    try:
        print(f"Measuring on port {port}: {products:,} products, {args.workers} workers, "
              f"{args.connections} connections, {args.seconds} s each", flush=True)
        settle(args, port)
        results.append(measure(args, port, "trivial route", "baseline", "/_trivial/"))
        for target in targets(product, category):
            for variant in target.variants:
                results.append(measure(args, port, target.page, variant, target.path))
        results.append(measure(args, port, "trivial route", "again at the end", "/_trivial/"))
    finally:
        stop_server(server)
    print(f"\n{products:,} products, gunicorn.conf.py with {args.workers} workers, wrk "
          f"-t{args.wrk_threads} -c{args.connections} -d{args.seconds}s, page cache "
          f"{'in Redis' if args.redis_url else 'per worker (in process)'}\n")
    print("\n".join(table(results)))
    print("\nGoals:\n" + "\n".join(verdicts(results, args.p99_goal)))
    failed = [r for r in results if r.numbers["status_5xx"]]
    if failed:
        print("\nFAILED: 5xx answers on " + ", ".join(f"{r.page} / {r.variant}"
                                                      for r in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
