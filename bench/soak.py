"""A bounded mixed-traffic soak against a running server (`make run-prod`): 5xx, memory, orders.

--clients threads, each with its own cookie jar, send browse (home, catalogue pages,
product and producer pages: ~60 %), search (~15 %), API (~10 %), add-to-cart (~10 %) and
checkout (~5 %, cash on delivery) requests with no pause, for --minutes after a
--warmup. Half of the clients stay anonymous (no cookies: they get the shared, cached
pages and never touch a cart), so they browse, search and call the API only; the others
carry a cart. Nothing is restocked: "sold out" is a normal answer (409 at checkout).

Checked at the end: every status by request kind (5xx must be 0; the expected 4xx are
listed), the order numbers the buyers were sent to versus the orders in the database
created since the soak started (must be equal; missing numbers are listed), and the RSS
of each gunicorn worker after the warm-up and at the end (recycled workers show up as
different pids: run the server with STOREFRONT_MAX_REQUESTS=0). Progress once a minute.

    STOREFRONT_MAX_REQUESTS=0 STOREFRONT_WORKERS=4 \\
        STOREFRONT_RATELIMIT_API="100000 per minute" make run-prod &   # then:
    .venv/bin/python bench/soak.py [--url http://127.0.0.1:8000] [--minutes 10]
        [--clients 8] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/storefront]

The API is limited to 120 requests a minute per IP by default; all clients share
127.0.0.1, so the limit is raised for the soak (as above), else the API share answers 429.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

import requests
import sqlalchemy as sa
from checkout_rush import CSRF, KEY, ORDER  # the checkout page's fields, read alike

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/storefront"
GUNICORN_COMMAND = "gunicorn -c gunicorn.conf.py wsgi:app"
CONTACT = {"name": "Khách soak", "email": "soak@example.com", "phone": "0912345678",
           "street": "2 Quang Trung", "commune": "Phường Hải Đình",
           "province_code": "quang-tri", "payment_method": "cod"}
SEARCHES = ["mật ong", "nước mắm", "tỏi đen", "trà", "khoai deo", "rượu sim", "đũa gỗ",
            "honey", "fish sauce", "nuoc mam", "tieu", "mam ruoc", "xyzzy"]
# Action weights for a client with a cart; anonymous clients drop the cart actions.
WEIGHTS = {"browse": 60, "search": 15, "api": 10, "add": 10, "checkout": 5}
ANONYMOUS_ACTIONS = ("browse", "search", "api")
# Answers that are part of normal shopping, not faults (see the module docstring).
EXPECTED_4XX = {
    ("POST checkout", 409): "sold out (or price changed) between cart and order",
    ("POST cart/add", 400): "JSON answer: product no longer on sale / bad quantity",
}


@dataclass
class Catalogue:
    products: list[str]
    in_stock: list[int]
    producers: list[str]
    categories: list[str]
    pages: int


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)  # (kind, status) → count
    actions: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # connection errors by kind
    orders: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, kind: str, url: str, status: int) -> None:
        with self.lock:
            self.statuses[(kind, status)] += 1
            if status >= 500 and len(self.server_errors) < 50:
                self.server_errors.append(f"{kind} {url} → {status}")

    def count(self, counter: str, name: str) -> None:
        with self.lock:
            getattr(self, counter)[name] += 1

    def order(self, number: str) -> None:
        with self.lock:
            self.orders.append(number)

    def total(self) -> int:
        with self.lock:
            return sum(self.statuses.values())

    def five_xx(self) -> int:
        with self.lock:
            return sum(n for (_, status), n in self.statuses.items() if status >= 500)


def load_catalogue(engine) -> Catalogue:
    with engine.connect() as connection:
        products = list(connection.scalars(sa.text(
            "SELECT slug FROM products WHERE status = 'published'")))
        in_stock = list(connection.scalars(sa.text(
            "SELECT id FROM products WHERE status = 'published' AND stock > 0")))
        producers = list(connection.scalars(sa.text("SELECT slug FROM producers")))
        categories = list(connection.scalars(sa.text("SELECT slug FROM categories")))
    return Catalogue(products, in_stock, producers, categories, max(1, len(products) // 24))


def last_order_id(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text("SELECT coalesce(max(id), 0) FROM orders"))


def orders_since(engine, since: int) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(sa.text(
            "SELECT number FROM orders WHERE id > :since AND number IS NOT NULL"),
            {"since": since}))


class Client:
    """One visitor: a cookie jar of their own, anonymous or carrying a cart."""

    def __init__(self, base: str, catalogue: Catalogue, tally: Tally, anonymous: bool,
                 seed: int):
        self.base, self.catalogue, self.tally = base, catalogue, tally
        self.anonymous = anonymous
        self.random = random.Random(seed)
        self.http = requests.Session()
        self.http.headers.update({"Referer": f"{base}/vi/"})
        self.has_cart_line = False

    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response:
        if self.anonymous:
            self.http.cookies.clear()  # stays cookie-less: the shared pages' audience
        response = self.http.request(method, self.base + path, timeout=60,
                                     allow_redirects=False, **kwargs)
        self.tally.saw(kind, path, response.status_code)
        return response

    def lang(self) -> str:
        return self.random.choice(("vi", "vi", "en"))

    def browse(self) -> None:
        choice, lang = self.random.randrange(4), self.lang()
        if choice == 0:
            self.request("GET home", "GET", f"/{lang}/")
        elif choice == 1:
            page = min(self.catalogue.pages, int(self.random.paretovariate(1.2)))
            self.request("GET catalogue", "GET", f"/{lang}/products?page={page}")
        elif choice == 2:
            slug = self.random.choice(self.catalogue.products)
            self.request("GET product", "GET", f"/{lang}/products/{slug}")
        else:
            slug = self.random.choice(self.catalogue.producers)
            self.request("GET producer", "GET", f"/{lang}/producers/{slug}")

    def search(self) -> None:
        text, lang = quote(self.random.choice(SEARCHES)), self.lang()
        filters = self.random.choice(("", "&stars=4", "&in_stock=1", "&sort=name",
                                      f"&category={self.random.choice(self.catalogue.categories)}"))
        self.request("GET search", "GET", f"/{lang}/products?q={text}{filters}")

    def api(self) -> None:
        text = quote(self.random.choice(SEARCHES)[:4])
        path = self.random.choice((f"/api/v1/suggest?q={text}&lang=vi",
                                   f"/api/v1/search?q={text}", "/api/v1/categories",
                                   f"/api/v1/products/{self.random.choice(self.catalogue.products)}"))
        self.request("GET api", "GET", path)

    def add(self) -> None:
        token = self.request("GET cart/token", "GET", "/vi/cart/token").json()["csrf_token"]
        product = self.random.choice(self.catalogue.in_stock)
        answer = self.request("POST cart/add", "POST", "/vi/cart/add",
                              data={"product_id": product, "quantity": 1, "csrf_token": token},
                              headers={"Accept": "application/json"})
        if answer.status_code == 200 and answer.json().get("ok"):
            self.has_cart_line = True

    def checkout(self) -> None:
        if not self.has_cart_line:
            self.add()
        page = self.request("GET checkout", "GET", "/vi/checkout")
        if page.status_code != 200:
            self.fresh_cart()  # empty or unavailable lines: the cart page says so
            return
        total = self.request("GET checkout/shipping", "GET",
                             "/vi/checkout/shipping?province=quang-tri").json()["total_vnd"]
        form = {**CONTACT, "csrf_token": CSRF.search(page.text).group(1),
                "idempotency_key": KEY.search(page.text).group(1), "expected_total": total}
        answer = self.request("POST checkout", "POST", "/vi/checkout", data=form)
        found = ORDER.search(answer.headers.get("Location", ""))
        if answer.status_code == 302 and found:
            self.tally.order(found.group(1))
        self.fresh_cart()  # ordered, or sold out: start again with a new cart

    def fresh_cart(self) -> None:
        self.http.cookies.clear()
        self.has_cart_line = False

    def step(self) -> None:
        actions = ANONYMOUS_ACTIONS if self.anonymous else tuple(WEIGHTS)
        action = self.random.choices(actions, [WEIGHTS[a] for a in actions])[0]
        self.tally.count("actions", action)
        try:
            getattr(self, action)()
        except (requests.RequestException, ValueError, AttributeError) as error:
            # A dropped connection, or a page without the form we expected: counted, and
            # the visitor starts over (a real one would reload).
            self.tally.count("errors", f"{action}: {type(error).__name__}")
            self.fresh_cart()


def gunicorn_workers(master: int | None) -> dict[int, int]:
    """Worker pid → RSS in KiB, for the children of the gunicorn master."""
    if master is None:
        master = find_master()
    found = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return {int(pid): rss_kib(int(pid)) for pid in found.stdout.split()}


def find_master() -> int:
    found = subprocess.run(["pgrep", "-f", GUNICORN_COMMAND], capture_output=True, text=True)
    # `make run-prod` runs gunicorn under `sh -c "… gunicorn …"`, which matches too.
    pids = {int(pid) for pid in found.stdout.split() if not is_shell(int(pid))}
    masters = [pid for pid in pids if parent(pid) not in pids]
    if len(masters) != 1:
        raise SystemExit(f"cannot tell the gunicorn master among {sorted(pids)}: "
                         "pass --master-pid")
    return masters[0]


def is_shell(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            program = cmdline.read().split(b"\0", 1)[0]
    except FileNotFoundError:
        return True  # gone: not a candidate either
    return program.endswith(b"sh")


def parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def rss_table(start: dict[int, int], end: dict[int, int]) -> list[str]:
    lines = ["| worker pid | RSS after warm-up (MiB) | RSS at end (MiB) | change |",
             "| ---: | ---: | ---: | ---: |"]
    for pid in sorted(start.keys() | end.keys()):
        before, after = start.get(pid), end.get(pid)
        if before is None:
            lines.append(f"| {pid} | (new: recycled worker) | {after / 1024:.1f} | - |")
        elif after is None:
            lines.append(f"| {pid} | {before / 1024:.1f} | (gone: recycled) | - |")
        else:
            lines.append(f"| {pid} | {before / 1024:.1f} | {after / 1024:.1f} | "
                         f"{(after - before) / 1024:+.1f} |")
    return lines


def status_table(tally: Tally) -> list[str]:
    lines = ["| request | status | count | note |", "| --- | ---: | ---: | --- |"]
    for (kind, status), count in sorted(tally.statuses.items()):
        note = EXPECTED_4XX.get((kind, status), "")
        if status >= 500:
            note = "SERVER ERROR"
        elif status >= 400 and not note:
            note = "unexpected"
        lines.append(f"| {kind} | {status} | {count} | {note} |")
    return lines


def run_clients(args, catalogue: Catalogue, tally: Tally, stop: threading.Event) -> list:
    def loop(client: Client) -> None:
        while not stop.is_set():
            client.step()

    threads = []
    for number in range(args.clients):
        client = Client(args.url, catalogue, tally, anonymous=number % 2 == 0,
                        seed=args.seed + number)
        thread = threading.Thread(target=loop, args=(client,), daemon=True)
        thread.start()
        threads.append(thread)
    return threads


def progress(tally: Tally, started: float, workers: dict[int, int]) -> None:
    elapsed = time.monotonic() - started
    rss = ", ".join(f"{pid}: {kib / 1024:.0f} MiB" for pid, kib in sorted(workers.items()))
    print(f"[{elapsed / 60:4.1f} min] {tally.total():,} requests "
          f"({tally.total() / elapsed:.1f}/s), 5xx {tally.five_xx()}, orders "
          f"{len(tally.orders)}, errors {sum(tally.errors.values())}; RSS {rss}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=30, help="seconds before RSS is read")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--master-pid", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    engine = sa.create_engine(args.database_url)
    catalogue = load_catalogue(engine)
    since = last_order_id(engine)
    tally, stop = Tally(), threading.Event()
    print(f"Soak: {args.url}, {args.clients} clients, {args.warmup:.0f} s warm-up + "
          f"{args.minutes:g} min; {len(catalogue.products)} products "
          f"({len(catalogue.in_stock)} in stock); load {os.getloadavg()[0]:.2f}", flush=True)
    started = time.monotonic()
    threads = run_clients(args, catalogue, tally, stop)
    time.sleep(args.warmup)
    rss_start = gunicorn_workers(args.master_pid)
    progress(tally, started, rss_start)
    measured_from = time.monotonic()
    for minute in range(1, int(args.minutes * 60) // 60 + 1):
        time.sleep(max(0.0, measured_from + 60 * minute - time.monotonic()))
        progress(tally, started, gunicorn_workers(args.master_pid))
    time.sleep(max(0.0, measured_from + args.minutes * 60 - time.monotonic()))
    rss_end = gunicorn_workers(args.master_pid)
    stop.set()
    for thread in threads:
        thread.join(timeout=90)  # let in-flight checkouts finish before counting orders
    seconds = time.monotonic() - started
    in_database = orders_since(engine, since)
    engine.dispose()
    return report(tally, seconds, rss_start, rss_end, in_database)


def report(tally: Tally, seconds: float, rss_start: dict, rss_end: dict,
           in_database: set[str]) -> int:
    told = set(tally.orders)
    missing, unexpected = sorted(told - in_database), sorted(in_database - told)
    print(f"\n{tally.total():,} requests in {seconds:.0f} s ({tally.total() / seconds:.1f}/s); "
          f"actions {dict(tally.actions)}; client-side errors {dict(tally.errors) or 'none'}\n")
    print("\n".join(status_table(tally)))
    print("\n" + "\n".join(rss_table(rss_start, rss_end)))
    print(f"\nOrders: told to buyers {len(tally.orders)} ({len(told)} distinct), in the "
          f"database since start {len(in_database)}; missing from the database "
          f"{missing or 'none'}; in the database but never confirmed {len(unexpected)}")
    for line in tally.server_errors:
        print(f"5xx: {line}", file=sys.stderr)
    return 1 if tally.five_xx() or missing else 0


if __name__ == "__main__":
    sys.exit(main())
