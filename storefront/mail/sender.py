"""Send the outbox over SMTP, a message at a time, with retries and backoff.

Each message is claimed with a conditional UPDATE (a lease) before sending, so two
`flask mail send` runs overlapping from cron never send the same message twice, and each
result is committed at once, so a crash halfway loses nothing and repeats nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import sqlalchemy as sa
from flask import current_app

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.mail.models import OutboxEmail

MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=10)
MAX_BACKOFF = dt.timedelta(hours=6)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str
    password: str
    security: str  # "starttls", "ssl" or "none"
    sender: str
    timeout: float = 20.0


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def smtp_settings() -> SmtpSettings | None:
    """From STOREFRONT_SMTP_* settings; None when no host is configured."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return None
    return SmtpSettings(
        host=config["SMTP_HOST"], port=int(config.get("SMTP_PORT", 587)),
        username=config.get("SMTP_USERNAME", ""), password=config.get("SMTP_PASSWORD", ""),
        security=config.get("SMTP_SECURITY", "starttls"),
        sender=config.get("MAIL_SENDER", "OCOP Quảng Bình <no-reply@ocop-quangbinh.example>"),
    )


def backoff(attempts: int) -> dt.timedelta:
    """2, 4, 8 … minutes after each failure, at most six hours."""
    return min(dt.timedelta(minutes=2 ** attempts), MAX_BACKOFF)


def _message(email: OutboxEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((email.to_name, email.to_address)) if email.to_name \
        else email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain="ocop-quangbinh.example")
    message["Content-Language"] = email.locale
    message.set_content(email.text_body)
    message.add_alternative(email.html_body, subtype="html")
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if settings.username:
        smtp.login(settings.username, settings.password)
    return smtp


def _claim(email_id: int, now: dt.datetime) -> bool:
    claimed = db.session.execute(
        sa.update(OutboxEmail)
        .where(OutboxEmail.id == email_id, OutboxEmail.sent_at.is_(None),
               OutboxEmail.next_attempt_at <= now)
        .values(next_attempt_at=now + LEASE)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _due(now: dt.datetime, limit: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(OutboxEmail.id)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.next_attempt_at <= now,
               OutboxEmail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxEmail.id).limit(limit)
    ))


def send_due(settings: SmtpSettings, limit: int = 200) -> SendReport:
    """Send what is due; a failure is recorded and retried later with backoff."""
    report, smtp = SendReport(), None
    try:
        for email_id in _due(utcnow(), limit):
            now = utcnow()
            if not _claim(email_id, now):
                continue  # another sender took it
            email = db.session.get(OutboxEmail, email_id)
            try:
                smtp = smtp or _connect(settings)
                smtp.send_message(_message(email, settings.sender))
            except (smtplib.SMTPException, OSError) as error:
                email.attempts += 1
                email.last_error = f"{type(error).__name__}: {error}"[:2000]
                email.next_attempt_at = now + backoff(email.attempts)
                report.failed += 1
                smtp = None  # reconnect for the next message
            else:
                email.attempts += 1
                email.sent_at = now
                email.last_error = ""
                report.sent += 1
            db.session.commit()
    finally:
        if smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
    return report


def waiting_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(OutboxEmail.id))
                             .where(OutboxEmail.sent_at.is_(None))) or 0
