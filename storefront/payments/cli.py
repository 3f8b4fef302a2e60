"""``flask payments reconcile``: compare card payments with Stripe, and repair with --fix."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from storefront.extensions import db
from storefront.payments import queries, reconcile
from storefront.payments import stripe_gateway as gateway


@click.group("payments", help="Card payments (Stripe).")
def payments_cli() -> None:
    pass


@payments_cli.command("reconcile")
@click.option("--fix", is_flag=True, help="Repair what can be repaired from Stripe's state.")
@click.option("--days", type=click.IntRange(min=1), default=30, show_default=True,
              help="Check orders placed in the last DAYS days.")
@click.option("--all", "everything", is_flag=True, help="Check every card order.")
@with_appcontext
def reconcile_command(fix: bool, days: int, everything: bool) -> None:
    """List card orders whose payment state here disagrees with their PaymentIntent.

    Exits with status 1 while disagreements remain, so a cron job can alert on it.
    """
    if not gateway.is_configured():
        raise click.ClickException("Stripe is not configured (STOREFRONT_STRIPE_SECRET_KEY).")
    payment_ids = queries.payments_to_reconcile(None if everything else days)
    found = fixed = 0
    with click.progressbar(payment_ids, label="Asking Stripe") as progress:
        for payment_id in progress:
            for disagreement in reconcile.check(queries.payment_for_reconcile(payment_id)):
                found += 1
                fixed += _report(disagreement, fix)
            db.session.commit()
    left = found - fixed
    click.echo(f"Checked {len(payment_ids)} card payment(s): {found} disagreement(s), "
               f"{fixed} fixed, {left} left.")
    if left:
        raise SystemExit(1)


def _report(disagreement: reconcile.Disagreement, fix: bool) -> bool:
    if fix and disagreement.fixable:
        disagreement.repair()
        db.session.flush()
        click.echo(f"{disagreement.order_number}: {disagreement.problem} — fixed")
        return True
    hint = "repairable with --fix" if disagreement.fixable else "needs a person"
    click.echo(f"{disagreement.order_number}: {disagreement.problem} — {hint}")
    return False
