"""``flask orders expire``: lapse unpaid transfers past their deadline (cron, any host)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from storefront.db import retry_when_busy
from storefront.extensions import db
from storefront.orders import services
from storefront.orders.models import Order


@click.group("orders", help="Orders.")
def orders_cli() -> None:
    pass


def expire_due() -> int:
    """Expire every due order, each in its own transaction. Returns how many this run did."""
    expired = 0
    for order_id in services.due_for_expiry():
        def attempt(order_id=order_id) -> bool:
            done = services.expire_order(db.session.get(Order, order_id))
            db.session.commit()
            return done
        expired += retry_when_busy(attempt, db.session.rollback)
    return expired


@orders_cli.command("expire")
@with_appcontext
def expire() -> None:
    """Expire unpaid orders past their payment deadline and put their stock back.

    Safe to run every minute on several hosts at once: each order is claimed with a
    conditional update, so it expires exactly once.
    """
    click.echo(f"Expired {expire_due()} unpaid order(s).")
