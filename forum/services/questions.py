"""Find an article's title, source, Markdown body and reflection questions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from forum.errors import Invalid

from .html_markdown import html_to_markdown

MAX_QUESTIONS = 20  # one thread each: past this it is a reading list, not a discussion
MAX_QUESTION_LENGTH = 500  # a question becomes a thread heading, not an essay
MAX_TITLE_LENGTH = 200  # a longer first line is a paragraph, not a title
UNTITLED = "Untitled article"
PLAIN_CUT = 1000  # lines are only compared with short things: titles, lead-ins, chrome

_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-–—•*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>\S.*)$")
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")  # no nesting, so no slow worst case
_LABEL = re.compile(r"^(?P<label>[A-Z][^:]{0,60}):[ \t]+(?P<rest>\S.*)$")
_LEAD_IN = re.compile(
    r"(?:discussion|reflection|review) questions|questions for (?:discussion|reflection)"
    r"|questions to (?:consider|discuss|ponder|think about)|think about it|food for thought",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(r"\b(?:question|discuss|reflect|consider|ponder|think|ask|wonder)", re.I)
_SOURCE_LEAD = re.compile(
    r"(?:for )?(?:the )?full (?:story|article)|read (?:the )?(?:full |whole |original )?"
    r"(?:story|article)|originally (?:published|posted|appeared)|sources? ?:"
    r"|read more(?::| at| on)",
    re.IGNORECASE,
)
_CHROME_LINE = re.compile(
    r"[×✕✖xX]|post (?:a )?comment|leave a (?:comment|reply)|add a comment|cancel reply"
    r"|share(?: this(?: article| story| post)?)?|reply|subscribe|\d* ?comments?|print|tweet"
    r"|advertisement|close|menu|skip to (?:main )?content|sign up|log in|follow us|related posts",
    re.IGNORECASE,
)
_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|ul|ol|li|article|section|br)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_MD_SNIFF = re.compile(r"^#{1,6}[ \t]+\S|\[[^\[\]\n]+\]\(https?://|\*\*\S", re.MULTILINE)
_QUOTES_AFTER = "\"'”’»)*_ "
_NO_MARKS = str.maketrans("", "", "*`")


@dataclass(frozen=True)
class Extraction:
    """What an article holds, ready for the moderator's preview."""

    title: str
    source_url: str | None
    body: str
    questions: list[str]


@dataclass
class _Item:
    indent: int
    marker: str
    text: str


@dataclass
class _Block:
    kind: str  # "blank", "text", "heading" or "list"
    text: str = ""
    items: list[_Item] = field(default_factory=list)
    labelled: bool = False


def extract_article(
    text: str, *, filename: str | None = None, content_type: str | None = None
) -> Extraction:
    """Split an article into title, source URL, Markdown body and questions.

    The format (HTML, Markdown or plain text) comes from ``content_type``,
    ``filename`` or the text itself. An article without questions is valid:
    the moderator adds them in the preview.

    :raises Invalid: if the article has no content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    kind = _detect_format(text, filename, content_type)
    title = page_url = None
    if kind == "html":
        title, page_url, text = html_to_markdown(text)
    lines = [line.rstrip() for line in text.split("\n") if not _is_line(_CHROME_LINE, line)]
    if not any(_plain(line) for line in lines):
        raise Invalid("The article is empty.", field="text")
    source_url, lines = _take_source(lines)
    title, lines = _take_title(lines, title)
    blocks = _blocks(lines)
    questions = _find_questions(blocks)
    body = _render(_label_lists(blocks) if kind == "plain" else blocks)
    return Extraction(title, source_url or page_url, body, questions)


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
    return _MD_LINK.sub(r"\1", line).translate(_NO_MARKS).replace("__", "").strip(" \t_>")


def _is_line(pattern: re.Pattern[str], line: str) -> bool:
    """Whether a short line (chrome, a lead-in) is ``pattern`` give or take markup and colon."""
    return len(line) <= 80 and bool(pattern.fullmatch(_plain(line).rstrip(":").strip()))


def _is_question(text: str) -> bool:
    return text.rstrip(_QUOTES_AFTER).endswith("?")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _take_source(lines: list[str]) -> tuple[str | None, list[str]]:
    """Pull out "For the full story, visit: URL" style lines; the first gives the source."""
    source, kept = None, []
    for line in lines:
        url = _URL.search(line) if len(line) <= 300 and _SOURCE_LEAD.match(_plain(line)) else None
        if url:
            source = source or url.group(0).rstrip(".,;:!?")
        else:
            kept.append(line)
    return source, kept


def _take_title(lines: list[str], title: str | None) -> tuple[str, list[str]]:
    """Find the title and drop its line, and the copies pages often print right after it."""
    starts = [n for n, line in enumerate(lines) if line.strip()]
    if title is None:
        candidates = (n for n in starts if _plain(lines[n]) and not _ITEM.match(lines[n]))
        first = next((n for n in candidates if not _is_line(_LEAD_IN, lines[n])), None)
        heading = next((n for n in starts if lines[n].startswith("# ")), None)
        if first is None:
            return UNTITLED, lines
        title = " ".join(_plain(lines[first if heading is None else heading]).split())
        if len(title) > MAX_TITLE_LENGTH:
            return _shorten(title, MAX_TITLE_LENGTH), lines
    title = _shorten(" ".join(title.split()), MAX_TITLE_LENGTH)
    drop: set[int] = set()
    for n in starts:
        if " ".join(_plain(lines[n]).split()).casefold() == title.casefold():
            drop.add(n)
        elif drop:
            break
    return title, [line for n, line in enumerate(lines) if n not in drop]


def _blocks(lines: list[str]) -> list[_Block]:
    """Group lines into blank, text, heading and list blocks, joining wrapped list items."""
    blocks: list[_Block] = [_Block("blank")]
    for line in lines:
        last, item = blocks[-1], _ITEM.match(line)
        if not line.strip():
            if last.kind != "blank":
                blocks.append(_Block("blank"))
        elif item:
            if last.kind == "blank" and blocks[-2:-1] and blocks[-2].kind == "list":
                blocks.pop()  # a loose list: items separated by blank lines
                last = blocks[-1]
            new = _Item(len(item["indent"].expandtabs(4)), item["marker"], item["text"])
            if last.kind == "list":
                last.items.append(new)
            else:
                blocks.append(_Block("list", items=[new]))
        elif _HEADING.match(line):
            blocks.append(_Block("heading", line.strip()))
        elif last.kind == "list" and _continues(last.items[-1], line):
            last.items[-1].text += " " + line.strip()
        else:
            blocks.append(_Block("text", line.strip()))
    return blocks[1:]


def _continues(item: _Item, line: str) -> bool:
    """A line right under an item continues it if indented or if the item is unfinished."""
    if len(item.text) > 2 * MAX_QUESTION_LENGTH:  # prose, not a wrapped item
        return False
    return line[:1] in " \t" or not item.text.rstrip(_QUOTES_AFTER).endswith((".", "?", "!", ":"))


def _find_questions(blocks: list[_Block]) -> list[str]:
    """Lists under a lead-in give all their items; lists after an announcing line, their
    questions; failing both, every list made only of questions counts."""
    found: list[str] = []
    lists = [(n, _top_items(block)) for n, block in enumerate(blocks) if block.kind == "list"]
    for n, items in lists:
        context = _context(blocks, n)
        if any(_is_line(_LEAD_IN, block.text) for block in context):
            found += items
        elif context and (context[0].text.endswith(":") or _ANNOUNCES.search(context[0].text)):
            found += [text for text in items if _is_question(text)]
    if not found:
        found = [text for _, items in lists if all(map(_is_question, items)) for text in items]
    return _tidy(found)


def _context(blocks: list[_Block], index: int) -> list[_Block]:
    """Up to three lines before a list, nearest first, back to a heading or another list."""
    context: list[_Block] = []
    for block in reversed(blocks[:index]):
        if block.kind == "list" or len(context) == 3:
            break
        if block.kind != "blank":
            context.append(block)
        if block.kind == "heading":
            break
    return context


def _top_items(block: _Block) -> list[str]:
    # Nested items under a question are hints for it, not questions of their own.
    top = min(item.indent for item in block.items)
    return [item.text for item in block.items if item.indent == top]


def _tidy(questions: list[str]) -> list[str]:
    kept: dict[str, str] = {}
    for question in questions:
        question = _shorten(question.strip(), MAX_QUESTION_LENGTH)
        kept.setdefault(" ".join(question.split()).casefold(), question)
    return list(kept.values())[:MAX_QUESTIONS]


def _label_lists(blocks: list[_Block]) -> list[_Block]:
    """Turn plain-text "Label: text" lines under a line ending in a colon into a list."""
    out: list[_Block] = [_Block("blank")]
    for block in blocks:
        label, last = _LABEL.match(block.text), out[-1]
        item = _Item(0, "-", f"**{label['label']}:** {label['rest']}") if label else None
        if item and block.kind == "text" and last.labelled:
            last.items.append(item)
        elif item and block.kind == "text" and last.kind == "text" and last.text.endswith(":"):
            out.append(_Block("list", items=[item], labelled=True))
        else:
            out.append(block)
    return out[1:]


def _render(blocks: list[_Block]) -> str:
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


def _render_item(item: _Item) -> str:
    marker = item.marker if item.marker[0].isdigit() else "-"
    return f"{' ' * item.indent}{marker} {item.text}"
