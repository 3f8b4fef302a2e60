"""The office's desk: transfers that did not pay by themselves, assigned or refunded."""

import pytest
import sqlalchemy as sa

from storefront.audit.models import AuditLog
from storefront.extensions import db
from storefront.finance.models import BankTransaction, ReviewReason, TransactionStatus
from storefront.orders.models import Order
from storefront.orders.states import PaymentStatus
from tests import factories
from tests.web import outbox, sign_in, submit

ANY_FORM = "/en/account/"  # a page with a form, for a token when the desk shows none


@pytest.fixture
def office(client):
    admin = factories.make_user("admin")
    db.session.commit()
    sign_in(client, admin)
    return client


def waiting_transfer(content: str, amount: int, reason=ReviewReason.NO_REFERENCE,
                     order=None) -> BankTransaction:
    transaction = factories.make_bank_transaction(content, amount, reason, order)
    db.session.commit()
    return transaction


def transfer_order() -> Order:
    order = factories.make_order(method="bank_transfer")
    db.session.commit()
    return order


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_the_desk_lists_what_waits_with_its_reason(office):
    waiting_transfer("chuyen tien mua nuoc mam", 95_000)
    page = office.get("/vi/admin/transfers")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "chuyen tien mua nuoc mam" in text and "95.000" in text
    assert "Không có mã đơn hàng trong nội dung" in text


def test_the_desk_is_empty_and_says_so(office):
    text = office.get("/en/admin/transfers").get_data(as_text=True)
    assert "Nothing waits for the office" in text


def test_assigning_exact_money_pays_the_order_in_one_step(office):
    order = transfer_order()
    transaction = waiting_transfer("tien hang chi Lan", order.amount_due_vnd)
    answer = submit(office, f"/vi/admin/transfers/{transaction.id}/assign",
                    {"order_number": order.number.replace("-", " "), "note": "Chị Lan gọi điện"},
                    form_page="/vi/admin/transfers", follow_redirects=True)
    assert answer.status_code == 200
    assert f"Đơn {order.number} đã được thanh toán" in answer.get_data(as_text=True)
    assert fresh(Order, order.id).payment_status == PaymentStatus.PAID
    settled = fresh(BankTransaction, transaction.id)
    assert settled.status == TransactionStatus.MATCHED and settled.office_note == "Chị Lan gọi điện"
    assert len(outbox("payment_received", to=order.contact_email)) == 1
    audit = db.session.scalars(sa.select(AuditLog).where(
        AuditLog.object_type == "bank_transactions")).all()
    assert audit and audit[-1].action == "update"


def test_assigning_too_little_keeps_it_as_a_part_payment(office):
    order = transfer_order()
    transaction = waiting_transfer("tien hang", order.amount_due_vnd - 1_000)
    submit(office, f"/vi/admin/transfers/{transaction.id}/assign",
           {"order_number": order.number}, form_page="/vi/admin/transfers")
    settled = fresh(BankTransaction, transaction.id)
    assert (settled.status, settled.reason) == (TransactionStatus.REVIEW, ReviewReason.UNDERPAID)
    assert settled.order_id == order.id
    assert fresh(Order, order.id).payment_status == PaymentStatus.UNPAID


@pytest.mark.parametrize("number", ["QB-2026-999999", "not a number", ""])
def test_assigning_to_no_order_is_refused_and_changes_nothing(office, number):
    transaction = waiting_transfer("tien hang", 95_000)
    answer = submit(office, f"/en/admin/transfers/{transaction.id}/assign",
                    {"order_number": number}, form_page="/en/admin/transfers",
                    follow_redirects=True)
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "No order has the number" in text or "Enter the number of the order" in text
    settled = fresh(BankTransaction, transaction.id)
    assert (settled.status, settled.reason) == (TransactionStatus.REVIEW,
                                                ReviewReason.NO_REFERENCE)


def test_recording_a_refund_settles_the_transfer(office):
    order = transfer_order()
    transaction = waiting_transfer(order.number, order.amount_due_vnd,
                                   ReviewReason.ALREADY_PAID, order)
    submit(office, f"/vi/admin/transfers/{transaction.id}/refund",
           {"bank_reference": "FT26341999", "note": "Hoàn tiền chuyển trùng"},
           form_page="/vi/admin/transfers")
    settled = fresh(BankTransaction, transaction.id)
    assert settled.status == TransactionStatus.REFUNDED
    assert settled.refund_reference == "FT26341999"
    # Settled: a second decision (from a page opened before) is refused.
    answer = submit(office, f"/en/admin/transfers/{transaction.id}/assign",
                    {"order_number": order.number}, form_page=ANY_FORM,
                    follow_redirects=True)
    assert "already settled" in answer.get_data(as_text=True)


def test_a_refund_needs_the_banks_reference(office):
    transaction = waiting_transfer("tien hang", 95_000)
    answer = submit(office, f"/en/admin/transfers/{transaction.id}/refund",
                    {"bank_reference": "  "}, form_page="/en/admin/transfers",
                    follow_redirects=True)
    assert "reference of the refund you sent" in answer.get_data(as_text=True)
    assert fresh(BankTransaction, transaction.id).status == TransactionStatus.REVIEW


def test_unknown_transfers_are_not_found(office):
    assert submit(office, "/en/admin/transfers/999999/refund", {"bank_reference": "x"},
                  form_page=ANY_FORM).status_code == 404


def test_the_desk_list_has_no_n_plus_one(office, count_queries):
    for n in range(3):
        order = transfer_order()
        waiting_transfer(f"{order.number} {n}", 1_000, ReviewReason.UNDERPAID, order)
    with count_queries() as few:
        office.get("/vi/admin/transfers")
    for n in range(6):
        order = transfer_order()
        waiting_transfer(f"{order.number} more {n}", 1_000, ReviewReason.UNDERPAID, order)
    with count_queries() as many:
        office.get("/vi/admin/transfers")
    assert many.count == few.count


def test_the_order_page_and_the_overview_show_the_transfers(office):
    order = transfer_order()
    waiting_transfer(f"{order.number} lan 1", 1_000, ReviewReason.UNDERPAID, order)
    text = office.get(f"/en/admin/orders/{order.number}").get_data(as_text=True)
    assert "Bank transfers for this order" in text and "Less than due" in text
    overview = office.get("/en/admin/").get_data(as_text=True)
    assert "bank transfers waiting for the office" in overview
