"""Signals the catalogue sends for higher layers (search) without importing them."""

from blinker import Namespace

_signals = Namespace()

# Sent after rows were inserted with bulk statements that bypass the ORM's events.
catalogue_bulk_loaded = _signals.signal("catalogue-bulk-loaded")

# Sent after stock changed through a conditional UPDATE (not the ORM): ``product_ids``.
stock_changed = _signals.signal("stock-changed")
