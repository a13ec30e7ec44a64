"""The front page and article hubs."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("articles", __name__)


@bp.get("/")
def index():
    return render_template("articles/index.html", articles=[])
