"""Reading accounts: who to write to on a producer's behalf."""

from __future__ import annotations

import sqlalchemy as sa

from storefront.accounts.models import Role, User
from storefront.catalog.models import Producer
from storefront.extensions import db


def producer_recipients(producer_id: int) -> list[tuple[str, str, str]]:
    """(address, name, locale) of the producer's active staff, or else its public e-mail."""
    staff = db.session.scalars(sa.select(User).where(
        User.role == Role.PRODUCER_STAFF, User.producer_id == producer_id,
        User.active.is_(True), User.password_hash.is_not(None)))
    recipients = [(user.email, user.name, user.locale) for user in staff]
    if not recipients:
        producer = db.session.get(Producer, producer_id)
        if producer is not None and producer.email:
            recipients.append((producer.email, producer.legal_name, "vi"))
    return recipients
