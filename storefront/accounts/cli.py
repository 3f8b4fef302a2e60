"""``flask users create-admin``: an account for the provincial OCOP office."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from storefront.accounts import services
from storefront.extensions import db


@click.group("users", help="Accounts.")
def users_cli() -> None:
    pass


@users_cli.command("create-admin")
@click.option("--email", prompt="E-mail", help="The administrator's e-mail address.")
@click.option("--name", prompt="Name", help="Shown in the office's pages and e-mails.")
@click.option("--password", prompt="Password", hide_input=True, confirmation_prompt=True,
              help="At least 10 characters (prompted, hidden, when not given).")
@click.option("--locale", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@with_appcontext
def create_admin(email: str, name: str, password: str, locale: str) -> None:
    """Create an administrator (the OCOP office)."""
    try:
        user = services.create_admin(email=email, password=password, name=name, locale=locale)
    except services.AccountError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"Administrator {user.email} created.")
