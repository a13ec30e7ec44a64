"""The key that signs sessions: a random one per development instance, a checked one in production."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

from flask import Flask

MIN_PRODUCTION_KEY_LENGTH = 32  # 256 bits as hex; HMAC-SHA1 keys shorter than that are guessable offline
KEY_BYTES = 32


def instance_secret(path: Path) -> str:
    """The key kept at ``path``, made on first use; processes starting at once all get the same one.

    The key is written to a temporary file first and hard-linked into place,
    so a reader never sees a half-written key and only the first writer wins.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
        try:
            with os.fdopen(handle, "w") as file:  # mkstemp makes it readable by its owner only
                file.write(secrets.token_hex(KEY_BYTES))
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process got there first: use its key
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if len(key) < MIN_PRODUCTION_KEY_LENGTH:
        raise RuntimeError(f"{path} holds no usable key (fewer than {MIN_PRODUCTION_KEY_LENGTH} characters): "
                           "delete it and start again to make a new one.")
    return key


def check_production_settings(app: Flask, published_keys: Iterable[str]) -> None:
    """Refuse to serve production with a missing, short or published key, or with DEBUG on."""
    key = app.config.get("SECRET_KEY")
    if not key:
        raise RuntimeError("No secret key in production. Set FORUM_SECRET_KEY to a long random string, "
                           "e.g. the output of: python3 -c 'import secrets; print(secrets.token_hex(32))'.")
    if len(key) < MIN_PRODUCTION_KEY_LENGTH:
        raise RuntimeError(f"FORUM_SECRET_KEY must have at least {MIN_PRODUCTION_KEY_LENGTH} characters; "
                           "use python3 -c 'import secrets; print(secrets.token_hex(32))'.")
    if any(published in key for published in published_keys):
        raise RuntimeError("FORUM_SECRET_KEY holds a key published in Agora's repository, so anyone could "
                           "sign sessions with it. Set a new random one.")
    if app.config.get("DEBUG"):
        raise RuntimeError("DEBUG is on in production: the debugger runs code for anyone who can reach it. "
                           "Unset FLASK_DEBUG and FORUM_DEBUG.")
