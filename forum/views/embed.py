"""The embed widget's page: /embed/articles/SLUG, framed by the sites in FORUM_EMBED_ORIGINS only."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from ..security import content_security_policy
from ..services import embed

bp = Blueprint("embed", __name__, url_prefix="/embed")


@bp.get("/articles/<slug>")
def article(slug: str):
    found, questions = embed.embedded_article(
        slug, answers_per_question=current_app.config["EMBED_ANSWERS_PER_QUESTION"])
    response = current_app.make_response(render_template("embed/article.html", article=found, questions=questions))
    ancestors = " ".join(embed_origins()) or "'none'"
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors=ancestors)
    return response


def embed_origins() -> list[str]:
    """FORUM_EMBED_ORIGINS as a list: JSON (``["https://a.example"]``) or words split by spaces or commas."""
    setting = current_app.config["EMBED_ORIGINS"]
    words = setting.replace(",", " ").split() if isinstance(setting, str) else list(setting or [])
    return [word.rstrip("/") for word in words if word.startswith(("https://", "http://"))]
