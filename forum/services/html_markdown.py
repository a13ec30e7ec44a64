"""An HTML page's article as Markdown, without the page's chrome, and what its head says of it.

The cleaning is hand-written. Weighed against trafilatura 2.3.1 on the HTML pages of
the extraction corpus (``bench/extraction_vs_trafilatura.py``; everything but the
cleaning shared): this cleaning gave 15 of 15 pages exact, trafilatura 11 of 15. It
dropped the questions of both ``<aside>`` callouts, lost a blockquote's quoting and
laid a table out otherwise; it did find every description, which is read here from
the page's head too. So Agora keeps its own cleaning and takes no new dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from .question_cues import announces_questions

_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_DROP_TAGS = set("script style nav header footer form button noscript template iframe svg"
                 " select textarea input dialog head img".split())
_INLINE_TAGS = set("a abbr b strong i em span code small sup sub mark q cite time u s del ins"
                   " br font label kbd var".split())
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Blocks that a browser's parser lets close an open <p>, which html.parser keeps open around them.
_BLOCK_TAGS = ("blockquote", "ul", "ol", "table", "div", "pre", "figure", *_HEADINGS)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "search"}
# Whole class or id names only: "has-sidebar" or "comments-open" on a wrapper is layout.
_CHROME_NAMES = frozenset(
    "share sharing social share-buttons social-share sharedaddy comments comment-list"
    " comments-area related related-posts newsletter subscribe advert advertisement ad ads"
    " promo sidebar breadcrumb breadcrumbs cookie-banner cookie-notice".split()
)
# Parts of names ("newsletter-signup", "jp-relatedposts") that no layout wrapper uses.
_CHROME_PARTS = frozenset("newsletter subscribe subscription signup mailchimp paywall related"
                          " relatedposts".split())
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_META_KEYS = ("property", "name", "itemprop")
# What sites put between the headline and their own name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·»:]{1,2}|-)\s+")


@dataclass(frozen=True)
class Page:
    """What an HTML page says about its article, and the article as Markdown."""

    title: str | None
    url: str | None  # the canonical address
    description: str | None
    markdown: str


def html_to_markdown(html: str, *, base_url: str | None = None) -> Page:
    """The article of an HTML page as Markdown, with its title, canonical URL and description.

    Relative links are made absolute against the canonical address, else ``base_url``.
    """
    soup = BeautifulSoup(html, "html.parser")
    # One pass over the tree for every landmark: a big page makes each find() costly.
    tags = soup.find_all(("article", "main", "title", "link", "meta", *_HEADINGS))
    articles = [tag for tag in tags if tag.name == "article" and not _is_chrome_tag(tag)]
    mains = [tag for tag in tags if tag.name == "main"]
    root = (articles or mains or [soup.body or soup])[0]
    canonical = _canonical_url(tags)
    out: list[str] = []
    try:
        _walk(root, out, canonical or base_url)
    except RecursionError:  # absurdly deep nesting: keep the words, lose the markup
        out = [root.get_text("\n")]
    markdown = "\n\n".join(block for block in out if block)
    return Page(_title(tags, root), canonical, _description(tags), markdown)


def _title(tags: list[Tag], root: Tag) -> str | None:
    """og:title; else the part of <title> that a heading repeats; else the article's h1;
    else <title> without the site's name; else the first heading."""
    site = _meta(tags, "og:site_name") or ""
    og = _meta(tags, "og:title", "twitter:title")
    if og and _fold(og) != _fold(site):
        suffix = _TITLE_SEPARATORS.split(og)[-1]
        return og[: -len(suffix)].rstrip(" |–—·»:-") if site and suffix != og and (
            _fold(suffix) == _fold(site)) else og
    heads = [tag for tag in tags if tag.name in _HEADINGS]
    head_texts = [" ".join(tag.get_text(" ", strip=True).split()) for tag in heads]
    document = next((tag.get_text(" ", strip=True) for tag in tags if tag.name == "title"), "")
    segments = [s for s in _title_segments(document) if _fold(s) != _fold(site)]
    for segment in segments:
        for text in filter(None, head_texts):
            if _fold(text) == _fold(segment) or (
                _fold(text) in _fold(segment) and 2 * len(text) >= len(segment)
            ):
                return text
    in_root = [text for tag, text in zip(heads, head_texts) if tag.name == "h1" and text
               and any(parent is root for parent in tag.parents)]
    return (in_root or segments or [text for text in head_texts if text] or [None])[0]


def _title_segments(title: str) -> list[str]:
    return [part.strip() for part in _TITLE_SEPARATORS.split(" ".join(title.split())) if part.strip()]


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).casefold()


def _meta(tags: list[Tag], *names: str) -> str | None:
    """The first of ``names`` a <meta> gives content for; names are read in any case, as browsers do."""
    for name in names:
        for tag in tags:
            if tag.name == "meta" and name in (str(tag.get(key) or "").lower() for key in _META_KEYS):
                content = " ".join(str(tag.get("content") or "").split())
                if content:
                    return content
    return None


def _description(tags: list[Tag]) -> str | None:
    return _meta(tags, "description", "og:description", "twitter:description")


def _canonical_url(tags: list[Tag]) -> str | None:
    for tag in tags:
        canonical = tag.name == "link" and "canonical" in tag.get_attribute_list("rel")
        if canonical or tag.name == "meta" and tag.get("property") == "og:url":
            url = str(tag.get("href") or tag.get("content") or "").strip()
            if _URL.fullmatch(url):
                return url
    return None


def _is_chrome_tag(tag: Tag) -> bool:
    if tag.name == "aside":  # a callout in the article may hold its questions
        return not any(announces_questions(h.get_text(" ", strip=True)[:80])
                       for h in tag.find_all((*_HEADINGS, "strong", "b", "p"), limit=20))
    if tag.name in _DROP_TAGS or tag.has_attr("hidden") or tag.get("role") in _CHROME_ROLES:
        return True
    names = [name.lower() for name in (*tag.get_attribute_list("class", []), str(tag.get("id") or ""))]
    return any(name in _CHROME_NAMES or _CHROME_PARTS.intersection(re.split(r"[-_]", name))
               for name in names)


def _walk(node: Tag, out: list[str], base: str | None) -> None:
    """Append the Markdown blocks of ``node``'s children to ``out``."""
    inline: list[str] = []
    for child in [*node.children, None]:
        if child is None or isinstance(child, Tag) and child.name not in _INLINE_TAGS:
            out += _squash("".join(inline)).split("\n")  # a <br> ends a paragraph
            inline.clear()
            if child is not None and not _is_chrome_tag(child):
                _block(child, out, base)
        else:
            inline.append(_inline(child, base))


def _block(tag: Tag, out: list[str], base: str | None) -> None:
    if tag.name in _HEADINGS:
        text = _squash(_inline(tag, base)).replace("\n", " ")
        out.append("#" * int(tag.name[1]) + " " + text if text else "")
    elif tag.name in ("ul", "ol"):
        out.append(_list(tag, 0, base))
    elif tag.name == "p" and not tag.find(_BLOCK_TAGS):
        out += _squash(_inline(tag, base)).split("\n")
    elif tag.name == "table":
        out.append(_table(tag, base))
    elif tag.name == "blockquote":
        quoted: list[str] = []
        _walk(tag, quoted, base)
        text = "\n\n".join(block for block in quoted if block)
        out.append("\n".join(f"> {line}".rstrip() for line in text.split("\n")))
    else:
        _walk(tag, out, base)


def _squash(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _list(tag: Tag, indent: int, base: str | None) -> str:
    lines: list[str] = []
    number = 0
    for li in tag.find_all("li", recursive=False):
        nested = [c for c in li.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
        words = _squash("".join(_inline(c, base) for c in li.children if not any(c is n for n in nested)))
        number += bool(words)
        marker = f"{number}." if tag.name == "ol" else "-"
        if words:
            lines.append(" " * indent + marker + " " + words.replace("\n", " "))
        lines += filter(None, (_list(sub, indent + len(marker) + 1, base) for sub in nested))
    return "\n".join(lines)


def _table(tag: Tag, base: str | None) -> str:
    """A pipe table; the first row is its header, as Markdown tables need one."""
    rows = [
        [_squash(_inline(cell, base)).replace("\n", " ").replace("|", "\\|")
         for cell in row.find_all(("th", "td"), recursive=False)]
        for row in tag.find_all("tr")
    ]
    rows = [row for row in rows if any(row)]
    if not rows:
        return ""
    width = max(map(len, rows))
    lines = [
        "| " + " | ".join(row + [""] * (width - len(row))) + " |"
        for row in rows
    ]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])


def _inline(node: Tag | NavigableString, base: str | None) -> str:
    """Markdown for inline HTML: emphasis, code and http(s) links; other tags give their text."""
    if isinstance(node, PreformattedString):  # comments, doctypes, CDATA
        return ""
    if isinstance(node, NavigableString):
        return re.sub(r"\s+", " ", str(node))
    if _is_chrome_tag(node):
        return ""
    if node.name == "br":
        return "\n"
    inner = "".join(_inline(child, base) for child in node.children)
    if node.name in _MARKS:
        return _wrap(inner, _MARKS[node.name], _MARKS[node.name])
    href = _absolute(str(node.get("href") or "").strip(), base) if node.name == "a" else None
    return _wrap(inner, "[", f"]({href})") if href else inner


def _absolute(href: str, base: str | None) -> str | None:
    """An http(s) address for ``href``, relative ones resolved against ``base``; None for the rest."""
    if href.startswith("#") or not href:  # a link within the page leads nowhere once imported
        return None
    if base and not _URL.match(href):
        href = urljoin(base, href)
    return href if _URL.fullmatch(href) else None


def _wrap(inner: str, before: str, after: str) -> str:
    """Put Markdown marks around ``inner`` but outside its surrounding spaces."""
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{before}{core}{after}{trail}"
