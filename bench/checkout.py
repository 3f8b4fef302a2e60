"""Orders per second through the real checkout (form post → order, stock, e-mails, commit).

Buyers are prepared first (two products from two producers in each cart, the checkout
page read for its form), then only the final POST /vi/checkout is timed: one buyer after
another, and then many at once on threads, each with its own database connection, all
buying from the same two products (the worst case for row locks). Run:

    .venv/bin/python bench/checkout.py [--orders 200] [--concurrency 8]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_checkout]

Without --database-url it uses a SQLite file in a temporary directory. A PostgreSQL
database given here is emptied first.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from storefront import create_app  # noqa: E402
from storefront.catalog.models import Product  # noqa: E402
from storefront.catalog.seed import load_catalogue  # noqa: E402
from storefront.catalog.seed_files import read_seed  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.orders.models import Order  # noqa: E402

PRODUCTS = ("nuoc-mam-chay-moc-huong-500ml", "dua-go-tau-quang-thuy-10-doi")
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'<input[^>]*name="idempotency_key"[^>]*value="([^"]+)"')
CONTACT = {"name": "Khách thử", "email": "bench@example.com", "phone": "0912345678",
           "street": "1 Lý Thường Kiệt", "commune": "Phường Đồng Hới",
           "province_code": "quang-tri", "payment_method": "cod"}


def make_app(directory: Path, database_url: str | None, connections: int):
    url = database_url or f"sqlite:///{directory / 'bench.sqlite3'}"
    config = {"INSTANCE_PATH": str(directory), "SQLALCHEMY_DATABASE_URI": url,
              "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
              "WTF_CSRF_SSL_STRICT": False}
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": connections + 2}
    app = create_app(config)
    with app.app_context():
        upgrade()
        seed = ROOT / "catalog_seed"
        load_catalogue(read_seed(seed), seed / "images")
        db.session.execute(sa.update(Product).where(Product.slug.in_(PRODUCTS))
                           .values(stock=1_000_000))
        db.session.commit()
    return app


def ready_buyer(app, product_ids: list[int]):
    client = app.test_client()
    page = client.get(f"/vi/products/{PRODUCTS[0]}").get_data(as_text=True)
    for product_id in product_ids:
        client.post("/vi/cart/add", data={"product_id": product_id, "quantity": 1,
                                          "csrf_token": CSRF.search(page).group(1)})
    page = client.get("/vi/checkout").get_data(as_text=True)
    total = client.get("/vi/checkout/shipping?province=quang-tri").json["total_vnd"]
    form = {**CONTACT, "idempotency_key": KEY.search(page).group(1),
            "expected_total": total, "csrf_token": CSRF.search(page).group(1)}
    return client, form


def checkout(buyer) -> float:
    client, form = buyer
    started = time.perf_counter()
    response = client.post("/vi/checkout", data=form)
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"checkout answered {response.status_code}")
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def report(label: str, latencies: list[float], seconds: float) -> None:
    print(f"{label:<34} {len(latencies) / seconds:8.1f} orders/s   "
          f"p50 {percentile(latencies, 0.5):6.1f} ms   p95 {percentile(latencies, 0.95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = make_app(Path(directory), args.database_url, args.concurrency)
        with app.app_context():
            ids = list(db.session.scalars(sa.select(Product.id)
                                          .where(Product.slug.in_(PRODUCTS))))
        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(f"{backend}: preparing {2 * args.orders} buyers…", flush=True)
        buyers = [ready_buyer(app, ids) for _ in range(2 * args.orders)]

        started = time.perf_counter()
        latencies = [checkout(buyer) for buyer in buyers[:args.orders]]
        report("one buyer at a time", latencies, time.perf_counter() - started)

        start = threading.Barrier(args.concurrency)

        def timed(buyer):
            return checkout(buyer)

        with ThreadPoolExecutor(args.concurrency, initializer=start.wait) as pool:
            started = time.perf_counter()
            latencies = list(pool.map(timed, buyers[args.orders:]))
            seconds = time.perf_counter() - started
        report(f"{args.concurrency} buyers at once", latencies, seconds)
        with app.app_context():
            verify(len(buyers))
            db.engine.dispose()


def verify(expected_orders: int) -> None:
    """Every checkout made exactly one order and took exactly one unit of each product."""
    orders = db.session.scalar(sa.select(sa.func.count(Order.id)))
    stock = set(db.session.scalars(sa.select(Product.stock).where(Product.slug.in_(PRODUCTS))))
    if orders != expected_orders or stock != {1_000_000 - expected_orders}:
        raise SystemExit(f"inconsistent: {orders} orders, stock {stock}")
    print(f"checked: {orders} orders, each product's stock down by exactly {orders}")


if __name__ == "__main__":
    main()
