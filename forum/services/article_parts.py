"""The parts of an article around its questions: front matter, source line, title line, summary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from forum.limits import SUMMARY_MAX

FRONT_MATTER_LINES = 60  # YAML front matter is a handful of keys; past this it is not front matter
KICKER_WORDS = 2  # "Housing", "Opinion": a section name above the headline
MASTHEAD_WORDS = 4  # "The Valley Voice": a site's name above the headline and its byline
SUMMARY_MIN_WORDS = 6  # fewer is a greeting, a kicker or a byline, not the article's opening
SOURCE_LINE_WORDS = 12  # "Read the original interview at URL": a few words whose point is the URL

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
# Any of these among a short sentence's first words, with a URL ending it, makes it a source
# line, whatever the noun: "Read the original interview:", "See the essay at", "Via …:".
# "Source" leads only with its colon (in _SOURCE_LEAD): "Source code is at URL" is prose.
_SOURCE_WORD = re.compile(
    r"read|see|view|continue|continued|original|originally|full|via|published"
    r"|appeared|republished|reprinted|adapted|fuente|lee|leer|ver|publicado",
    re.IGNORECASE,
)
_WORD_MARKS = "[](){}:,;.!?\"'“”‘’«»"
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
        url = source_url_of(sentence)
        if url:
            rest = " ".join(parts[:n] + parts[n + 1:])
            return url, rest
    return None, paragraph


def source_url_of(sentence: str) -> str | None:
    """The URL of a sentence or line that points to the article's source, else None:
    a known lead-in ("For the full story, visit …"), or a short sentence that starts
    with a capital, has a source word among its first three ("Read the original
    interview:", "The original at") and ends with a bare URL."""
    url = URL.search(sentence)
    if not url:
        return None
    found = url.group(0).rstrip(_URL_TAIL)
    if _SOURCE_LEAD.match(plain_words(sentence)):
        return found
    before = plain_words(sentence[: url.start()])
    after = sentence[url.start() + len(found):]
    words = [word.strip(_WORD_MARKS) for word in before.split()]
    linked = sentence[: url.start()].endswith("](")  # "See our [guide](URL)": the words are the point
    if (linked or after.strip(_URL_TAIL + ")] \t") or not words or len(words) > SOURCE_LINE_WORDS
            or not before.lstrip(_WORD_MARKS)[:1].isupper()):
        return None
    return found if any(_SOURCE_WORD.fullmatch(word) for word in words[:3]) else None


def is_link_line(text: str) -> bool:
    """Whether a line or sentence is mainly a URL: a source line, or a URL with a word or two."""
    return source_url_of(text) is not None or bool(URL.search(text)) and len(
        plain_words(URL.sub("", text)).split()) <= 2


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
    prose = [_without_header_lines(paragraph) for paragraph in paragraphs
             if not _LIST_OR_MARKUP.match(paragraph)]
    texts = [" ".join(plain_words(paragraph).split()) for paragraph in prose]
    for text in texts:
        sentence = text.rstrip("\"'”’)»").endswith((".", "!", "?", "…"))
        if sentence and len(text.split()) >= SUMMARY_MIN_WORDS and not _BYLINE.match(text):
            return shorten(_DATELINE_PREFIX.sub("", text), SUMMARY_MAX)
    return shorten(next((text for text in texts if text), ""), SUMMARY_MAX)


def _without_header_lines(paragraph: str) -> str:
    """A paragraph without the byline, dateline or kicker lines that top it: under the title,
    "MARKET WATCH" over "By … | Updated 9:14 a.m." is one block of lines but no prose."""
    lines = [plain_words(line) for line in paragraph.split("\n")]
    lines = [line for line in lines if line]
    while lines and (_is_header_line(lines[0]) or len(lines) > 1 and _is_header_line(lines[1])
                     and len(lines[0].split()) <= MASTHEAD_WORDS
                     and not lines[0].endswith((".", "!", "?", "…"))):
        lines.pop(0)
    return "\n".join(lines)


def _is_header_line(line: str) -> bool:
    return bool(_BYLINE.match(line) or _DATELINE.fullmatch(line))


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
