"""The parts of an article around its questions: front matter, source line, title line, summary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from forum.limits import SUMMARY_MAX

FRONT_MATTER_LINES = 60  # YAML front matter is a handful of keys; past this it is not front matter
KICKER_WORDS = 2  # "Housing", "Opinion": a section name above the headline
MASTHEAD_WORDS = 4  # "The Valley Voice": a site's name above the headline and its byline
SUMMARY_MIN_WORDS = 6  # fewer is a greeting, a kicker or a byline, not the article's opening

URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_URL_TAIL = ".,;:!?*_`'\"”’»"  # punctuation and Markdown emphasis that end a sentence, not a URL
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_TITLE_KEYS = ("title",)
_SOURCE_KEYS = ("source", "source_url", "canonical_url", "canonical", "original_url", "link", "url")
_SUMMARY_KEYS = ("description", "summary", "excerpt", "subtitle")
_SOURCE_LEAD = re.compile(
    r"(?:for )?(?:the )?full (?:story|article|report|text)"
    r"|read (?:the |it |more )?(?:full |whole |original |complete )?(?:story|article|report|piece"
    r"|post|version|here|online|more)"
    r"|(?:this (?:article|story|piece|post|report) )?(?:was )?(?:originally|first) (?:published"
    r"|posted|appeared|ran)|(?:article |original |primary )?sources? ?:|via ?:|read more(?::| at| on)"
    r"|continue reading|fuente(?: original)? ?:|publicado originalmente|art[ií]culo original ?:"
    r"|(?:lee|leer) (?:la noticia|el art[ií]culo|el reportaje|m[aá]s)",
    re.IGNORECASE,
)
# A sentence starts after end punctuation and space, before a capital or an opening mark.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)*_]*\s+(?=[\"'“‘«(¿¡*_\[]*[A-ZÁÉÍÓÚÑÜ0-9])")
_BYLINE = re.compile(r"(?:by|posted by|written by|words by|por)\s", re.IGNORECASE)
_DATELINE = re.compile(
    r"for immediate release|embargoed.*|(?:published|updated|posted)\b.*|\d{1,2}:\d{2}.*",
    re.IGNORECASE,
)
# "HARBOUR POINT, April 2, 2026 — " or "RIVERSIDE — " opening a news or press paragraph.
_DATELINE_PREFIX = re.compile(
    r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]{2,40}(?:, [A-Z][\w.]*\.?)?(?:,? \(?[A-Z][a-z]+\.? \d{1,2},? \d{4}\)?)?"
    r"\s*(?:—|–|--)\s+"
)
_EMPHASIS = re.compile(r"[*`]|__|(?<!\w)_|_(?!\w)")
_LIST_OR_MARKUP = re.compile(r"\s*(?:[>#|]|[-*+•–—]\s|\d{1,3}[.)]\s)")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]{1,20}\]")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")  # no nesting, so no slow worst case


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    source_url: str | None = None
    description: str | None = None


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Read a leading YAML front matter block's plain ``key: value`` lines and remove it."""
    lines = text.split("\n", FRONT_MATTER_LINES + 1)
    if lines[0].strip() != "---":
        return FrontMatter(), text
    end = next((n for n, line in enumerate(lines[1:FRONT_MATTER_LINES + 1], 1)
                if line.strip() in ("---", "...")), None)
    pairs = [_FRONT_KEY.match(line) for line in lines[1:end]] if end else []
    values = {m["key"].lower(): _scalar(m["value"]) for m in pairs if m}
    if not values:
        return FrontMatter(), text
    source = next((values[k] for k in _SOURCE_KEYS if URL.fullmatch(values.get(k, ""))), None)
    found = FrontMatter(
        title=next((values[k] for k in _TITLE_KEYS if values.get(k)), None),
        source_url=source,
        description=next((values[k] for k in _SUMMARY_KEYS if values.get(k)), None),
    )
    return found, "\n".join(lines[end + 1:])


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace("\\\"", "\"").replace("''", "'").strip()
    return value.split(" #", 1)[0].strip()


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def take_source_sentence(paragraph: str) -> tuple[str | None, str]:
    """The URL of a "Full story at …" sentence in ``paragraph``, and the paragraph without it."""
    if len(paragraph) > 2000 or not URL.search(paragraph):  # a long paragraph is the article
        return None, paragraph
    parts = sentences(paragraph)
    for n, sentence in enumerate(parts):
        url = URL.search(sentence)
        if url and _SOURCE_LEAD.match(plain_words(sentence)):
            rest = " ".join(parts[:n] + parts[n + 1:])
            return url.group(0).rstrip(_URL_TAIL), rest
    return None, paragraph


def plain_words(text: str) -> str:
    """Text without Markdown emphasis, link syntax or footnote marks."""
    text = _FOOTNOTE_MARK.sub("", _MD_LINK.sub(r"\1", text))
    return _EMPHASIS.sub("", text).strip(" \t>")


def is_title_line(text: str, following: list[str]) -> bool:
    """Whether a plain-text line can be the title: not a byline, a dateline, a header line
    ("School | Grade 7 | Guide"), a breadcrumb, or a kicker or masthead above a headline.

    ``following`` holds the next two lines: a headline is what a byline or the text follows.
    """
    text = plain_words(text)
    if not text or _BYLINE.match(text) or _DATELINE.fullmatch(text):
        return False
    headline = bool(following) and _headline_like(following[0])
    separators = len(re.findall(r"\s[|·›»>/]\s", text))
    if separators >= 2 or separators and headline:
        return False
    words = len(text.split())
    if not headline or len(following[0].split()) <= words:
        return True
    # "Housing" above a headline is a kicker; "The Valley Voice" is a masthead when a byline
    # follows the line below it. Otherwise a short line over a longer one is a title over its deck.
    byline = len(following) > 1 and bool(_BYLINE.match(plain_words(following[1])))
    return not (words <= KICKER_WORDS or words <= MASTHEAD_WORDS and byline)


def _headline_like(text: str) -> bool:
    text = plain_words(text)
    return (len(text.split()) <= 20 and not text.endswith((".", ":", ";", ","))
            and not _BYLINE.match(text) and not _DATELINE.fullmatch(text))


def summary_of(paragraphs: list[str]) -> str:
    """The article's opening paragraph in plain words: not a byline, kicker, dateline or
    greeting; failing that, its first paragraph of words."""
    prose = [paragraph for paragraph in paragraphs if not _LIST_OR_MARKUP.match(paragraph)]
    texts = [" ".join(plain_words(paragraph).split()) for paragraph in prose]
    for text in texts:
        sentence = text.rstrip("\"'”’)»").endswith((".", "!", "?", "…"))
        if sentence and len(text.split()) >= SUMMARY_MIN_WORDS and not _BYLINE.match(text):
            return shorten(_DATELINE_PREFIX.sub("", text), SUMMARY_MAX)
    return shorten(next((text for text in texts if text), ""), SUMMARY_MAX)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
