"""Notification emails, handed to a background thread once the transaction that made them commits."""

from __future__ import annotations

import atexit
import logging
import queue
import smtplib
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db

OUTBOX_KEY = "forum_outbox"
EXTENSION_KEY = "forum_mailer"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class SmtpSettings:
    server: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    sender: str
    timeout: float


class Mailer:
    """One background thread that sends queued emails in order, so no request waits on SMTP."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._queue: queue.Queue[Email | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def send_later(self, emails: list[Email]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="forum-mailer", daemon=True)
                self._thread.start()
        for email in emails:
            self._queue.put(email)

    def wait(self) -> None:
        """Block until every queued email was sent or given up on."""
        self._queue.join()

    def close(self) -> None:
        """Send what is queued, then stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while (email := self._queue.get()) is not None:
            try:
                self._send(email)
            except (OSError, smtplib.SMTPException):
                log.exception("Could not send an email to %s", email.to)
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def _send(self, email: Email) -> None:
        settings = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = settings.sender, email.to, email.subject
        message.set_content(email.body)
        with smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)


def init_mail(app: Flask) -> None:
    """Attach a mailer when MAIL_SERVER is set; without one, no email is ever queued."""
    config = app.config
    if config.get("MAIL_SERVER"):
        mailer = Mailer(SmtpSettings(
            server=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]), username=config["MAIL_USERNAME"],
            password=config["MAIL_PASSWORD"], use_tls=bool(config["MAIL_USE_TLS"]),
            sender=config["MAIL_SENDER"], timeout=float(config["MAIL_TIMEOUT_SECONDS"]),
        ))
        app.extensions[EXTENSION_KEY] = mailer
        atexit.register(mailer.close)  # a worker that stops still sends what it queued
    if not event.contains(Session, "after_commit", _send_outbox):
        event.listen(Session, "after_commit", _send_outbox)
        event.listen(Session, "after_rollback", _drop_outbox)


def mail_enabled() -> bool:
    """True when FORUM_MAIL_SERVER is set, so emails can leave."""
    return EXTENSION_KEY in current_app.extensions


def queue_email(to: str, subject: str, body: str) -> None:
    """Queue one email; it leaves only if the current transaction commits (nothing without a mail server)."""
    if mail_enabled():
        db.session.info.setdefault(OUTBOX_KEY, []).append(Email(to=to, subject=f"[Agora] {subject}", body=body))


def queue_notification_email(address: str, message: str, *, post_id: int | None) -> None:
    """Queue one email to ``address`` for a notification; it leaves only if the current transaction commits."""
    link = absolute_url(f"/posts/{post_id}" if post_id else "/notifications")
    body = (f"{message}.\n\nRead it: {link}\n\n"
            f"You get these emails because you turned them on. Turn them off: {absolute_url('/settings')}\n")
    queue_email(address, message, body)


def absolute_url(path: str) -> str:
    """``path`` on this site, at FORUM_SITE_URL (only the path where none is set, as in development).

    Never the request's host: a Host header is the sender's to choose, and a reset link must not
    lead to their server; and a service builds the same link in a request, the CLI and a thread.
    """
    return (current_app.config.get("SITE_URL") or "").rstrip("/") + path


def _send_outbox(session: Session) -> None:
    emails = session.info.pop(OUTBOX_KEY, None)
    if emails:
        current_app.extensions[EXTENSION_KEY].send_later(emails)


def _drop_outbox(session: Session) -> None:
    session.info.pop(OUTBOX_KEY, None)
