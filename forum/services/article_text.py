"""An article's text as its page shows it: without the questions (they follow as links), long text folded.

The page lists each question once, as a link to its thread, so the text drops the list items
and paragraphs that are one of the article's questions, and a heading left with nothing
under it ("Discussion questions"). A long text shows its opening and folds the rest behind
"Read the whole article" (a ``<details>``, which needs no JavaScript).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..limits import FOLD_AFTER_CHARS, FOLD_MIN_REST_CHARS
from ..models import Article
from .question_cues import announces_questions

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ENUMERATOR = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•–—])\s+")


@dataclass(frozen=True)
class ArticleText:
    """Sanitized HTML: ``lead`` shows at once, ``rest`` (empty for a short text) behind "Read the whole article"."""

    lead: str
    rest: str


def article_text(article: Article) -> ArticleText:
    """``article``'s text for its page; the same body and questions give the same text, worked out once."""
    return _split(article.body_html, tuple(question.text for question in article.questions))


@functools.lru_cache(maxsize=64)
def _split(body_html: str, questions: tuple[str, ...]) -> ArticleText:
    from bs4 import BeautifulSoup  # here, not at start: it weighs 10 MB, and a server may never show an article

    soup = BeautifulSoup(body_html, "html.parser")
    _drop_questions(soup, {_key(question) for question in questions})
    blocks = [block for block in soup.contents if str(block).strip()]
    lead, length = [], 0
    while blocks and length < FOLD_AFTER_CHARS:
        block = blocks.pop(0)
        lead.append(block)
        length += len(block.get_text())
    while lead and blocks and getattr(lead[-1], "name", None) in HEADINGS:  # a heading goes with what it heads
        blocks.insert(0, lead.pop())
    if sum(len(block.get_text()) for block in blocks) < FOLD_MIN_REST_CHARS:
        lead, blocks = lead + blocks, []
    return ArticleText("\n".join(map(str, lead)), "\n".join(map(str, blocks)))


def _drop_questions(soup: BeautifulSoup, keys: set[str]) -> None:
    """Remove the items and paragraphs that are questions, then the lists they leave empty and the
    heading right above them where it announced them ("Discussion questions") or now heads nothing."""
    for element in soup.find_all(("li", "p")):
        if not element.decomposed and _key(element.get_text(" ")) in keys:
            container = element.parent if element.name == "li" else None
            before = _previous_tag(container if container is not None else element)
            element.decompose()
            if container is not None and container.name in ("ol", "ul") and not container.find("li"):
                container.decompose()
            if before is not None and before.name in HEADINGS and (
                    announces_questions(before.get_text(" ")) or _heads_nothing(before)):
                before.decompose()


def _previous_tag(element: Tag) -> Tag | None:
    from bs4 import Tag

    sibling = element.previous_sibling
    while sibling is not None and not isinstance(sibling, Tag):
        sibling = sibling.previous_sibling
    return sibling


def _heads_nothing(heading: Tag) -> bool:
    from bs4 import Tag

    sibling = heading.next_sibling
    while sibling is not None and not isinstance(sibling, Tag):
        if str(sibling).strip():
            return False
        sibling = sibling.next_sibling
    return sibling is None or sibling.name in HEADINGS


def _key(text: str) -> str:
    """A question's words, lowercased: list markers, punctuation, quotes and line breaks do not count."""
    return " ".join(re.findall(r"\w+", _ENUMERATOR.sub("", text).casefold()))
