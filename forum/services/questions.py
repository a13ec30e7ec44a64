"""Find an article's title, source, summary, Markdown body and reflection questions.

Text, Markdown, HTML and fetched pages all become Markdown-like lines first and
then go through the same rules, so an article reads the same however it came.
Finding questions is deterministic, and each question carries the reason it was
taken, for the moderator's preview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from forum.errors import Invalid
from forum.limits import EXTRACTED_TITLE_MAX, MAX_QUESTIONS, QUESTION_MAX, SUMMARY_MAX

from . import article_parts as parts
from .article_parts import FrontMatter, plain_words, shorten
from .question_cues import is_subscribe_box
from .question_finder import Block, Item, find_questions

UNTITLED = "Untitled article"
TITLE_SEARCH_LINES = 40  # a title stands above the article, after at most a page's chrome
PLAIN_CUT = 1000  # lines are only compared with short things: titles, lead-ins, chrome

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-–—•*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>\S.*)$")
_LABEL = re.compile(r"^(?P<label>[A-Z][^:]{0,60}):[ \t]+(?P<rest>\S.*)$")
_CHROME_LINE = re.compile(
    r"[×✕✖xX]|post (?:a )?comment|leave a (?:comment|reply)|add a comment|cancel reply"
    r"|share(?: this(?: article| story| post| page)?)?(?: on \w+)?|reply|subscribe|\d* ?comments?"
    r"|print|tweet|email|advertisement|sponsored|close|menu|main menu|skip to (?:main )?content"
    r"|sign up|sign in|log in|register|follow us|related posts|search|home|back to top"
    r"|toggle navigation|facebook|twitter|linkedin|whatsapp|copy link"
    r"|home ?[>›»/|] ?.{1,70}",
    re.IGNORECASE,
)
# Where a scraped page's comments begin: nothing below is the article's.
_COMMENTS_START = re.compile(
    r"(?:\d+|no|one|two|three) (?:comments?|responses?|replies|thoughts on .+)|comments"
    r"|leave a (?:reply|comment)|join the (?:discussion|conversation)|responses|comentarios",
    re.IGNORECASE,
)
# Only a line of words over the rule: "- item" over "---" is a list and a break.
_SETEXT_1 = re.compile(r"^(?![-*+>#|]|\d+[.)] )(\S[^\n]{0,200})\n=+[ \t]*$", re.MULTILINE)
_SETEXT_2 = re.compile(r"^(?![-*+>#|]|\d+[.)] )(\S[^\n]{0,200})\n-{3,}[ \t]*$", re.MULTILINE)
_COMMENT_WORD = re.compile(r"comment|repl|respons|discussion|conversation|thoughts", re.IGNORECASE)
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|ul|ol|li|article|section|br)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_MD_SNIFF = re.compile(r"^#{1,6}[ \t]+\S|\[[^\[\]\n]+\]\(https?://|\*\*\S|^---$", re.MULTILINE)
_QUOTES_AFTER = "\"'”’»)*_ "
_LEAD_WORDS = re.compile(
    r"(?:discussion|reflection|review) questions|questions for (?:discussion|reflection)"
    r"|questions to (?:consider|discuss|ponder|think about)|think about it|food for thought",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Extraction:
    """What an article holds, ready for the moderator's preview.

    ``reasons[i]`` says why ``questions[i]`` was taken ("under the heading 'Talk it over'").
    """

    title: str
    source_url: str | None
    body: str
    questions: list[str]
    summary: str = ""
    reasons: list[str] = field(default_factory=list)


def extract_article(
    text: str, *, filename: str | None = None, content_type: str | None = None,
    base_url: str | None = None,
) -> Extraction:
    """Split an article into title, source URL, summary, Markdown body and questions.

    The format (HTML, Markdown or plain text) comes from ``content_type``,
    ``filename`` or the text itself. ``base_url`` (where a page was fetched from)
    makes relative links absolute when the page names no canonical address. An
    article without questions is valid: the moderator adds them in the preview.

    :raises Invalid: if the article has no content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    kind = _detect_format(text, filename, content_type)
    if kind == "html":
        from .html_markdown import html_to_markdown  # here, not at start: BeautifulSoup weighs 10 MB

        page = html_to_markdown(text, base_url=base_url)
        meta, text = FrontMatter(page.title, page.url, page.description), page.markdown
    else:
        meta, text = parts.split_front_matter(text)
        if kind == "markdown":
            text = _atx_headings(text)
    lines = [line.rstrip() for line in _without_comments(text.split("\n"))
             if not _is_line(_CHROME_LINE, line)]
    if not any(_plain(line) for line in lines):
        raise Invalid("The article is empty.", field="text")
    source_url, lines = _take_source(lines)
    title, lines = _take_title(lines, meta.title, markdown=kind != "plain")
    blocks = _blocks(lines)
    found = find_questions(blocks)[:MAX_QUESTIONS]
    questions = [shorten(question, QUESTION_MAX) for question, _ in found]
    body = _render(_label_lists(blocks) if kind == "plain" else blocks)
    summary = shorten(meta.description, SUMMARY_MAX) if meta.description else (
        parts.summary_of(re.split(r"\n\s*\n", body)))
    return Extraction(title, source_url or meta.source_url, body, questions, summary,
                      [reason for _, reason in found])


def _atx_headings(text: str) -> str:
    """"Title" over "=====" (or "-----") is a Markdown heading: write it with hashes."""
    text = _SETEXT_1.sub(lambda m: f"# {m[1]}", text)
    return _SETEXT_2.sub(lambda m: f"## {m[1]}", text)


def _detect_format(text: str, filename: str | None, content_type: str | None) -> str:
    mime = (content_type or "").split(";")[0].strip().lower()
    suffix = PurePosixPath(filename or "").suffix.lower()
    if mime in ("text/html", "application/xhtml+xml") or suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if mime in ("text/markdown", "text/x-markdown") or suffix in (".md", ".markdown"):
        return "markdown"
    head = text.lstrip()[:20_000]  # enough to tell, and bounded
    tags = len(_HTML_SNIFF.findall(head))
    if tags >= 3 or tags and head.startswith("<"):
        return "html"
    return "markdown" if _MD_SNIFF.search(head) else "plain"


def _plain(line: str) -> str:
    """The words of a line without heading marks, emphasis or link syntax."""
    line = line.strip()[:PLAIN_CUT]
    heading = _HEADING.match(line)
    if heading:
        line = heading["text"].rstrip()
        closed = line.rstrip("#")  # "## Title ##" closes with hashes after a space
        line = closed.rstrip() if closed[-1:] in (" ", "\t") else line
    return plain_words(line).replace("__", "").strip(" \t_>")


def _is_line(pattern: re.Pattern[str], line: str) -> bool:
    """Whether a short line (chrome, a lead-in) is ``pattern`` give or take markup and colon."""
    return len(line) <= 80 and bool(pattern.fullmatch(_plain(line).rstrip(":").strip()))


def _without_comments(lines: list[str]) -> list[str]:
    """Lines before a comment section that starts in the second half of a scraped page."""
    for n in range(len(lines) // 2, len(lines)):
        if _COMMENT_WORD.search(lines[n]) and _is_line(_COMMENTS_START, lines[n]):
            return lines[:n]
    return lines


def _take_source(lines: list[str]) -> tuple[str | None, list[str]]:
    """Pull out "For the full story, visit: URL" sentences; the first gives the source.

    A paragraph is read as a whole, so the sentence may start mid-line or wrap.
    """
    source, kept, paragraph = None, [], []
    for line in [*lines, ""]:
        plain_line = line.strip() and not _ITEM.match(line) and not _HEADING.match(line)
        url = parts.source_url_of(line.strip()) if plain_line and len(line) <= PLAIN_CUT else None
        if url and len(parts.sentences(line.strip())) == 1:
            source = source or url  # a line of its own, even right under the title
            continue
        if plain_line:
            paragraph.append(line)
            continue
        if paragraph:
            url, rest = parts.take_source_sentence(" ".join(p.strip() for p in paragraph))
            source = source or url
            kept += paragraph if url is None else [rest] if rest else []
            paragraph = []
        kept.append(line)
    return source, kept[:-1]


def _take_title(lines: list[str], title: str | None, *, markdown: bool) -> tuple[str, list[str]]:
    """Find the title and drop its line, and the copies pages often print right after it."""
    starts = [n for n, line in enumerate(lines) if line.strip()]
    if title is None:
        heading = next((n for n in starts if lines[n].startswith("# ")), None) if markdown else None
        first = heading if heading is not None else _first_title_line(lines, starts)
        if first is None:
            return UNTITLED, lines
        title = " ".join(_plain(lines[first]).split())
        if len(title) > EXTRACTED_TITLE_MAX:
            return shorten(title, EXTRACTED_TITLE_MAX), lines
    title = shorten(title, EXTRACTED_TITLE_MAX)
    drop: set[int] = set()
    for n in starts:
        if " ".join(_plain(lines[n]).split()).casefold() == title.casefold():
            drop.add(n)
        elif drop:
            break
    return title, [line for n, line in enumerate(lines) if n not in drop]


def _first_title_line(lines: list[str], starts: list[int]) -> int | None:
    candidates = [n for n in starts[:TITLE_SEARCH_LINES] if _plain(lines[n])
                  and not _ITEM.match(lines[n]) and not _is_line(_LEAD_WORDS, lines[n])]
    for position, n in enumerate(candidates):
        following = [_plain(lines[m]) for m in candidates[position + 1:position + 3]]
        if parts.is_title_line(lines[n], following):
            return n
    return candidates[0] if candidates else None


def _blocks(lines: list[str]) -> list[Block]:
    """Group lines into blank, text, heading and list blocks, joining wrapped list items."""
    blocks: list[Block] = [Block("blank")]
    for line in lines:
        last, item = blocks[-1], _ITEM.match(line)
        if not line.strip():
            if last.kind != "blank":
                blocks.append(Block("blank"))
        elif item:
            if last.kind == "blank" and blocks[-2:-1] and blocks[-2].kind == "list":
                blocks.pop()  # a loose list: items separated by blank lines
                last = blocks[-1]
            new = Item(len(item["indent"].expandtabs(4)), item["marker"], item["text"])
            if last.kind == "list":
                last.items.append(new)
            else:
                blocks.append(Block("list", items=[new]))
        elif heading := _HEADING.match(line):
            blocks.append(Block("heading", line.strip(), level=len(heading["hashes"])))
        elif last.kind == "list" and _continues(last.items[-1], line):
            last.items[-1].text += " " + line.strip()
        elif not is_subscribe_box(line):
            blocks.append(Block("text", line.strip()))
    return blocks[1:]


def _continues(item: Item, line: str) -> bool:
    """A line right under an item continues it if indented or if the item is unfinished."""
    if len(item.text) > 2 * QUESTION_MAX:  # prose, not a wrapped item
        return False
    return line[:1] in " \t" or not item.text.rstrip(_QUOTES_AFTER).endswith((".", "?", "!", ":"))


def _label_lists(blocks: list[Block]) -> list[Block]:
    """Turn plain-text "Label: text" lines under a line ending in a colon into a list."""
    out: list[Block] = [Block("blank")]
    for block in blocks:
        label, last = _LABEL.match(block.text), out[-1]
        item = Item(0, "-", f"**{label['label']}:** {label['rest']}") if label else None
        if item and block.kind == "text" and last.labelled:
            last.items.append(item)
        elif item and block.kind == "text" and last.kind == "text" and last.text.endswith(":"):
            out.append(Block("list", items=[item], labelled=True))
        else:
            out.append(block)
    return out[1:]


def _render(blocks: list[Block]) -> str:
    """Markdown with blank lines around headings and lists, and ``-`` for every bullet."""
    out: list[str] = []
    for block in blocks:
        if block.kind == "list":
            out += ["", *(_render_item(item) for item in block.items), ""]
        elif block.kind == "heading":
            out += ["", block.text, ""]
        else:
            out.append(block.text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _render_item(item: Item) -> str:
    marker = item.marker if item.marker[0].isdigit() else "-"
    return f"{' ' * item.indent}{marker} {item.text}"

