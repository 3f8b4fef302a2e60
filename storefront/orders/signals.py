"""Signals the orders layer sends for higher layers (card refunds) to act on."""

from blinker import Namespace

_signals = Namespace()

# Parts of an order were cancelled (by the buyer, a producer or the office):
# ``order`` and the cancelled ``fulfilments``. Paid card orders are refunded from it.
parts_cancelled = _signals.signal("order-parts-cancelled")
