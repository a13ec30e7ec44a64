"""Search over articles, question threads and posts, through the full-text index each engine keeps.

A query is words (all must match), "quoted phrases", -exclusions and prefix* words. It is
parsed here once and written out for the engine: an FTS5 MATCH on SQLite, a tsquery built
by websearch_to_tsquery (and to_tsquery for prefixes) on PostgreSQL. Stemming differs a
little between the two, so hits may too; what a query means does not (DESIGN §11).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from markupsafe import Markup
from sqlalchemy import ColumnElement, bindparam, column, func, literal, literal_column, null, select, table, union_all
from sqlalchemy.orm import aliased

from ..errors import Invalid
from ..extensions import db
from ..fts import POSTGRES_CONFIG, fts_table, tsvector
from ..models import Article, Post, Thread, User
from .markdown import plain_text
from .visibility import articles_shown, readable_posts, threads_shown

HIT_KINDS = ("article", "thread", "post")
SORTS = ("best", "new")
QUERY_MAX_LENGTH = 200  # a search box, not a document: longer input is a paste gone wrong
TERMS_MAX = 12  # each term is an index lookup; a dozen covers any real question
# Counting every hit of a word in most posts costs as much as finding them; past this, "1,000+" says enough.
COUNT_MAX = 1_000
SNIPPET_LENGTH = 220
SNIPPET_LEAD = 60  # characters of context shown before the first match
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
WORD = re.compile(r"\w+")
# Endings dropped before marking words, so "libraries" marks "library" and "lending" marks "lend".
ENDINGS = ("ing", "ies", "ied", "es", "ed", "ly", "s", "y", "e")


@dataclass(frozen=True)
class Query:
    """A parsed query: phrases (lists of words) and prefixes that must match, phrases that must not."""

    phrases: tuple[tuple[str, ...], ...]
    prefixes: tuple[str, ...]
    excluded: tuple[tuple[str, ...], ...]

    @property
    def marked_words(self) -> list[str]:
        return [word for phrase in self.phrases for word in phrase] + list(self.prefixes)


@dataclass(frozen=True)
class Hit:
    """One result: an article, a question thread or a post, with its matching words marked."""

    kind: str  # "article", "thread" or "post"
    id: int
    opening: bool  # a post that is the details of a member's own question (its thread's opening post)
    thread_id: int | None
    article_slug: str
    article_title: str
    title: Markup
    snippet: Markup
    author: str | None
    author_display_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    total: int  # at most COUNT_MAX + 1: more than COUNT_MAX
    page: int
    per_page: int
    article: Article | None = None  # the article the search was kept to

    @property
    def more_than_counted(self) -> bool:
        return self.total > COUNT_MAX

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, COUNT_MAX) / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def prev_num(self) -> int:
        return self.page - 1


def parse_query(text: str) -> Query:
    """``text`` as words, phrases, -exclusions and prefix* words; Invalid if nothing is left to find."""
    text = (text or "").strip()
    if len(text) > QUERY_MAX_LENGTH:
        raise Invalid(f"Keep the search under {QUERY_MAX_LENGTH} characters.", field="q")
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    excluded: list[tuple[str, ...]] = []
    for match in TOKEN.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        quoted = match.group(2)
        raw = quoted if quoted is not None else match.group(4)
        words = tuple(word.lower() for word in WORD.findall(raw))
        if not words:
            continue
        if negated:
            excluded.append(words)
        elif quoted is None and raw.endswith("*") and len(words) == 1:
            prefixes.append(words[0])
        else:
            phrases.append(words)
    if not phrases and not prefixes:
        raise Invalid("Type a word to look for; words with - before them only leave results out.", field="q")
    if len(phrases) + len(prefixes) + len(excluded) > TERMS_MAX:
        raise Invalid(f"Use at most {TERMS_MAX} words or phrases.", field="q")
    return Query(tuple(phrases), tuple(prefixes), tuple(excluded))


def search(viewer, text: str, *, article_slug: str | None = None, author_name: str | None = None,
           sort: str = "best", page: int = 1, per_page: int = 20) -> Results:
    """One page of what ``viewer`` may read that matches ``text``, best match or newest first.

    At most four queries whatever the data: each filter's lookup, the count and the page.
    The visibility rules are the thread pages' own (``forum.services.visibility``).
    """
    query = parse_query(text)
    article = _article_filter(viewer, article_slug) if article_slug else None
    author = _author_filter(author_name) if author_name else None
    matches = _MATCHERS[db.engine.dialect.name](query)
    found = union_all(*(_select(kind, viewer, matches, article, author) for kind in HIT_KINDS))
    hits = found.subquery("hits")
    total = db.session.scalar(select(func.count()).select_from(select(hits.c.id).limit(COUNT_MAX + 1).subquery()))
    order = ([hits.c.score.desc(), hits.c.created_at.desc()] if sort != "new"
             else [hits.c.created_at.desc(), hits.c.id.desc()])
    rows = db.session.execute(select(hits).order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return Results([_hit(row, query) for row in rows], total or 0, page, per_page, article)


def _article_filter(viewer, slug: str) -> Article:
    found = db.session.scalar(select(Article).where(Article.slug == slug, articles_shown(viewer)))
    if found is None:
        raise Invalid("There is no such article to search in.", field="article")
    return found


def _author_filter(name: str) -> User:
    found = db.session.scalar(select(User).where(User.username_key == name.strip().lower()))
    if found is None:
        raise Invalid("No member goes by that name.", field="author")
    return found


def _select(kind: str, viewer, matches, article: Article | None, author: User | None):
    """The rows of ``kind`` that match, as the union's common columns."""
    writer = aliased(User)
    source, text, title, author_id, thread_id, opening, conditions = {
        "article": (Article, Article.body_html, Article.title, Article.created_by_id, null(), literal(False),
                    [articles_shown(viewer)]),
        # a merged thread's posts live in the thread it joined, and its address leads there
        "thread": (Thread, literal(""), Thread.title, Thread.author_id, Thread.id, literal(False),
                   [threads_shown(viewer), articles_shown(viewer), Thread.merged_into_id.is_(None)]),
        "post": (Post, Post.body_html, Thread.title, Post.author_id, Post.thread_id,
                 func.coalesce(Thread.opening_post_id, 0) == Post.id, readable_posts(viewer)),
    }[kind]
    match, score, join = matches(source.__tablename__)
    query = select(
        literal(kind).label("kind"), source.id.label("id"), thread_id.label("thread_id"), opening.label("opening"),
        Article.slug.label("article_slug"), Article.title.label("article_title"), title.label("title"),
        text.label("text"), writer.username.label("author"), writer.display_name.label("author_display_name"),
        source.created_at.label("created_at"),
        score.label("score"),
    ).select_from(source)
    if join is not None:
        query = query.join(*join)
    if kind == "post":
        query = query.join(Thread, Thread.id == Post.thread_id)
    if kind != "article":
        query = query.join(Article, Article.id == Thread.article_id)
    query = query.outerjoin(writer, writer.id == author_id).where(match, *conditions)
    if article is not None:
        query = query.where(Article.id == article.id)
    if author is not None:
        query = query.where(author_id == author.id)
    return query


def _sqlite_matcher(query: Query):
    """FTS5: each word quoted (so nothing the reader types is an operator), prefixes starred."""
    def quoted(words: tuple[str, ...]) -> str:
        return '"' + " ".join(words) + '"'

    wanted = " ".join([quoted(p) for p in query.phrases] + [quoted((p,)) + "*" for p in query.prefixes])
    expression = f"({wanted})" + "".join(f" NOT {quoted(p)}" for p in query.excluded)
    param = bindparam("search_match", expression)

    def matches(table_name: str):
        fts = table(fts_table(table_name), column("rowid"), column("rank"))
        source = {"articles": Article, "threads": Thread, "posts": Post}[table_name]
        return (literal_column(fts_table(table_name)).op("MATCH")(param), -fts.c.rank,
                (fts, fts.c.rowid == source.id))

    return matches


def _postgres_matcher(query: Query):
    """websearch_to_tsquery for words, phrases and exclusions; to_tsquery for prefixes (it has no syntax for them)."""
    web = " ".join([f'"{" ".join(p)}"' for p in query.phrases] + [f'-"{" ".join(p)}"' for p in query.excluded])
    parts: list[ColumnElement] = []
    if web:
        parts.append(func.websearch_to_tsquery(literal_column(f"'{POSTGRES_CONFIG}'::regconfig"),
                                               bindparam("search_web", web)))
    if query.prefixes:
        # 'simple': a prefix is a word's beginning, not a word to stem
        parts.append(func.to_tsquery(literal_column("'simple'::regconfig"),
                                     bindparam("search_prefix", " & ".join(f"{p}:*" for p in query.prefixes))))
    tsquery = reduce(lambda left, right: left.op("&&")(right), parts)

    def matches(table_name: str):
        vector = literal_column(tsvector(table_name))
        return vector.op("@@")(tsquery), func.ts_rank(vector, tsquery), None

    return matches


_MATCHERS = {"sqlite": _sqlite_matcher, "postgresql": _postgres_matcher}


def _hit(row, query: Query) -> Hit:
    pattern = _mark_pattern(query)
    text = plain_text(row.text) if row.text else ""
    return Hit(kind=row.kind, id=row.id, opening=bool(row.opening), thread_id=row.thread_id, article_slug=row.article_slug,
               article_title=row.article_title, title=_marked(row.title, pattern),
               snippet=_marked(_excerpt(text, pattern), pattern), author=row.author,
               author_display_name=row.author_display_name, created_at=row.created_at)


def _mark_pattern(query: Query) -> re.Pattern[str]:
    stems = sorted({_stem(word) for word in query.marked_words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _excerpt(text: str, pattern: re.Pattern[str]) -> str:
    """About SNIPPET_LENGTH characters around the first match, cut between words."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    found = pattern.search(text)
    start = max(0, found.start() - SNIPPET_LEAD) if found else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + SNIPPET_LENGTH
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


_MARK = Markup("<mark>{}</mark>")  # format() escapes what it is given


def _marked(text: str, pattern: re.Pattern[str]) -> Markup:
    """``text`` escaped, with each matching word in <mark>: the only markup a snippet carries."""
    parts: list[str | Markup] = []
    last = 0
    for found in pattern.finditer(text):
        parts.append(text[last:found.start()])
        parts.append(_MARK.format(found.group()))
        last = found.end()
    parts.append(text[last:])
    return Markup("").join(parts)  # join escapes every plain string part
