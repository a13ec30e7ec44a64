"""API tokens in Settings: creating one (shown once) and revoking one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..forms.tokens import TokenCreateForm, TokenRevokeForm
from ..services import tokens
from .helpers import keep_out_of_caches

bp = Blueprint("tokens", __name__)


@bp.post("/settings/tokens")
@login_required
def create_token():
    form = TokenCreateForm()
    if not form.validate_on_submit():
        flash(" ".join(message for messages in form.errors.values() for message in messages), "error")
        return redirect(url_for("users.settings", _anchor="api-tokens"))
    raw = tokens.issue_token(current_user, name=form.name.data or "")
    keep_out_of_caches()
    return render_template("tokens/created.html", token=raw)


@bp.post("/settings/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if TokenRevokeForm().validate_on_submit():
        tokens.revoke_token(current_user, token_id)
        flash("The token is revoked.", "success")
    return redirect(url_for("users.settings", _anchor="api-tokens"))


def settings_context() -> dict[str, Any]:
    """What the token part of /settings shows the member."""
    return {"tokens": tokens.list_tokens(current_user), "create_form": TokenCreateForm(formdata=None),
            "revoke_form": TokenRevokeForm(formdata=None)}
