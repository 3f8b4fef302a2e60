"""Bank notifications (SePay, Casso) pay VietQR orders by themselves, once.

Every refusal changes nothing: no row, no payment, no e-mail.
"""

import datetime as dt
import hashlib
import hmac
import itertools
import json

import pytest
import sqlalchemy as sa

from storefront.extensions import db
from storefront.finance import providers
from storefront.finance.models import BankTransaction, ReviewReason, TransactionStatus
from storefront.orders import services as orders
from storefront.orders.models import Order, OrderEvent
from storefront.orders.states import PaymentStatus
from tests import factories
from tests.web import outbox

SEPAY_KEY = "sepay-test-key"
CASSO_KEY = "casso-checksum-key"
ACCOUNT = "0011001234567"  # the BANK_TRANSFER account of the test configuration
_ids = itertools.count(5000)


@pytest.fixture(autouse=True)
def notifiers(app, monkeypatch):
    monkeypatch.setitem(app.config, "SEPAY_API_KEY", SEPAY_KEY)
    monkeypatch.setitem(app.config, "CASSO_CHECKSUM_KEY", CASSO_KEY)
    monkeypatch.setitem(app.config, "BANK_TRANSFER",
                        {**app.config["BANK_TRANSFER"], "account": ACCOUNT})


def transfer_order(**kwargs) -> Order:
    order = factories.make_order(method="bank_transfer", **kwargs)
    db.session.commit()
    return order


def sepay_body(content: str, amount: int, **changes) -> dict:
    return {"id": next(_ids), "gateway": "Vietcombank", "transactionDate": "2026-12-07 14:02:37",
            "accountNumber": ACCOUNT, "code": None, "content": content, "transferType": "in",
            "transferAmount": amount, "accumulated": 19_077_000, "subAccount": None,
            "referenceCode": f"FT{next(_ids)}", "description": "", **changes}


def post_sepay(client, body: dict | bytes, key: str = SEPAY_KEY, headers: dict | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/webhooks/bank/sepay", data=raw, content_type="application/json",
                       headers={"Authorization": f"Apikey {key}", **(headers or {})})


def casso_post(client, data: dict, key: str = CASSO_KEY):
    body = {"error": 0, "data": data}
    stamp = "1796000000000"
    text = json.dumps(providers._sort_keys(body), ensure_ascii=False, separators=(",", ":"))
    signature = hmac.new(key.encode(), f"{stamp}.{text}".encode(), hashlib.sha512).hexdigest()
    return client.post("/webhooks/bank/casso", data=json.dumps(body),
                       content_type="application/json",
                       headers={"X-Casso-Signature": f"t={stamp},v1={signature}"})


def stored() -> list[BankTransaction]:
    return list(db.session.scalars(sa.select(BankTransaction).order_by(BankTransaction.id)))


def fresh(order: Order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


def test_an_exact_transfer_pays_the_order_and_tells_everyone(client):
    order = transfer_order()
    answer = post_sepay(client, sepay_body(f"NGUYEN VAN AN chuyen tien {order.number}",
                                           order.amount_due_vnd))
    assert answer.status_code == 200
    assert answer.json["success"] is True and answer.json["outcomes"] == ["matched"]
    assert fresh(order).payment_status == PaymentStatus.PAID
    [transaction] = stored()
    assert transaction.status == TransactionStatus.MATCHED and transaction.order_id == order.id
    event = db.session.scalars(sa.select(OrderEvent).where(
        OrderEvent.order_id == order.id, OrderEvent.kind == "payment")).one()
    assert event.actor_label == orders.BANK and "sepay" in event.note
    assert len(outbox("payment_received", to=order.contact_email)) == 1
    assert outbox("producer_order_paid")


def test_the_buyers_page_turns_to_paid(client):
    order = transfer_order()
    page = client.get(f"/vi/orders/{order.number}?token={order.access_token}")
    assert "data-wait-for-payment" in page.get_data(as_text=True)
    post_sepay(client, sepay_body(order.number.replace("-", ""), order.amount_due_vnd))
    status = client.get(f"/vi/orders/{order.number}/status?token={order.access_token}")
    assert status.json["payment_status"] == "paid"


def test_a_casso_notification_pays_too(client):
    order = transfer_order()
    answer = casso_post(client, {
        "id": 771, "reference": "FT2634100001", "description": f"TT {order.number}",
        "amount": order.amount_due_vnd, "runningBalance": 1, "accountNumber": ACCOUNT,
        "transactionDateTime": "2026-12-07 15:00:00", "bankName": "Vietcombank"})
    assert answer.status_code == 200 and answer.json["outcomes"] == ["matched"]
    assert fresh(order).payment_status == PaymentStatus.PAID


def test_replays_and_retries_change_nothing_twice(client):
    order = transfer_order()
    body = sepay_body(order.number, order.amount_due_vnd)
    answers = [post_sepay(client, body) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert [a.json["outcomes"][0] for a in answers] == ["matched"] + ["duplicate"] * 4
    assert len(stored()) == 1
    assert len(outbox("payment_received", to=order.contact_email)) == 1


def test_the_same_transfer_from_another_notifier_is_kept_once(client):
    order = transfer_order()
    post_sepay(client, sepay_body(order.number, order.amount_due_vnd,
                                  referenceCode="FT26341-0002"))
    answer = casso_post(client, {
        "id": 9, "reference": "FT263410002", "description": order.number,
        "amount": order.amount_due_vnd, "accountNumber": ACCOUNT,
        "transactionDateTime": "2026-12-07 14:02:40"})
    assert answer.json["outcomes"] == ["duplicate"]
    assert len(stored()) == 1


def test_out_of_order_part_payments_pay_when_complete(client):
    order = transfer_order()
    due = order.amount_due_vnd
    second = sepay_body(f"{order.number} lan 2", due - 50_000,
                        transactionDate="2026-12-07 15:00:00")
    first = sepay_body(f"{order.number} lan 1", 50_000, transactionDate="2026-12-07 14:00:00")
    assert post_sepay(client, second).json["outcomes"] == ["review"]
    assert fresh(order).payment_status == PaymentStatus.UNPAID
    assert post_sepay(client, first).json["outcomes"] == ["matched"]
    assert fresh(order).payment_status == PaymentStatus.PAID
    assert [t.status for t in stored()] == [TransactionStatus.MATCHED] * 2


@pytest.mark.parametrize(("change", "reason"), [
    (lambda order: (order.number, order.amount_due_vnd + 10_000), ReviewReason.OVERPAID),
    (lambda order: ("chuyen tien mua hang", order.amount_due_vnd), ReviewReason.NO_REFERENCE),
    (lambda order: ("QB-2026-999999", order.amount_due_vnd), ReviewReason.UNKNOWN_ORDER),
])
def test_what_does_not_fit_waits_for_the_office(client, change, reason):
    order = transfer_order()
    content, amount = change(order)
    assert post_sepay(client, sepay_body(content, amount)).json["outcomes"] == ["review"]
    [transaction] = stored()
    assert transaction.reason == reason
    assert fresh(order).payment_status == PaymentStatus.UNPAID
    assert outbox("payment_received") == []


def test_money_for_an_expired_order_waits_for_the_office(client):
    order = transfer_order()
    order.expires_at = order.created_at - dt.timedelta(minutes=1)
    assert orders.expire_order(order)
    db.session.commit()
    post_sepay(client, sepay_body(order.number, order.total_vnd))  # what the QR said
    assert stored()[0].reason == ReviewReason.EXPIRED
    assert fresh(order).payment_status == PaymentStatus.EXPIRED


def test_a_second_payment_of_a_paid_order_waits_for_the_office(client):
    order = transfer_order()
    post_sepay(client, sepay_body(order.number, order.amount_due_vnd))
    post_sepay(client, sepay_body(order.number, order.amount_due_vnd))
    assert [t.reason for t in stored()] == [None, ReviewReason.ALREADY_PAID]
    assert len(outbox("payment_received", to=order.contact_email)) == 1


def test_outgoing_money_and_other_accounts_are_kept_never_matched(client):
    order = transfer_order()
    out = post_sepay(client, sepay_body(order.number, order.amount_due_vnd, transferType="out"))
    other = post_sepay(client, sepay_body(order.number, order.amount_due_vnd,
                                          accountNumber="9999999999"))
    assert out.json["outcomes"] == ["outgoing"] and other.json["outcomes"] == ["other_account"]
    assert fresh(order).payment_status == PaymentStatus.UNPAID


@pytest.mark.parametrize("key", ["", "wrong-key"])
def test_a_missing_or_wrong_key_is_refused_and_nothing_stored(client, key):
    order = transfer_order()
    answer = post_sepay(client, sepay_body(order.number, order.amount_due_vnd), key=key)
    assert answer.status_code == 401 and answer.json["success"] is False
    assert stored() == [] and fresh(order).payment_status == PaymentStatus.UNPAID


def test_a_bad_casso_signature_is_refused(client):
    order = transfer_order()
    answer = casso_post(client, {"id": 1, "description": order.number,
                                 "amount": order.amount_due_vnd, "accountNumber": ACCOUNT,
                                 "transactionDateTime": "2026-12-07 14:00:00"}, key="not it")
    assert answer.status_code == 401 and stored() == []


def test_a_sepay_signature_is_checked_when_configured(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SEPAY_SIGNING_SECRET", "signing-secret")
    order = transfer_order()
    raw = json.dumps(sepay_body(order.number, order.amount_due_vnd)).encode()
    assert post_sepay(client, raw).status_code == 401  # the key alone is not enough now
    stamp = str(int(dt.datetime.now(dt.UTC).timestamp()))
    signature = hmac.new(b"signing-secret", stamp.encode() + b"." + raw,
                         hashlib.sha256).hexdigest()
    answer = post_sepay(client, raw, headers={"X-SePay-Timestamp": stamp,
                                              "X-SePay-Signature": f"sha256={signature}"})
    assert answer.status_code == 200 and fresh(order).payment_status == PaymentStatus.PAID


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"id": 1}',
                                  json.dumps({"id": 2, "transferType": "in",
                                              "transferAmount": -5}).encode()])
def test_malformed_bodies_get_400_and_nothing_is_stored(client, body):
    answer = post_sepay(client, body)
    assert answer.status_code == 400 and answer.json["success"] is False
    assert stored() == []


def test_unconfigured_notifiers_answer_404(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SEPAY_API_KEY", None)
    assert post_sepay(client, sepay_body("x", 1)).status_code == 404
    assert client.post("/webhooks/bank/paypal", json={}).status_code == 404
