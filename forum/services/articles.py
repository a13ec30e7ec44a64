"""Articles: publishing, editing, closing, and the reads behind the front page and hub."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from ..database import begin_write, writes
from ..errors import Conflict, Invalid, NotAllowed, NotFound
from ..extensions import db
from ..limits import (
    ARTICLE_BODY_MAX, ARTICLE_TITLE_MAX, MAX_QUESTIONS, QUESTION_MAX, SLUG_MAX, SUMMARY_MAX, URL_MAX, too_long,
)
from ..models import Article, ArticleStatus, Thread, User, utcnow
from ..permissions import can_delete_article, can_see_article
from .article_parts import summary_of
from .article_questions import add_question, apply_questions
from .markdown import render_markdown
from .moderation import check_reason, require_moderator
from .moderation_log import record_action
from .notifications import mark_article_read
from .page_versions import pages_changed
from .visibility import EVERYONE, articles_shown

# Addresses of their own beside /articles/SLUG: /articles/import, and /articles/publish (its form's address).
RESERVED_SLUGS = frozenset({"import", "publish"})


@dataclass(frozen=True)
class ArticleDraft:
    """What a moderator is about to publish, checked."""

    title: str
    body: str
    source_url: str | None
    questions: list[str]
    summary: str = ""  # empty: the body's opening paragraph
    answer_first: bool = False  # its threads' default: members answer before they see others' answers


def check_draft(
    *, title: str, body: str, source_url: str | None, questions: list[str], summary: str = "",
    answer_first: bool = False,
) -> ArticleDraft:
    title = " ".join(title.split())
    if not title:
        raise Invalid("Give the article a title.", field="title")
    if len(title) > ARTICLE_TITLE_MAX:
        raise Invalid(too_long("the title", ARTICLE_TITLE_MAX), field="title")
    body = body.strip()
    if len(body) > ARTICLE_BODY_MAX:
        raise Invalid(too_long("the body", ARTICLE_BODY_MAX), field="body")
    source_url = (source_url or "").strip() or None
    if source_url and len(source_url) > URL_MAX:
        raise Invalid(too_long("the address", URL_MAX), field="source_url")
    if source_url and not re.match(r"https?://[^\s/]+\.[^\s]+$", source_url):
        raise Invalid("The source must be a web address starting with http:// or https://.", field="source_url")
    cleaned = [" ".join(q.split()) for q in questions]
    cleaned = [q for q in cleaned if q]
    if len(cleaned) > MAX_QUESTIONS:
        raise Invalid(f"An article can have at most {MAX_QUESTIONS} questions.", field="questions")
    if any(len(q) > QUESTION_MAX for q in cleaned):
        raise Invalid(too_long("each question", QUESTION_MAX), field="questions")
    if len({q.casefold() for q in cleaned}) != len(cleaned):
        raise Invalid("The same question appears twice.", field="questions")
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_MAX:
        raise Invalid(too_long("the summary", SUMMARY_MAX), field="summary")
    return ArticleDraft(title=title, body=body, source_url=source_url, questions=cleaned, summary=summary,
                        answer_first=bool(answer_first))


@dataclass(frozen=True)
class PublishWarnings:
    """What a moderator confirms before publishing: a copy of a published article, or no questions."""

    published_as: Article | None
    no_questions: bool

    def __bool__(self) -> bool:
        return self.published_as is not None or self.no_questions

    def messages(self) -> list[str]:
        said = []
        if self.published_as is not None:
            said.append(f"Already published as “{self.published_as.title}” (/articles/{self.published_as.slug}).")
        if self.no_questions:
            said.append("This article has no questions, so publishing it opens no threads.")
        return said


class Unconfirmed(Conflict):
    """Publishing waits for the moderator to confirm its warnings."""

    code = "unconfirmed"

    def __init__(self, warnings: PublishWarnings) -> None:
        super().__init__(" ".join([*warnings.messages(), "Publish anyway to confirm."]), field="confirm")
        self.warnings = warnings


def publish_warnings(*, source_url: str | None, body: str, questions: list[str]) -> PublishWarnings:
    """Warnings for publishing this: the same source address or the same text as a published article
    (importing twice would open every thread twice), or no questions at all."""
    same = []
    if source_url:
        address = source_url.strip().rstrip("/")
        same.append(Article.source_url.in_([address, address + "/"]))
    if body.strip():
        same.append(Article.body == body.strip())
    published_as = db.session.scalar(
        select(Article).where(or_(*same), articles_shown(EVERYONE)).order_by(Article.id).limit(1)
    ) if same else None
    return PublishWarnings(published_as=published_as, no_questions=not questions)


def publish_article(author: User, draft: ArticleDraft, *, confirmed: bool = False) -> Article:
    """Create the article and one thread per question, in one transaction.

    Unless ``confirmed``, an article with warnings (see ``publish_warnings``) is refused with them.
    """
    require_moderator(author, doing="publish and edit articles")
    if not confirmed:
        warnings = publish_warnings(source_url=draft.source_url, body=draft.body, questions=draft.questions)
        if warnings:
            raise Unconfirmed(warnings)
    body_html = render_markdown(draft.body)
    begin_write()
    article = Article(
        slug=unique_slug(draft.title),
        title=draft.title,
        source_url=draft.source_url,
        body=draft.body,
        body_html=body_html,
        summary=draft.summary or summarize(draft.body),
        status=ArticleStatus.PUBLISHED,
        created_by=author,
        answer_first=draft.answer_first,
    )
    db.session.add(article)
    for position, text in enumerate(draft.questions, start=1):
        add_question(article, position, text)
    db.session.commit()
    return article


def update_article(editor: User, article: Article, draft: ArticleDraft) -> Article:
    """Save an edit. Reordered and reworded questions keep their threads; a new one
    opens a thread; a removed one deletes its empty thread or hides one with posts."""
    require_moderator(editor, doing="publish and edit articles")
    body_html = render_markdown(draft.body)
    begin_write()
    article.title = draft.title
    article.body = draft.body
    article.body_html = body_html
    article.summary = draft.summary or summarize(draft.body)
    article.source_url = draft.source_url
    apply_questions(article, draft.questions)
    if article.answer_first != draft.answer_first:
        _set_answer_first(editor, article, draft.answer_first)
    pages_changed(article_id=article.id)
    db.session.commit()
    return article


@writes
def set_discussion_open(moderator: User, article: Article, *, is_open: bool, reason: str = "") -> None:
    """Close (every thread read-only) or reopen an article's discussion; logged once per change.

    Readers see the reason of a closing on the article and its threads until it reopens.

    Like the thread actions: the reason is bounded, and asking for the state it is already in
    changes nothing and is refused, so a double submit writes one log row.
    """
    require_moderator(moderator, doing="publish and edit articles")
    reason = check_reason(reason, required=False)
    if article.discussion_open == is_open:
        raise Conflict(f"Discussion on this article is already {'open' if is_open else 'closed'}.")
    article.discussion_open = is_open
    article.close_reason = None if is_open else (reason or None)
    record_action(moderator, "reopen-article" if is_open else "close-article", article, reason=reason)
    db.session.commit()


def _set_answer_first(editor: User, article: Article, enabled: bool) -> None:
    """The article's new default, taken by its question threads at once; logged, as the thread switch is."""
    article.answer_first = enabled
    db.session.execute(update(Thread).where(Thread.article_id == article.id, Thread.question_id.is_not(None))
                       .values(answer_first=enabled))
    record_action(editor, "answer-first-on" if enabled else "answer-first-off", article)


def get_article(slug: str, viewer) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None or not can_see_article(viewer, article):
        raise NotFound("There is no article at this address.")
    return article


@writes
def delete_article(admin: User, article: Article, *, reason: str = "") -> None:
    """Take the article, its threads and their posts off every page; logged, and undone by ``restore_article``.

    Nothing is erased: the rows stay (and members' karma with them) for the day it comes back.
    """
    _require_admin(admin)
    reason = check_reason(reason, required=False)
    if article.deleted_at is not None:
        raise Conflict("This article is already deleted.")
    article.deleted_at = utcnow()
    mark_article_read(article.id)
    record_action(admin, "delete-article", article, reason=reason)  # which bumps its threads' pages
    db.session.commit()


@writes
def restore_article(admin: User, article: Article, *, reason: str = "") -> None:
    """Put a deleted article back, with its threads and posts as they were; logged."""
    _require_admin(admin)
    reason = check_reason(reason, required=False)
    if article.deleted_at is None:
        raise Conflict("This article is not deleted.")
    article.deleted_at = None
    record_action(admin, "restore-article", article, reason=reason)
    db.session.commit()


def get_deleted_article(admin: User, slug: str) -> Article:
    _require_admin(admin)
    article = db.session.scalar(select(Article).where(Article.slug == slug, Article.deleted_at.is_not(None)))
    if article is None:
        raise NotFound("There is no deleted article at this address.")
    return article


def deleted_articles(admin: User) -> list[Article]:
    """Deleted articles, the latest deleted first, for admins to restore."""
    _require_admin(admin)
    return list(db.session.scalars(select(Article).where(Article.deleted_at.is_not(None))
                                   .order_by(Article.deleted_at.desc(), Article.id.desc())))


def _require_admin(user: User) -> None:
    if not can_delete_article(user):
        raise NotAllowed("Only admins can delete and restore articles.")


def unique_slug(title: str) -> str:
    """A readable slug from the title; a number is added when it is taken."""
    # Punctuation (dashes included) separates words before accents are folded away.
    words = re.sub(r"[\W_]+", " ", title)
    ascii_title = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    base = _cut_at_word(re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-"), SLUG_MAX) or "article"
    taken = RESERVED_SLUGS | set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _cut_at_word(slug: str, limit: int) -> str:
    """``slug`` within ``limit`` characters, cut between words; one word longer than that is cut."""
    if len(slug) <= limit:
        return slug
    return slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else slug[:limit]


def summarize(body: str) -> str:
    """The body's opening paragraph in plain words (not a byline, kicker or dateline), cut short."""
    return summary_of(re.split(r"\n\s*\n", body))
