"""An article's best answers to take away: the digest as a JSON document and as Markdown.

Both read ``digest.article_digest``, so they hold exactly what the article page shows the
same reader. An answer's ``body`` is its Markdown source as its author wrote it: Markdown
needs nothing else, and a consumer that shows HTML renders and sanitizes it itself (the
sanitized rendering is ``body_html`` in the API's posts).
"""

from __future__ import annotations

import re
from typing import Any

from flask import url_for

from ..models import Article
from .digest import article_digest

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~!])")
_AUTOLINK = re.compile(r"[^\s<>]+")


def digest_document(article: Article, viewer) -> dict[str, Any]:
    """``{"article": {...}, "questions": [...]}`` as ``viewer`` may read it, with absolute URLs (needs a request
    context: the CLI makes one at FORUM_SITE_URL)."""
    return {
        "article": {"title": article.title, "url": url_for("articles.show", slug=article.slug, _external=True),
                    "source_url": article.source_url},
        "questions": [
            {"question": question.thread.title,
             "thread_url": url_for("threads.show", thread_id=question.thread.id, _external=True),
             "answers": [{"id": answer.id, "author": answer.author, "body": answer.body, "score": answer.score,
                          "url": url_for("posts.show", post_id=answer.id, _external=True),
                          "featured": answer.featured}
                         for answer in question.answers]}
            for question in article_digest(article, viewer)
        ],
    }


def digest_markdown(document: dict[str, Any]) -> str:
    """``document`` as Markdown: a heading per question, each answer quoted under its author and score."""
    article = document["article"]
    source = f" · source: {_link(article['source_url'])}" if article["source_url"] else ""
    lines = [f"# Best answers: {_inline(article['title'])}", "", f"From {_link(article['url'])}{source}", ""]
    for question in document["questions"]:
        lines += [f"## {_inline(question['question'])}", "", _link(question["thread_url"]), ""]
        if not question["answers"]:
            lines += ["No best answers yet.", ""]
        for answer in question["answers"]:
            lines += [_byline(answer), "", *_quoted(answer["body"]), "", _link(answer["url"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _byline(answer: dict[str, Any]) -> str:
    parts = [f"**{_inline(answer['author'])}**" if answer["author"] else "A former member"]
    if answer["score"] is not None:
        parts.append(f"{answer['score']} point{'' if abs(answer['score']) == 1 else 's'}")
    if answer["featured"]:
        parts.append("featured by the moderators")
    return " · ".join(parts)


def _quoted(body: str) -> list[str]:
    """The answer as a block quote: its own headings and lists stay inside it."""
    return [f"> {line}".rstrip() for line in body.splitlines()]


def _inline(text: str) -> str:
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def _link(url: str) -> str:
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else _inline(url)
