"""The same transfer reported by SePay and by Casso at the same moment pays its order once.

For each of several orders, both notifications are posted at once from separate threads,
each request in its own transaction and connection. Afterwards every order is paid, with
one payment event and one "payment received" e-mail, and each transfer is stored once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from storefront.extensions import db
from storefront.finance import providers
from storefront.finance.models import BankTransaction
from storefront.mail.models import OutboxEmail
from storefront.orders.models import Order, OrderEvent
from storefront.orders.states import PaymentStatus
from tests import factories
from tests.integration.processes.conftest import committed_database, seeded_app

ORDERS = 6
SEPAY_KEY, CASSO_KEY = "twin-sepay", "twin-casso"


@pytest.fixture(params=["sqlite", "postgresql"])
def shop(request, tmp_path, media_root):
    url = committed_database(request.param, "storefront_transfers", tmp_path)
    app = seeded_app(url, tmp_path / "instance", media_root, SEPAY_API_KEY=SEPAY_KEY,
                     CASSO_CHECKSUM_KEY=CASSO_KEY,
                     SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2 * ORDERS + 2}
                     if request.param == "postgresql" else {})
    yield app
    with app.app_context():
        db.engine.dispose()


def sepay(client, number: str, amount: int, account: str, reference: str, serial: int):
    body = {"id": serial, "gateway": "Vietcombank", "transactionDate": "2026-12-08 09:00:00",
            "accountNumber": account, "content": f"TT {number}", "transferType": "in",
            "transferAmount": amount, "referenceCode": reference}
    return client.post("/webhooks/bank/sepay", json=body,
                       headers={"Authorization": f"Apikey {SEPAY_KEY}"})


def casso(client, number: str, amount: int, account: str, reference: str, serial: int):
    body = {"error": 0, "data": {"id": serial, "reference": reference,
                                 "description": number.replace("-", ""), "amount": amount,
                                 "accountNumber": account,
                                 "transactionDateTime": "2026-12-08 09:00:01"}}
    text = json.dumps(providers._sort_keys(body), ensure_ascii=False, separators=(",", ":"))
    signature = hmac.new(CASSO_KEY.encode(), f"1.{text}".encode(), hashlib.sha512).hexdigest()
    return client.post("/webhooks/bank/casso", json=body,
                       headers={"X-Casso-Signature": f"t=1,v1={signature}"})


def test_twin_notifications_pay_each_order_once(shop):
    with shop.app_context():
        account = shop.config["BANK_TRANSFER"]["account"]
        orders = [factories.make_order(method="bank_transfer") for _ in range(ORDERS)]
        db.session.commit()
        wanted = [(order.id, order.number, order.amount_due_vnd) for order in orders]
    barrier = threading.Barrier(2 * ORDERS)

    def post(job):
        index, notifier = job
        order_id, number, amount = wanted[index]
        client = shop.test_client()
        barrier.wait()
        return notifier(client, number, amount, account, f"FT2634{index:06d}", 100 + index)

    jobs = [(index, notifier) for index in range(ORDERS) for notifier in (sepay, casso)]
    with ThreadPoolExecutor(len(jobs)) as pool:
        answers = list(pool.map(post, jobs))

    assert [answer.status_code for answer in answers] == [200] * len(jobs)
    outcomes = sorted(answer.json["outcomes"][0] for answer in answers)
    assert outcomes == ["duplicate"] * ORDERS + ["matched"] * ORDERS
    with shop.app_context():
        for order_id, number, _amount in wanted:
            order = db.session.get(Order, order_id)
            assert order.payment_status == PaymentStatus.PAID
            payments = db.session.scalars(sa.select(OrderEvent).where(
                OrderEvent.order_id == order_id, OrderEvent.kind == "payment")).all()
            assert len(payments) == 1, number
            mails = db.session.scalars(sa.select(OutboxEmail).where(
                OutboxEmail.kind == "payment_received",
                OutboxEmail.text_body.contains(number))).all()
            assert len(mails) == 1, number
        assert db.session.scalar(sa.select(sa.func.count(BankTransaction.id))) == ORDERS
