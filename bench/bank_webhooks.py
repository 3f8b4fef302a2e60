"""How fast a bank notification pays an order: /webhooks/bank/sepay, authenticate, store
the transaction, read the order number, mark the order paid (with its e-mails), commit.

N bank-transfer orders are placed, then one SePay notification per order is posted (the
message as banking apps send it: sender's name first, dashes gone), then each again
(SePay's retries, answered "duplicate"). Run:

    .venv/bin/python bench/bank_webhooks.py [--orders 300]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_bank]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkout import make_app  # noqa: E402
from bench.webhooks import report  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.orders.models import Order  # noqa: E402
from storefront.orders.states import PaymentStatus  # noqa: E402
from tests import factories  # noqa: E402

API_KEY = "bench-sepay-key"
_ids = itertools.count(1)


def place_transfer_orders(app, count: int) -> list[tuple[str, int]]:
    with app.app_context():
        made = [factories.make_order(method="bank_transfer") for _ in range(count)]
        db.session.commit()
        return [(order.number, order.amount_due_vnd) for order in made]


def notification(number: str, amount: int, account: str) -> bytes:
    serial = next(_ids)
    return json.dumps({
        "id": serial, "gateway": "Vietcombank", "transactionDate": "2026-12-08 09:00:00",
        "accountNumber": account, "code": None,
        "content": f"NGUYEN VAN AN chuyen tien {number.replace('-', '')}",
        "transferType": "in", "transferAmount": amount, "accumulated": amount,
        "subAccount": None, "referenceCode": f"FT26342{serial:07d}", "description": ""}).encode()


def deliver_all(client, bodies: list[bytes], expected: str) -> list[float]:
    latencies = []
    for body in bodies:
        started = time.perf_counter()
        response = client.post("/webhooks/bank/sepay", data=body,
                               content_type="application/json",
                               headers={"Authorization": f"Apikey {API_KEY}"})
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200 or response.json["outcomes"] != [expected]:
            raise SystemExit(f"webhook answered {response.status_code} {response.json}")
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = make_app(Path(directory), args.database_url, 2)
        app.config["SEPAY_API_KEY"] = API_KEY
        account = app.config["BANK_TRANSFER"]["account"]
        bodies = [notification(number, amount, account)
                  for number, amount in place_transfer_orders(app, args.orders)]
        client = app.test_client()
        report("first delivery (marks paid)", deliver_all(client, bodies, "matched"))
        report("retry (duplicate)", deliver_all(client, bodies, "duplicate"))
        with app.app_context():
            paid = db.session.query(Order).filter_by(payment_status=PaymentStatus.PAID).count()
            if paid != args.orders:
                raise SystemExit(f"only {paid} of {args.orders} orders paid")
            print(f"checked: {paid} orders paid, each once")
            db.engine.dispose()


if __name__ == "__main__":
    main()
