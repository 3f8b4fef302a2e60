"""Transfer messages as buyers and banking apps really send them, and what each must do.

The orders: QB-2026-000123 waits for 250,000 đ by transfer; QB-2026-000124 is paid;
QB-2026-000125 expired; QB-2026-000126 is cash on delivery; QB-2026-004567 waits for
1,180,000 đ on account (a distributor's terms) and has 180,000 đ already part-paid.
"""

import pytest

from storefront.finance.matching import Candidate, decide, order_numbers_in
from storefront.finance.models import ReviewReason, TransactionStatus

ORDERS = {
    "QB-2026-000123": Candidate("QB-2026-000123", 250_000, 0, True, True, False),
    "QB-2026-000124": Candidate("QB-2026-000124", 95_000, 0, True, False, True),
    "QB-2026-000125": Candidate("QB-2026-000125", 130_000, 0, True, False, False),
    "QB-2026-000126": Candidate("QB-2026-000126", 60_000, 0, False, True, False),
    "QB-2026-004567": Candidate("QB-2026-004567", 1_180_000, 180_000, True, True, False),
}
PAID = (TransactionStatus.MATCHED, None)

CASES = [
    # (transfer message, amount, expected order, expected status and reason)
    ("QB-2026-000123", 250_000, "QB-2026-000123", PAID),
    ("QB2026000123", 250_000, "QB-2026-000123", PAID),
    ("qb 2026 123", 250_000, "QB-2026-000123", PAID),
    ("QB-2026-123", 250_000, "QB-2026-000123", PAID),
    ("qb.2026.000123", 250_000, "QB-2026-000123", PAID),
    ("QB_2026_000123", 250_000, "QB-2026-000123", PAID),
    ("NGUYEN THI LAN chuyen tien QB2026000123", 250_000, "QB-2026-000123", PAID),
    ("Nguyễn Thị Lan chuyển khoản đơn QB-2026-000123", 250_000, "QB-2026-000123", PAID),
    ("MBVCB.3278907687.QB2026000123.CT tu 0011004567890 TRAN VAN NAM", 250_000,
     "QB-2026-000123", PAID),
    ("IBFT QB2026000123 thanh toan don hang", 250_000, "QB-2026-000123", PAID),
    ("Thanh toan don hang QB2026000123-Ma GD ACSP/ tr345678", 250_000, "QB-2026-000123",
     PAID),
    ("REM Tfr Ac: 0071000123456 QB 2026 000123 Le Van Hai", 250_000, "QB-2026-000123", PAID),
    ("Payment for order QB-2026-000123, thanks!", 250_000, "QB-2026-000123", PAID),
    ("qb-2026-000123 qb-2026-000123 (gui lai)", 250_000, "QB-2026-000123", PAID),
    ("QB-2026-000123", 200_000, "QB-2026-000123",
     (TransactionStatus.REVIEW, ReviewReason.UNDERPAID)),
    ("QB-2026-000123", 300_000, "QB-2026-000123",
     (TransactionStatus.REVIEW, ReviewReason.OVERPAID)),
    ("Chuyen lan 2 QB2026000124", 95_000, "QB-2026-000124",
     (TransactionStatus.REVIEW, ReviewReason.ALREADY_PAID)),
    ("QB2026000125 chuyen muon", 130_000, "QB-2026-000125",
     (TransactionStatus.REVIEW, ReviewReason.EXPIRED)),
    ("QB2026000126", 60_000, "QB-2026-000126",
     (TransactionStatus.REVIEW, ReviewReason.OTHER_METHOD)),
    # A distributor completes an order on account after a first part-payment.
    ("CONG TY QUA QUE DONG HOI TT QB2026004567 DOT 2", 1_000_000, "QB-2026-004567", PAID),
    ("CONG TY QUA QUE TT QB-2026-4567", 500_000, "QB-2026-004567",
     (TransactionStatus.REVIEW, ReviewReason.UNDERPAID)),
    # Two orders in one message: the one that this money pays wins.
    ("QB2026000124 va QB2026000123", 250_000, "QB-2026-000123", PAID),
    ("QB-2026-999999", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.UNKNOWN_ORDER)),
    ("QB-2025-000123", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.UNKNOWN_ORDER)),
    # Cut at the bank's length limit, or never written: nothing to recognise.
    ("NGUYEN VAN A CHUYEN TIEN MUA HANG QB20", 250_000, None,
     (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
    ("chuyen tien mua nuoc mam", 250_000, None,
     (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
    ("", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
    # Look-alikes that are not order numbers.
    ("QB20261234567", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
    ("AQB2026000123", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
    ("QB-2026-000000", 250_000, None, (TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)),
]


@pytest.mark.parametrize(("message", "amount", "order", "outcome"), CASES)
def test_each_message_finds_its_order_or_its_reason(message, amount, order, outcome):
    decision = decide(amount, order_numbers_in(message), ORDERS)
    assert (decision.status, decision.reason) == outcome
    assert decision.order_number == order


def test_there_are_enough_cases():
    assert len(CASES) >= 25


def test_numbers_are_read_in_order_without_repeats():
    assert order_numbers_in("QB2026000002 QB-2026-1 qb 2026 000002") == [
        "QB-2026-000002", "QB-2026-000001"]
