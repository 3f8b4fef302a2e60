"""``flask quotes expire``: lapse quotes past their valid-until day and send reminders."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from storefront.db import retry_when_busy
from storefront.extensions import db
from storefront.quotes import services


@click.group("quotes", help="Wholesale quotes.")
def quotes_cli() -> None:
    pass


def run_once() -> tuple[int, int]:
    def attempt():
        counts = services.expire_due(), services.send_reminders()
        db.session.commit()
        return counts
    return retry_when_busy(attempt, db.session.rollback)


@quotes_cli.command("expire")
@with_appcontext
def expire() -> None:
    """Expire quotes whose valid-until day has passed, and remind distributors of those
    expiring within 48 hours. Safe to run from cron on several hosts at once."""
    expired, reminded = run_once()
    click.echo(f"Expired {expired} quote(s); reminded {reminded} distributor(s).")
