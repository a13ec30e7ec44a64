"""Auth: who a person is. Registering, logging in, passwords, email and sessions."""

from __future__ import annotations

import functools
import re

from flask import current_app
from sqlalchemy import Select, bindparam, delete, or_, select
from sqlalchemy.orm import undefer
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import begin_write, writes
from ..errors import Conflict, Invalid, NotAllowed
from ..extensions import db
from ..limits import PASSWORD_MAX, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN
from ..models import ApiToken, Role, User
from . import throttle
from .page_versions import pages_changed
from .passwords import check_password
from .users import find_user

LOGIN_FAILED = "That username or email and password do not match an account."
LOGIN_THROTTLED = "Too many failed attempts. Try again in {wait}."
REGISTER_THROTTLED = "Too many new accounts from your address. Try again in {wait}."


def register(*, username: str, email: str, password: str, role: str = Role.MEMBER,
             address: str | None = None) -> User:
    """Create an account; names are unique regardless of case, emails too.

    Sign-ups from the web (``address`` given) are limited per address, by the
    hour and by the day; a sign-up refused for another reason is not counted.
    A site that confirms email addresses takes them only through a confirmed link (services.signups).
    """
    if address is not None and current_app.config["REQUIRE_EMAIL_VERIFICATION"]:
        raise NotAllowed("This site confirms email addresses: sign up in the browser at /register.")
    username, email = check_signup(username=username, email=email, password=password)
    password_hash = hash_password(password)  # slow on purpose: before the write lock
    begin_write()
    require_free_name(username)  # again, now that no one else can take it
    require_free_email(email)
    if address is not None:
        count_sign_up(address)
    user = add_account(username=username, email=email, password_hash=password_hash, role=role)
    db.session.commit()
    return user


def count_sign_up(address: str) -> None:
    """Count a sign-up from ``address`` against the hourly and the daily limit; RateLimited past either."""
    config = current_app.config
    for setting in ("REGISTER_LIMIT_PER_ADDRESS", "REGISTER_DAILY_LIMIT_PER_ADDRESS"):
        throttle.hit(config[setting], "register", address, message=REGISTER_THROTTLED, field="username")


def add_account(*, username: str, email: str, password_hash: str, role: str) -> User:
    """A new account from checked values, added to the session (the caller commits)."""
    user = User(username=username, username_key=username.lower(), email=email, password_hash=password_hash,
                role=role)
    db.session.add(user)
    return user


def authenticate(identifier: str, password: str, *, address: str) -> User:
    """The account for a username or email and its password.

    Unknown accounts and wrong passwords answer alike and take as long.
    Failures are limited per address and per account, whichever name it was
    called by (an unknown name counts on its own); each attempt is counted,
    and committed, before the password is checked, so attempts sent at once
    cannot overrun the limit and the slow check holds no write lock; the
    count is taken back, in a short write of its own, when the password was right.
    """
    account_key = identifier.strip().lower()
    user = db.session.scalar(
        select(User).where(or_(User.username_key == account_key, User.email == account_key),
                           User.deleted_at.is_(None))
    )
    limits = _login_limits(address, f"user:{user.id}" if user else f"name:{account_key}")
    for limit, *key in limits:
        throttle.hit(limit, *key, message=LOGIN_THROTTLED, field="identifier")
    db.session.commit()
    stored = user.password_hash if user else _dummy_hash()
    if not check_password_hash(stored, password[:PASSWORD_MAX]) or user is None:
        raise Invalid(LOGIN_FAILED, field="identifier")
    for limit, *key in limits:
        throttle.undo(limit, *key)
    db.session.commit()
    return user


def _login_limits(address: str, account: str) -> list[tuple[str, str, str]]:
    config = current_app.config
    return [(config["LOGIN_LIMIT_PER_ADDRESS"], "login-address", address),
            (config["LOGIN_LIMIT_PER_ACCOUNT"], "login-account", account)]


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Set a new password; every other session, API token and reset link of the account ends."""
    _check_current_password(user, current_password)
    check_password(new_password, username=user.username, email=user.email)
    password_hash = hash_password(new_password)  # slow on purpose: before the write lock
    begin_write()
    set_password(user, password_hash)
    db.session.commit()


def set_password(user: User, password_hash: str) -> None:
    """Give the account a new password: its other sessions, API tokens and reset links end; no commit."""
    user.password_hash = password_hash
    user.password_reset_digest = None
    user.session_generation += 1
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def change_email(user: User, *, current_password: str, email: str) -> None:
    _check_current_password(user, current_password)
    email = normalize_email(email)
    begin_write()
    require_free_email(email, owner=user)
    user.email = email
    db.session.commit()


@writes
def end_sessions(user: User) -> None:
    """Invalidate every session and remember cookie of the account."""
    user.session_generation += 1
    db.session.commit()


@writes
def rename(user: User, username: str) -> None:
    """Give the account a new name (a mistaken or offensive one); every page showing it changes; commits."""
    username = username.strip()
    check_username(username)
    other = find_user(username)
    if other is not None and other.id != user.id:
        raise Conflict("That username is taken.", field="username")
    user.username, user.username_key = username, username.lower()
    pages_changed(author_id=user.id)
    db.session.commit()


def load_session_user(session_id: str) -> User | None:
    """The user of a session or remember cookie, unless its generation has ended.

    Their unread notifications come in the same query: every page's layout shows the count.
    """
    user_id, _, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.scalar(_session_user_query(), {"user_id": int(user_id)})
    if user is None or user.session_generation != int(generation):
        return None
    return user


@functools.cache
def _session_user_query() -> Select:
    """``load_session_user``'s statement, ``user_id`` bound; built once, as every request of a member asks it
    (``Session.get`` built one each time: a third of its 0.27 ms)."""
    return select(User).where(User.id == bindparam("user_id")).options(undefer(User.unread_notifications))


def check_signup(*, username: str, email: str, password: str) -> tuple[str, str]:
    """The checks every way of signing up makes; the username and email as they are stored."""
    username = username.strip()
    check_username(username)
    email = normalize_email(email)
    check_password(password, username=username, email=email)
    require_free_name(username)
    return username, email


def require_free_name(username: str) -> None:
    """Conflict when an account has the name, in any case."""
    if find_user(username) is not None:
        raise Conflict("That username is taken.", field="username")


def require_free_email(email: str, *, owner: User | None = None) -> None:
    """Conflict when an account other than ``owner`` has the email."""
    if db.session.scalar(select(User.id).where(User.email == email, User.id != (owner.id if owner else None))) \
            is not None:
        raise Conflict("An account with that email already exists.", field="email")


def check_username(username: str) -> None:
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise Invalid(
            f"Use {USERNAME_MIN} to {USERNAME_MAX} letters, digits, underscores or hyphens.", field="username"
        )


def normalize_email(email: str) -> str:
    # Imported here, not at start: compiling its patterns was a tenth of a second of every server's start.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise Invalid("Enter an email address like name@example.org.", field="email") from None
    return result.normalized.lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _check_current_password(user: User, password: str) -> None:
    if not check_password_hash(user.password_hash, password[:PASSWORD_MAX]):
        raise Invalid("That is not your current password.", field="current_password")


def _dummy_hash() -> str:
    # Verifying against a hash of the same method keeps unknown names as slow as known ones.
    cache = current_app.extensions.setdefault("forum_dummy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash("not-a-real-password", method=method)
    return cache[method]
