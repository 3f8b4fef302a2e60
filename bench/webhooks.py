"""How fast /webhooks/stripe answers: verify, store the event, mark the order paid, commit.

N card orders are placed (with their PaymentIntent rows, as the card page makes them),
then one signed ``payment_intent.succeeded`` per order is posted, and then each of them
again (Stripe's redeliveries, answered "duplicate"). Run:

    .venv/bin/python bench/webhooks.py [--orders 300]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_webhooks]

No Stripe server is needed: a success event makes no call to Stripe.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkout import make_app, percentile  # noqa: E402
from storefront.extensions import db  # noqa: E402
from storefront.orders.states import PaymentStatus  # noqa: E402
from storefront.payments.models import Payment  # noqa: E402
from tests import factories  # noqa: E402
from tests.support.stripe_events import intent_event, signed, stripe_settings  # noqa: E402


def place_card_orders(app, count: int) -> list[tuple[str, int]]:
    with app.app_context():
        made = []
        for _ in range(count):
            order = factories.make_order(method="card")
            payment = Payment(order=order, intent_id=f"pi_bench_{uuid.uuid4().hex}",
                              amount_vnd=order.amount_due_vnd)
            db.session.add(payment)
            made.append((payment.intent_id, order.amount_due_vnd))
        db.session.commit()
        return made


def deliver_all(client, events: list[dict]) -> list[float]:
    latencies = []
    for event in events:
        body, signature = signed(event)
        started = time.perf_counter()
        response = client.post("/webhooks/stripe", data=body,
                               headers={"Stripe-Signature": signature})
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}")
    return latencies


def report(label: str, latencies: list[float]) -> None:
    print(f"{label:<34} p50 {percentile(latencies, 0.5):6.1f} ms   "
          f"p95 {percentile(latencies, 0.95):6.1f} ms   max {max(latencies) * 1000:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        app = make_app(Path(directory), args.database_url, 2)
        app.config.update(stripe_settings())
        intents = place_card_orders(app, args.orders)
        events = [intent_event("payment_intent.succeeded", intent_id, amount=amount)
                  for intent_id, amount in intents]
        client = app.test_client()
        report("first delivery (marks paid)", deliver_all(client, events))
        report("redelivery (duplicate)", deliver_all(client, events))
        with app.app_context():
            paid = db.session.query(Payment).join(Payment.order).filter_by(
                payment_status=PaymentStatus.PAID).count()
            if paid != args.orders:
                raise SystemExit(f"only {paid} of {args.orders} orders paid")
            print(f"checked: {paid} orders paid, each once")
            db.engine.dispose()


if __name__ == "__main__":
    main()
