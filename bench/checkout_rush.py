"""A checkout rush over HTTP: many buyers, one hot product, little stock. Does it oversell?

One gunicorn (gunicorn.conf.py, --workers processes; bench/served_app.py on the bench
database) is started; the hot product's stock is set to --stock directly in SQL; then
--buyers buyers on --threads threads, each with its own cookie jar, go
GET /vi/cart/token → POST /vi/cart/add → GET /vi/checkout → POST /vi/checkout (cash on
delivery), as a browser with JavaScript would. Reported: orders the buyers were told about,
orders for the product in the database since the start, final stock, buyers told "sold
out" (at add or at checkout), 5xx (must be 0) and oversells (must be 0: ordered units ≤
stock, stock ≥ 0, and stock + ordered units = the starting stock). Run: `make bench-rush` or

    .venv/bin/python bench/checkout_rush.py [--stock 50] [--buyers 200] [--threads 32]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_storefront]

The product's stock is put back as it was afterwards, so the database stays reusable.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa
from wrk_pages import DEFAULT_DATABASE, base_env, free_port, start_server, stop_server

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'<input[^>]*name="idempotency_key"[^>]*value="([^"]+)"')
ORDER = re.compile(r"/orders/([^/?]+)\?")
CONTACT = {"name": "Khách thử", "email": "rush@example.com", "phone": "0912345678",
           "street": "1 Lý Thường Kiệt", "commune": "Phường Đồng Hới",
           "province_code": "quang-tri", "payment_method": "cod"}


@dataclass
class Tally:
    """What the buyers were told, added up across threads."""

    statuses: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    orders: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, method: str, url: str, response: requests.Response) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append(f"{method} {url} → {response.status_code}")

    def outcome(self, name: str, order: str | None = None) -> None:
        with self.lock:
            self.outcomes[name] += 1
            if order:
                self.orders.append(order)


def hot_product(engine) -> tuple[int, str, int]:
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT id, slug, stock FROM products WHERE status = 'published' "
            "ORDER BY id LIMIT 1")).one()
    return row.id, row.slug, row.stock


def set_stock(engine, product_id: int, stock: int) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE products SET stock = :stock WHERE id = :id"),
                           {"stock": stock, "id": product_id})


def last_order_id(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text("SELECT coalesce(max(id), 0) FROM orders"))


def database_view(engine, product_id: int, since: int) -> dict:
    """Orders and units for the product placed after order id `since`, and its stock."""
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT count(DISTINCT o.id) AS orders, coalesce(sum(l.quantity), 0) AS units, "
            "array_agg(DISTINCT o.number) AS numbers FROM orders o "
            "JOIN order_lines l ON l.order_id = o.id "
            "WHERE o.id > :since AND l.product_id = :product"),
            {"since": since, "product": product_id}).one()
        stock = connection.scalar(sa.text("SELECT stock FROM products WHERE id = :id"),
                                  {"id": product_id})
    return {"orders": row.orders, "units": row.units,
            "numbers": set(row.numbers or []) - {None}, "stock": stock}


class Buyer:
    """One visitor with a cookie jar of their own, as a browser would be."""

    def __init__(self, base: str, tally: Tally):
        self.base, self.tally = base, tally
        self.http = requests.Session()
        self.http.headers.update({"Accept-Language": "vi", "Referer": f"{base}/vi/"})

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.http.get(self.base + path, timeout=60, **kwargs)
        self.tally.saw("GET", path, response)
        return response

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        response = self.http.post(self.base + path, data=data, timeout=60, **kwargs)
        self.tally.saw("POST", path, response)
        return response

    def add(self, product_id: int, quantity: int) -> bool:
        token = self.get("/vi/cart/token").json()["csrf_token"]
        answer = self.post("/vi/cart/add", {"product_id": product_id, "quantity": quantity,
                                            "csrf_token": token},
                           headers={"Accept": "application/json"})
        return answer.status_code == 200 and answer.json().get("ok", False)

    def checkout(self) -> requests.Response | None:
        page = self.get("/vi/checkout", allow_redirects=False)
        if page.status_code != 200:
            return None  # the cart emptied meanwhile (sold out): sent back to the cart page
        total = self.get("/vi/checkout/shipping?province=quang-tri").json()["total_vnd"]
        form = {**CONTACT, "csrf_token": CSRF.search(page.text).group(1),
                "idempotency_key": KEY.search(page.text).group(1), "expected_total": total}
        return self.post("/vi/checkout", form, allow_redirects=False)

    def buy(self, product_id: int, quantity: int) -> None:
        if not self.add(product_id, quantity):
            self.tally.outcome("told sold out when adding")
            return
        answer = self.checkout()
        if answer is None:
            self.tally.outcome("cart emptied before checkout")
        elif answer.status_code == 302 and ORDER.search(answer.headers["Location"]):
            self.tally.outcome("order placed", ORDER.search(answer.headers["Location"]).group(1))
        elif answer.status_code == 409:
            self.tally.outcome("told sold out at checkout (409)")
        else:
            self.tally.outcome(f"checkout answered {answer.status_code}")


def rush(base: str, product_id: int, args: argparse.Namespace) -> tuple[Tally, float]:
    tally = Tally()

    def one(_):
        try:
            Buyer(base, tally).buy(product_id, args.quantity)
        except requests.RequestException as error:
            tally.outcome(f"connection error: {type(error).__name__}")

    started = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(one, range(args.buyers)))
    return tally, time.perf_counter() - started


def report(tally: Tally, seen: dict, args, seconds: float) -> list[str]:
    placed = tally.outcomes["order placed"]
    oversold = seen["units"] > args.stock or seen["stock"] < 0 or (
        seen["stock"] + seen["units"] != args.stock)
    missing = sorted(set(tally.orders) - seen["numbers"])
    lines = [
        f"| buyers / threads / quantity each | {args.buyers} / {args.threads} / "
        f"{args.quantity} |",
        f"| starting stock | {args.stock} |",
        f"| orders placed (told to buyers) | {placed} |",
        f"| orders for the product in the database | {seen['orders']} ({seen['units']} units) |",
        f"| final stock | {seen['stock']} |",
    ]
    for outcome, count in sorted(tally.outcomes.items()):
        if outcome != "order placed":
            lines.append(f"| {outcome} | {count} |")
    lines += [
        f"| 5xx answers | {len(tally.server_errors)} |",
        f"| oversold | {'YES' if oversold else 'no'} |",
        f"| orders told but missing from the database | {len(missing)} |",
        f"| HTTP statuses | {dict(sorted(tally.statuses.items()))} |",
        f"| duration | {seconds:.1f} s ({placed / seconds:.1f} orders/s, "
        f"{args.buyers / seconds:.1f} buyers/s) |",
    ]
    return ["| measure | value |", "| --- | --- |", *lines]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--stock", type=int, default=50)
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--quantity", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--instance", type=Path,
                        default=Path(tempfile.gettempdir()) / "bench-instance")
    parser.add_argument("--redis-url")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    args.instance.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(args.database_url)
    product_id, slug, original_stock = hot_product(engine)
    port = free_port()
    server = start_server(args, base_env(args), port)
    try:
        set_stock(engine, product_id, args.stock)
        since = last_order_id(engine)
        print(f"Rush on {slug} (id {product_id}), stock {args.stock}, {args.buyers} buyers, "
              f"{args.threads} threads, {args.workers} workers…", flush=True)
        tally, seconds = rush(f"http://127.0.0.1:{port}", product_id, args)
        seen = database_view(engine, product_id, since)
    finally:
        stop_server(server)
        set_stock(engine, product_id, original_stock)  # leave the bench database reusable
        engine.dispose()
    print("\n".join(report(tally, seen, args, seconds)))
    for line in tally.server_errors[:10]:
        print(f"5xx: {line}", file=sys.stderr)
    broken = (tally.server_errors or seen["units"] > args.stock or seen["stock"] < 0
              or tally.outcomes["order placed"] != seen["orders"])
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
