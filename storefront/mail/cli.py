"""``flask mail send``: deliver the outbox (run it from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from storefront.mail import sender


@click.group("mail", help="The outgoing mail outbox.")
def mail_cli() -> None:
    pass


@mail_cli.command("send")
@click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="At most this many messages in this run.")
@with_appcontext
def send(limit: int) -> None:
    """Send due messages over SMTP, retrying failures later with backoff."""
    settings = sender.smtp_settings()
    if settings is None:
        click.echo(f"No SMTP server configured (STOREFRONT_SMTP_HOST): "
                   f"{sender.waiting_count()} message(s) stay in the outbox, readable at "
                   f"/<lang>/admin/outbox.")
        return
    report = sender.send_due(settings, limit)
    click.echo(f"Sent {report.sent}, failed {report.failed} (will retry), "
               f"{sender.waiting_count()} waiting.")
