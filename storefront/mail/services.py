"""Queue e-mails: rendered now, in the recipient's language, sent later by `flask mail send`.

Rendering at queue time means the outbox row is the exact message, readable by the office
even when no SMTP server is configured, and written in the same transaction as the change
that caused it: either both happen or neither.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale

from storefront.extensions import db
from storefront.mail.models import OutboxEmail
from storefront.text import nfc


def queue_email(kind: str, to_address: str, locale: str, *, to_name: str = "",
                **context) -> OutboxEmail:
    """Render ``mail/<kind>.{txt,html}`` (and its subject) in ``locale`` and queue it.

    Templates get ``locale``, ``to_name`` and ``site_url`` besides ``context``.
    """
    context = {"locale": locale, "to_name": to_name,
               "site_url": current_app.config["SITE_URL"].rstrip("/"), **context}
    with force_locale(locale):
        subject = render_template(f"mail/{kind}.subject.txt", **context)
        text_body = render_template(f"mail/{kind}.txt", **context)
        html_body = render_template(f"mail/{kind}.html", **context)
    email = OutboxEmail(
        kind=kind, to_address=to_address, to_name=nfc(to_name), locale=locale,
        subject=" ".join(subject.split()), text_body=text_body, html_body=html_body,
    )
    db.session.add(email)
    db.session.flush()
    return email
