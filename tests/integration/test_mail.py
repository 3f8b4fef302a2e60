"""`flask mail send`: delivery over a real SMTP server, retries with backoff."""

import datetime as dt
import socket

import pytest
from aiosmtpd.controller import Controller

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.mail import sender
from storefront.mail.services import queue_email
from tests.web import outbox


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_SECURITY="none")
    yield inbox
    controller.stop()
    app.config.update(SMTP_HOST=None, SMTP_PORT=587, SMTP_SECURITY="starttls")


def queue(kind="verify_email", to="lan@example.com", locale="vi"):
    return queue_email(kind, to, locale, to_name="Lan", link="http://127.0.0.1:5000/x")


def test_without_smtp_mail_stays_in_the_outbox(runner):
    queue()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0
    assert "No SMTP server configured" in result.output
    assert outbox()[0].sent_at is None


def test_mail_is_sent_once_as_text_and_html(smtp_server, runner):
    mail = queue()
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    [received] = smtp_server.messages
    assert received.rcpt_tos == ["lan@example.com"]
    content = received.content.decode()
    assert "multipart/alternative" in content and "text/html" in content
    assert mail.sent_at is not None and mail.attempts == 1
    runner.invoke(args=["mail", "send"])
    assert len(smtp_server.messages) == 1  # never twice


def test_a_failed_delivery_is_retried_later(app):
    mail = queue()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_SECURITY="none")
    try:
        report = sender.send_due(sender.smtp_settings())
    finally:
        app.config.update(SMTP_HOST=None, SMTP_PORT=587, SMTP_SECURITY="starttls")
    assert (report.sent, report.failed) == (0, 1)
    assert mail.sent_at is None and mail.attempts == 1
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    assert mail.next_attempt_at > utcnow() + dt.timedelta(minutes=1)


def test_backoff_grows_and_is_capped():
    assert sender.backoff(1) == dt.timedelta(minutes=2)
    assert sender.backoff(3) == dt.timedelta(minutes=8)
    assert sender.backoff(20) == sender.MAX_BACKOFF


def test_mail_is_rendered_in_the_recipients_language():
    vietnamese, english = queue(locale="vi"), queue(locale="en", to="tom@example.com")
    assert vietnamese.subject != english.subject
    assert english.subject == "Verify your e-mail address"
    assert "Hello Lan," in english.text_body
