"""The negotiation's state machine: which party may move a quote request from where to where.

    submitted → quoted → accepted → ordered
    submitted → info_requested → submitted     (the producer asks, the distributor answers)
    quoted → countered → quoted                 (the distributor proposes, the producer re-quotes)
    declined (either side), cancelled (the distributor, before acceptance),
    expired (the clock, past the quote's valid-until date)
"""

from __future__ import annotations

import enum

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from storefront.errors import DomainError


class QuoteStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    INFO_REQUESTED = "info_requested"
    QUOTED = "quoted"
    COUNTERED = "countered"
    ACCEPTED = "accepted"
    ORDERED = "ordered"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Party(enum.StrEnum):
    DISTRIBUTOR = "distributor"
    PRODUCER = "producer"
    SYSTEM = "system"


class PaymentTerms(enum.StrEnum):
    PREPAID = "prepaid"  # by bank transfer (or card) before the goods leave
    NET_7 = "net_7"
    NET_15 = "net_15"
    NET_30 = "net_30"

    @property
    def days(self) -> int:
        return {"prepaid": 0, "net_7": 7, "net_15": 15, "net_30": 30}[self.value]


S, P = QuoteStatus, Party
TRANSITIONS: dict[tuple[QuoteStatus, QuoteStatus], set[Party]] = {
    (S.SUBMITTED, S.QUOTED): {P.PRODUCER},
    (S.SUBMITTED, S.INFO_REQUESTED): {P.PRODUCER},
    (S.SUBMITTED, S.DECLINED): {P.PRODUCER, P.DISTRIBUTOR},
    (S.SUBMITTED, S.CANCELLED): {P.DISTRIBUTOR},
    (S.INFO_REQUESTED, S.SUBMITTED): {P.DISTRIBUTOR},
    (S.INFO_REQUESTED, S.DECLINED): {P.PRODUCER, P.DISTRIBUTOR},
    (S.INFO_REQUESTED, S.CANCELLED): {P.DISTRIBUTOR},
    (S.QUOTED, S.ACCEPTED): {P.DISTRIBUTOR},
    (S.QUOTED, S.COUNTERED): {P.DISTRIBUTOR},
    (S.QUOTED, S.DECLINED): {P.PRODUCER, P.DISTRIBUTOR},
    (S.QUOTED, S.EXPIRED): {P.SYSTEM},
    (S.QUOTED, S.CANCELLED): {P.DISTRIBUTOR},
    (S.COUNTERED, S.QUOTED): {P.PRODUCER},
    (S.COUNTERED, S.DECLINED): {P.PRODUCER, P.DISTRIBUTOR},
    (S.COUNTERED, S.CANCELLED): {P.DISTRIBUTOR},
    (S.ACCEPTED, S.ORDERED): {P.SYSTEM},
}
OPEN = {S.SUBMITTED, S.INFO_REQUESTED, S.QUOTED, S.COUNTERED}

STATUS_LABELS = {
    S.SUBMITTED: _l("Waiting for the producer"),
    S.INFO_REQUESTED: _l("Question from the producer"),
    S.QUOTED: _l("Quoted"),
    S.COUNTERED: _l("Counter-offer sent"),
    S.ACCEPTED: _l("Accepted"),
    S.ORDERED: _l("Ordered"),
    S.DECLINED: _l("Declined"),
    S.EXPIRED: _l("Expired"),
    S.CANCELLED: _l("Cancelled"),
}
TERMS_LABELS = {
    PaymentTerms.PREPAID: _l("Prepaid (bank transfer or card)"),
    PaymentTerms.NET_7: _l("Net 7 days"),
    PaymentTerms.NET_15: _l("Net 15 days"),
    PaymentTerms.NET_30: _l("Net 30 days"),
}


class QuoteTransitionError(DomainError):
    pass


def allowed(current: QuoteStatus, wanted: QuoteStatus, party: Party) -> bool:
    return party in TRANSITIONS.get((current, wanted), set())


def check(current: QuoteStatus, wanted: QuoteStatus, party: Party) -> None:
    """Raises QuoteTransitionError unless ``party`` may move the request to ``wanted``."""
    if not allowed(current, wanted, party):
        raise QuoteTransitionError(gettext(
            "This request cannot go from “%(current)s” to “%(wanted)s” now.",
            current=STATUS_LABELS[current], wanted=STATUS_LABELS[wanted]))
