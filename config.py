"""Configuration classes, one per environment; plain values, no environment reads."""

from __future__ import annotations

from datetime import timedelta


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY: str | None = None
    # None means "a SQLite file under the instance folder"; see forum.database.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL: str | None = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)

    MAX_CONTENT_LENGTH = 4_000_000  # any request body: an imported file is the largest, at most 2 MB
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session does
    PASSWORD_HASH_METHOD = "scrypt"
    # Behind N reverse proxies, trust N X-Forwarded-* hops (0: none).
    PROXY_COUNT = 0

    # Rate limits (forum.services.throttle): "N per <period>", several joined with ";", 0 for none.
    RATELIMIT_ENABLED = True
    # Where counters live: any storage URI of the `limits` library; None means REDIS_URL, else the database.
    RATELIMIT_STORAGE_URI: str | None = None
    LOGIN_LIMIT_PER_ADDRESS = "20 per 15 minutes"  # failed logins
    LOGIN_LIMIT_PER_ACCOUNT = "8 per 15 minutes"  # failed logins, by username or email alike
    REGISTER_LIMIT_PER_ADDRESS = "10 per hour"
    REGISTER_DAILY_LIMIT_PER_ADDRESS = "20 per day"
    REPORT_LIMIT_PER_MEMBER = "20 per hour"
    TOKEN_LIMIT_PER_ACCOUNT = "10 per hour"
    VOTE_LIMIT_PER_MEMBER = "60 per minute"
    PREVIEW_LIMIT_PER_MEMBER = "60 per minute"  # a preview renders Markdown and saves nothing: as cheap as a vote
    IMPORT_LIMIT_PER_MODERATOR = "30 per hour"
    PASSWORD_RESET_LIMIT_PER_ADDRESS = "10 per hour"
    PASSWORD_RESET_LIMIT_PER_ACCOUNT = "3 per hour"
    # Sign-up mails a link, and the account exists once its page is confirmed (needs MAIL_SERVER).
    REQUIRE_EMAIL_VERIFICATION = False

    POST_INTERVAL_SECONDS = 10
    NEW_ACCOUNT_POST_INTERVAL_SECONDS = 30
    NEW_ACCOUNT_AGE = timedelta(days=1)
    DUPLICATE_POST_WINDOW = timedelta(minutes=5)
    POSTS_PER_PAGE = 50
    # Visitors' thread pages kept per process without Redis (with REDIS_URL: in Redis); 0: no cache.
    PAGE_CACHE_SIZE = 500
    # Members' thread trees each process keeps, shared by every member (forum/member_trees.py); 0: none.
    MEMBER_TREE_CACHE_SIZE = 200
    # How long a shared cache or CDN may keep a visitor's page (s-maxage); browsers always revalidate.
    SHARED_CACHE_SECONDS = 5
    MAX_VISIBLE_DEPTH = 8
    ARTICLES_PER_PAGE = 20
    SEARCH_RESULTS_PER_PAGE = 20
    FEED_ENTRIES = 30
    # Sites allowed to frame /embed/articles/SLUG (CSP frame-ancestors), e.g. ["https://news.example.org"].
    EMBED_ORIGINS: list[str] = []
    EMBED_ANSWERS_PER_QUESTION = 3
    ALLOW_REMOTE_IMAGES = False

    IMPORT_ALLOW_PRIVATE_URLS = False
    IMPORT_TIMEOUT_SECONDS = 10.0
    IMPORT_MAX_BYTES = 2_000_000
    IMPORT_MAX_FILE_BYTES = 2_000_000

    PREMODERATION_MIN_APPROVED_POSTS = 1
    # Every post's score is hidden for its first minutes, site-wide (0: off).
    SCORE_HIDE_MINUTES = 0
    # Heat: more than HEAT_POSTS posts in 10 minutes, or HEAT_REPORTS open reports, in one thread start
    # automatic slow mode (HEAT_SLOW_SECONDS between one member's posts) for HEAT_MINUTES; 0 switches each off.
    HEAT_POSTS = 30
    HEAT_REPORTS = 5
    HEAT_SLOW_SECONDS = 120
    HEAT_MINUTES = 30

    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_SENDER = "agora@localhost"
    MAIL_TIMEOUT_SECONDS = 10.0
    # Links in emails sent outside a request start with this (e.g. "https://agora.example.org").
    SITE_URL: str | None = None
    NOTIFICATIONS_PER_PAGE = 30
    # /healthz reports the disk as full below this much free space (MB) where the data lives; 0: no check.
    DISK_MIN_FREE_MB = 64


class DevelopmentConfig(Config):
    """`make run`: the secret key is a random one kept in instance/secret_key."""


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    # Hashing at full strength makes a suite of hundreds of accounts crawl.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    POST_INTERVAL_SECONDS = 0
    NEW_ACCOUNT_POST_INTERVAL_SECONDS = 0
    # Tests make bursts of posts and reports about other things; heat's own tests set their thresholds.
    HEAT_POSTS = 0
    HEAT_REPORTS = 0


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


# Keys this repository once shipped in a config; production refuses them like the current ones.
PUBLISHED_SECRET_KEYS = ("dev-only-not-secret",)

CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
