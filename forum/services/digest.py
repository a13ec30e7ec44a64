"""Best answers, the digest: moderators' picks ("Feature" / "Unfeature") of the answers that lead each question.

A pick stays with its post. While the post is removed or deleted it never shows, and restoring
it brings the pick back; a moved answer keeps its pick and leads the best answers of the
question it now answers (a member's thread has none). "Unfeature" takes a pick back in any
of those states.
"""

from __future__ import annotations

from ..errors import Conflict, NotAllowed
from ..extensions import db
from ..models import Post, User, utcnow
from ..permissions import can_feature_post, can_unfeature_post
from .locking import lock_post_thread
from .moderation import check_reason, require_moderator
from .moderation_log import record_action


def feature_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Pick ``post``, a visible answer to a question, for that question's best answers; picks lead, oldest first."""
    require_moderator(moderator, doing="feature answers")
    reason = check_reason(reason, required=False)
    lock_post_thread(post)
    if post.featured_at is not None:
        raise Conflict("This answer is already featured.")
    if not can_feature_post(moderator, post):
        raise NotAllowed("Only visible answers to an article's questions can be featured, not replies.")
    post.featured_at = utcnow()
    record_action(moderator, "feature-post", post, reason=reason)
    db.session.commit()


def unfeature_post(moderator: User, post: Post, *, reason: str = "") -> None:
    """Take a pick back; the answer then competes by its votes like any other."""
    require_moderator(moderator, doing="unfeature answers")
    reason = check_reason(reason, required=False)
    lock_post_thread(post)
    if not can_unfeature_post(moderator, post):
        raise Conflict("This answer is not featured.")
    post.featured_at = None
    record_action(moderator, "unfeature-post", post, reason=reason)
    db.session.commit()
