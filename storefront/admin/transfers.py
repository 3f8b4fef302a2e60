"""``/<lang>/admin/transfers``: the office account's transactions, and the desk for those
that did not pay an order by themselves (storefront.finance)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from storefront.accounts.permissions import admin_required
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import AssignTransferForm, TransferRefundForm
from storefront.extensions import db
from storefront.finance import desk, queries
from storefront.finance.models import ReviewReason, TransactionStatus
from storefront.pagination import requested_page

REASON_LABELS = {
    ReviewReason.UNDERPAID: _l("Less than due: partly paid, the rest is still due"),
    ReviewReason.OVERPAID: _l("More than due: a refund of the difference is owed"),
    ReviewReason.EXPIRED: _l("The order had expired or was cancelled: reinstate it or "
                             "refund the money"),
    ReviewReason.ALREADY_PAID: _l("The order was already paid: a refund is owed"),
    ReviewReason.OTHER_METHOD: _l("The order is paid another way (cash or card)"),
    ReviewReason.UNKNOWN_ORDER: _l("The order number in the message does not exist"),
    ReviewReason.NO_REFERENCE: _l("No order number in the message"),
}
STATUS_LABELS = {
    TransactionStatus.MATCHED: _l("Paid an order"),
    TransactionStatus.REVIEW: _l("Waiting for the office"),
    TransactionStatus.OUTGOING: _l("Money out"),
    TransactionStatus.OTHER_ACCOUNT: _l("Another account"),
    TransactionStatus.REFUNDED: _l("Refunded by bank"),
}
bp.add_app_template_filter(lambda reason: str(REASON_LABELS.get(reason, reason or "")),
                           "transfer_reason")
bp.add_app_template_filter(lambda status: str(STATUS_LABELS.get(status, status)),
                           "transfer_status")


@bp.get("/transfers")
@admin_required
def transfers():
    tab = status_argument(tuple(queries.DESK_FILTERS), "review")
    return render_template("admin/transfers.html", tab=tab,
                           page=queries.transactions_page(tab, requested_page(), PAGE_SIZE),
                           assign_form=AssignTransferForm(), refund_form=TransferRefundForm())


def _open_transaction(transaction_id: int):
    transaction = queries.transaction(transaction_id)
    if transaction is None:
        abort(404)
    return transaction


def _back():
    return redirect(url_for("admin.transfers", status=request.args.get("status", "review")))


def _decide(transaction_id: int, form, decision, missing: str, done):
    """Run one desk decision: a form with mistakes or a refusal is flashed and changes
    nothing; success is committed and ``done(transaction)`` says what happened."""
    transaction = _open_transaction(transaction_id)
    if not form.validate_on_submit():
        flash(missing, "error")
        return _back()
    try:
        decision(transaction)
    except desk.DeskError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back()
    db.session.commit()
    flash(done(transaction), "info")
    return _back()


@bp.post("/transfers/<int:transaction_id>/assign")
@admin_required
def assign_transfer(transaction_id: int):
    form = AssignTransferForm()
    return _decide(
        transaction_id, form,
        lambda transaction: desk.assign(transaction, form.order_number.data,
                                        form.note.data or ""),
        gettext("Enter the number of the order this money is for."), _assigned_message)


def _assigned_message(transaction) -> str:
    number = transaction.order.number if transaction.order else ""
    if transaction.status == TransactionStatus.MATCHED:
        return gettext("Order %(number)s is paid; the buyer and the producers are told.",
                       number=number)
    return gettext("Assigned to order %(number)s: %(reason)s.", number=number,
                   reason=REASON_LABELS.get(transaction.reason, ""))


@bp.post("/transfers/<int:transaction_id>/refund")
@admin_required
def refund_transfer(transaction_id: int):
    form = TransferRefundForm()
    return _decide(
        transaction_id, form,
        lambda transaction: desk.record_refund(transaction, form.bank_reference.data,
                                               form.note.data or ""),
        gettext("Enter the bank's reference of the refund you sent."),
        lambda _transaction: gettext("Refund recorded."))
