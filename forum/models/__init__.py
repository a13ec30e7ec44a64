"""The domain model, one module per noun."""

from sqlalchemy import func, select
from sqlalchemy.orm import column_property

from .article import Article, ArticleStatus, Question
from .base import utcnow
from .follow import Follow
from .idempotency import IdempotentRequest
from .moderation import ModerationAction
from .notification import Notification, NotificationKind
from .post import Post, PostRevision, PostState
from .rate_limit import RateLimitCounter
from .report import Report, ReportReason, ReportStatus
from .thread import Thread
from .token import ApiToken
from .user import PendingSignup, Role, User
from .vote import Vote

# Defined here, where both classes exist. Deferred: loaded only with the session's user
# (services.auth.load_session_user), so the page layout shows it without a query of its own.
User.unread_notifications = column_property(
    select(func.count(Notification.id))
    .where(Notification.recipient_id == User.id, Notification.is_read.is_(False))
    .correlate_except(Notification).scalar_subquery(),
    deferred=True,
)

__all__ = [
    "ApiToken",
    "Article",
    "ArticleStatus",
    "Follow",
    "IdempotentRequest",
    "ModerationAction",
    "Notification",
    "NotificationKind",
    "PendingSignup",
    "Post",
    "PostRevision",
    "PostState",
    "Question",
    "RateLimitCounter",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Thread",
    "User",
    "Vote",
    "utcnow",
]
