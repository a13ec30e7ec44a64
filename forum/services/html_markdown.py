"""An HTML page's article as Markdown, without the page's chrome."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_DROP_TAGS = set("script style nav header footer aside form button noscript template iframe svg"
                 " select textarea input dialog head img".split())
_INLINE_TAGS = set("a abbr b strong i em span code small sup sub mark q cite time u s del ins"
                   " br font label kbd var".split())
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog", "search"}
# Whole class or id names only: "has-sidebar" or "comments-open" on a wrapper is layout.
_CHROME_NAMES = frozenset(
    "share sharing social share-buttons social-share sharedaddy comments comment-list"
    " comments-area related related-posts newsletter subscribe advert advertisement ad ads"
    " promo sidebar breadcrumb breadcrumbs cookie-banner cookie-notice".split()
)
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}


def html_to_markdown(html: str) -> tuple[str | None, str | None, str]:
    """Title, canonical URL and Markdown of an HTML page's article, without page chrome."""
    soup = BeautifulSoup(html, "html.parser")
    # One pass over the tree for every landmark: a big page makes each find() costly.
    tags = soup.find_all(("article", "main", "h1", "title", "link", "meta"))
    named = {name: [tag for tag in tags if tag.name == name] for name in ("main", "h1", "title")}
    articles = [tag for tag in tags if tag.name == "article" and not _is_chrome_tag(tag)]
    root = (articles or named["main"] or [soup.body or soup])[0]
    inside = [h for h in named["h1"] if any(parent is root for parent in h.parents)]
    heading = (inside or named["h1"] or named["title"] or [None])[0]
    title = heading.get_text(" ", strip=True) if heading else ""
    out: list[str] = []
    try:
        _walk(root, out)
    except RecursionError:  # absurdly deep nesting: keep the words, lose the markup
        out = [root.get_text("\n")]
    markdown = "\n\n".join(block for block in out if block)
    return title or None, _canonical_url(tags), markdown


def _canonical_url(tags: list[Tag]) -> str | None:
    for tag in tags:
        canonical = tag.name == "link" and "canonical" in tag.get_attribute_list("rel")
        if canonical or tag.name == "meta" and tag.get("property") == "og:url":
            url = str(tag.get("href") or tag.get("content") or "").strip()
            if _URL.fullmatch(url):
                return url
    return None


def _is_chrome_tag(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS or tag.has_attr("hidden") or tag.get("role") in _CHROME_ROLES:
        return True
    names = [*tag.get_attribute_list("class", []), str(tag.get("id") or "")]
    return any(name.lower() in _CHROME_NAMES for name in names)


def _walk(node: Tag, out: list[str]) -> None:
    """Append the Markdown blocks of ``node``'s children to ``out``."""
    inline: list[str] = []
    for child in [*node.children, None]:
        if child is None or isinstance(child, Tag) and child.name not in _INLINE_TAGS:
            out.append(_squash("".join(inline)))
            inline.clear()
            if child is not None and not _is_chrome_tag(child):
                _block(child, out)
        else:
            inline.append(_inline(child))


def _block(tag: Tag, out: list[str]) -> None:
    if tag.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = _squash(_inline(tag)).replace("\n", " ")
        out.append("#" * int(tag.name[1]) + " " + text if text else "")
    elif tag.name in ("ul", "ol"):
        out.append(_list(tag, 0))
    elif tag.name == "p":
        out.append(_squash(_inline(tag)))
    else:
        _walk(tag, out)


def _squash(text: str) -> str:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _list(tag: Tag, indent: int) -> str:
    lines: list[str] = []
    number = 0
    for li in tag.find_all("li", recursive=False):
        nested = [c for c in li.children if isinstance(c, Tag) and c.name in ("ul", "ol")]
        words = _squash("".join(_inline(c) for c in li.children if not any(c is n for n in nested)))
        number += bool(words)
        marker = f"{number}." if tag.name == "ol" else "-"
        if words:
            lines.append(" " * indent + marker + " " + words.replace("\n", " "))
        lines += filter(None, (_list(sub, indent + len(marker) + 1) for sub in nested))
    return "\n".join(lines)


def _inline(node: Tag | NavigableString) -> str:
    """Markdown for inline HTML: emphasis, code and http(s) links; other tags give their text."""
    if isinstance(node, PreformattedString):  # comments, doctypes, CDATA
        return ""
    if isinstance(node, NavigableString):
        return re.sub(r"\s+", " ", str(node))
    if _is_chrome_tag(node):
        return ""
    if node.name == "br":
        return "\n"
    inner = "".join(_inline(child) for child in node.children)
    href = str(node.get("href") or "").strip()
    if node.name in _MARKS:
        return _wrap(inner, _MARKS[node.name], _MARKS[node.name])
    return _wrap(inner, "[", f"]({href})") if node.name == "a" and _URL.fullmatch(href) else inner


def _wrap(inner: str, before: str, after: str) -> str:
    """Put Markdown marks around ``inner`` but outside its surrounding spaces."""
    core = inner.strip()
    if not core:
        return inner
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{before}{core}{after}{trail}"
