"""Every length, count and bound, once: forms, API schemas, services, models and templates import them.

A limit named here is enforced by the service and stated by the form and the OpenAPI
document, so a browser, an API client and a direct call are refused by the same rule.
Rate limits and page sizes that deployments tune live in ``config.py`` instead.
"""

from __future__ import annotations

# Accounts
USERNAME_MIN = 3
USERNAME_MAX = 30  # fits a line of a post's header
USERNAME_PATTERN = rf"[A-Za-z0-9_-]{{{USERNAME_MIN},{USERNAME_MAX}}}"
EMAIL_MAX = 254  # RFC 5321's longest deliverable address
PASSWORD_MIN = 12  # ASVS 2.1.1; the rest of the password rule is in services.passwords
PASSWORD_MAX = 200  # room for passphrases; hashing megabytes of "password" is a cheap denial of service
TOKEN_NAME_MAX = 100
DISPLAY_NAME_MAX = 50  # a name in a byline, beside the username
BIO_MAX = 1_000  # a few lines about oneself on the profile, not a blog post
IDEMPOTENCY_KEY_MAX = 255  # room for a UUID with a client's prefix, small enough to index

# Posts and threads
POST_BODY_MAX = 10_000  # a long answer, not a book
THREAD_TITLE_MAX = 200  # a member's question is a heading, not a paragraph
EXCERPT_MAX = 160  # a notification's glimpse of a post: a line or two
DELETE_UNDO_SECONDS = 300  # long enough to notice a slip; short enough that replies rarely meet a post come back
MAX_MENTIONS = 20  # a post naming half the forum is noise, not a conversation
COLLAPSED_AT_SCORE = -5  # a post scored this low or lower starts collapsed on thread pages

# Articles and their questions
ARTICLE_TITLE_MAX = 300
ARTICLE_BODY_MAX = 200_000  # a long feature; an imported page larger than this is mostly chrome
URL_MAX = 2_000  # what browsers and servers reliably pass along
MAX_QUESTIONS = 20  # one thread each: past this it is a reading list, not a discussion
QUESTION_MAX = 500  # a question becomes a thread heading, not an essay
EXTRACTED_TITLE_MAX = 200  # when extracting, a longer first line is a paragraph, not a title
SLUG_MAX = 80  # made from the title
SLUG_STORED_MAX = 120  # SLUG_MAX and a "-2" suffix, with room
SUMMARY_MAX = 280  # one front-page teaser
FOLD_AFTER_CHARS = 800  # an article page opens with two or three paragraphs; the rest is one click away
FOLD_MIN_REST_CHARS = 400  # folding away less than a paragraph or two hides more than it saves
EXTRACTION_REASON_MAX = 1_000  # "under the heading 'A › B'": why a question was taken

# Best answers (the digest, services/digest.py)
BEST_ANSWERS = 3  # per question: a digest to read in a minute, not a second thread
BEST_ANSWER_MIN_VOTES = 2  # one vote says more about the voter than about the answer
BEST_ANSWER_CANDIDATES = 12  # read per question, so an author's many answers or near-copies cannot empty it
SIMILARITY_CHARS = 2_000  # compared of each answer: a copy shows in its opening, and longer costs more

# Moderation
REASON_MAX = 500  # readers see it under the post: a sentence or two
REPORT_DETAILS_MAX = 1_000
SUSPENSION_DAYS_MIN = 1
SUSPENSION_DAYS_MAX = 3_650  # ten years: longer is a ban by another name
HEAT_WINDOW_MINUTES = 10  # issue 13: "more than FORUM_HEAT_POSTS posts within 10 minutes"
HEAT_REASON_MAX = 100  # "42 posts in 10 minutes": a few words
SLOW_MODE_SECONDS_MAX = 86_400  # past a day between posts a lock says it more honestly
LOG_ACTION_MAX = 32  # the width of moderation_actions.action
LOG_LABEL_MAX = 300  # how the log names a target: a title and a little more
LOG_ENTRIES_PER_PAGE = 50

# Lists
MAX_PAGE = 100_000  # past any real listing; keeps OFFSET inside every engine's integers
PER_PAGE_MAX = 100
REPORT_GROUPS_PER_PAGE = 25
PENDING_POSTS_PER_PAGE = 50
USER_RECORD_ROWS = 20  # of each list moderators see on a profile; the log and queue hold the rest

# Ids are INTEGER columns: a larger number names no row, and must not reach the database.
MAX_ROW_ID = 2**31 - 1


def too_long(what: str, limit: int) -> str:
    """The one wording for a length refused, so forms, the API and services say the same."""
    return f"Keep {what} to {limit:,} characters or fewer."


def page_offset(page: int, size: int) -> int:
    """Rows to skip for 1-based ``page``, bounded by MAX_PAGE so that any page number is safe to query."""
    return (min(max(page, 1), MAX_PAGE) - 1) * size


def out_of_range(unit: str, low: int, high: int) -> str:
    """The one wording for a number outside its bounds."""
    return f"Use a whole number of {unit} from {low} to {high}."
