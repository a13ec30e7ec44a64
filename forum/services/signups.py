"""Sign-up with email verification: the account exists once the owner of the address confirms it.

Used when FORUM_REQUIRE_EMAIL_VERIFICATION is on. Sign-up then answers the
same whether or not an account has the address, and the owner of a known
address gets an email instead of a second account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..database import writes
from ..errors import Invalid
from ..extensions import db
from ..models import PendingSignup, Role, User, utcnow
from . import mail
from .auth import add_account, check_signup, count_sign_up, hash_password
from .users import find_user

LINK_LIFETIME = timedelta(days=1)
DEAD_LINK = "This link has expired or was already used. Sign up again to get a new one."
TAKEN_MEANWHILE = "That username or email was taken since this link was sent. Sign up again, or log in."


def request_signup(*, username: str, email: str, password: str, address: str) -> None:
    """Mail a confirmation link, or tell the owner of a known address; the caller answers alike."""
    username, email = check_signup(username=username, email=email, password=password)
    password_hash = hash_password(password)  # for both answers, so they take as long; before the write lock
    count_sign_up(address)
    db.session.execute(delete(PendingSignup).where(PendingSignup.created_at < utcnow() - LINK_LIFETIME))
    owner = db.session.scalar(select(User).where(User.email == email))
    if owner is not None:
        mail.queue_email(owner.email, "Someone tried to sign up with your address", (
            f"Someone, perhaps you, tried to create an account on Agora with {owner.email}, which already "
            f"has an account: {owner.username}.\n\nLog in: {mail.absolute_url('/login')}\n"
            f"Forgot the password? Choose a new one: {mail.absolute_url('/password/reset')}\n\n"
            "If it was not you, ignore this email: nothing changed.\n"))
    else:
        secret = secrets.token_urlsafe(32)
        db.session.add(PendingSignup(token_digest=_digest(secret), username=username, email=email,
                                     password_hash=password_hash))
        mail.queue_email(email, "Confirm your new account", (
            f"Someone, probably you, signed up on Agora as {username} with this address.\n\n"
            f"Confirm it within a day to create the account: "
            f"{mail.absolute_url(f'/register/confirm/{secret}')}\n\n"
            "If it was not you, ignore this email: no account is made.\n"))
    db.session.commit()


def pending_signup(secret: str) -> PendingSignup:
    """The sign-up a live link confirms; Invalid for an expired, used or unknown one."""
    pending = db.session.scalar(select(PendingSignup).where(PendingSignup.token_digest == _digest(secret)))
    if pending is None or pending.created_at < utcnow() - LINK_LIFETIME:
        raise Invalid(DEAD_LINK)
    return pending


@writes
def confirm_signup(secret: str) -> User:
    """Create the account a live link stands for; the address is proven, other links for it die."""
    pending = pending_signup(secret)
    email = pending.email
    taken = find_user(pending.username) is not None or db.session.scalar(
        select(User.id).where(User.email == email)) is not None
    if not taken:
        user = add_account(username=pending.username, email=email, password_hash=pending.password_hash,
                           role=Role.MEMBER)
    db.session.execute(delete(PendingSignup).where(PendingSignup.email == email))
    try:
        db.session.commit()
    except IntegrityError:  # the same name or address confirmed by another request at this moment
        db.session.rollback()
        taken = True
    if taken:
        raise Invalid(TAKEN_MEANWHILE)
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
