"""The domain model, one module per noun."""

from .article import Article, ArticleStatus, Question
from .base import utcnow
from .idempotency import IdempotentRequest
from .moderation import ModerationAction
from .notification import ApiToken, Follow, Notification, NotificationKind
from .post import Post, PostRevision, PostState
from .rate_limit import RateLimitCounter
from .report import Report, ReportReason, ReportStatus
from .thread import Thread
from .user import PendingSignup, Role, User
from .vote import Vote

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
