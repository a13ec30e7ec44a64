"""Which lines of an article are its reflection questions, and why each one was taken.

The rules, in the words the preview uses:
- "under the heading 'X'" / "under the lead-in 'X'": every list item, and every
  paragraph that asks or prompts ("Describe…", "Q1. …"), in the section under a
  heading or line that announces questions or prompts, until the section ends or
  its questions give way to prose;
- "in the list after 'X'": the questions of a list right after a sentence that
  announces it ("…raises some open questions:");
- "a question in the closing paragraph, after 'X:'": questions following a lead-in
  inside one paragraph ("Some questions to chew on: Is …? Should …?");
- "labelled 'Q1.'": two or more numbered "Q1." paragraphs with no "A." answers;
- "in a list made only of questions": when nothing above matched.
Nothing in a section under "Related", "References", "Comments", "FAQ" and the
like counts, nor a quote, a link list, or a call to comment ("What do you think?
Tell us in the comments.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .article_parts import is_link_line, plain_words
from .question_cues import announces_questions, calls_to_comment, is_opinion_question, is_stop_heading
from .question_sentences import Q_LABEL, clean, inline_lead, is_question, questions_asked

PSEUDO_HEADING = 7  # a bold line or short standalone line: below every real heading
SUBHEADING = 7.5  # a short line over a list, inside a pseudo-heading's section
SENTENCE = 8  # a prose line ending in a colon: scopes only what follows it directly
PARAGRAPH_CUT = 2000  # a longer paragraph is prose, never a question
QUOTE_LENGTH = 90  # how much of a heading or lead-in the reason quotes

_A_LABEL = re.compile(r"^\**A\s?\d{0,2}\s?[.:)]", re.IGNORECASE)
_BOLD_LINE = re.compile(r"(\*\*|__)(?P<text>[^*_]+?)(?::)?\1:?")
_HASHES = re.compile(r"^#{1,6}[ \t]+")
_ANNOUNCES = re.compile(r"\b(?:question|discuss|reflect|consider|ponder|think|ask|wonder)", re.I)
_LINK_ONLY = re.compile(r"\[[^\]]*\]\([^)]*\)\W*")


@dataclass
class Item:
    indent: int
    marker: str
    text: str


@dataclass
class Block:
    kind: str  # "blank", "text", "heading" or "list"
    text: str = ""
    items: list[Item] = field(default_factory=list)
    labelled: bool = False
    level: int = 0


@dataclass
class _Heading:
    level: float
    text: str
    lead: bool
    stop: bool
    closed: bool = False
    found: int = 0
    outer: list[_Heading] = field(default_factory=list)  # lead-ins it sits under


@dataclass
class _Unit:
    kind: str  # "heading", "list" or "para"
    text: str = ""
    lines: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    level: float = 0


def find_questions(blocks: list[Block]) -> list[tuple[str, str]]:
    """The article's questions in order, each with the reason it was taken."""
    units = _units(blocks)
    found: list[tuple[str, str]] = []
    stack: list[_Heading] = []
    for n, unit in enumerate(units):
        if unit.kind == "heading":
            lead = announces_questions(unit.text) and unit.level <= SENTENCE
            stop = is_stop_heading(unit.text)
            level = unit.level
            if level == PSEUDO_HEADING and not stop and _opens_list(units, n, stack):
                level = SUBHEADING  # "Before you read" over a list, under "Discussion guide"
            while stack and stack[-1].level >= level:
                stack.pop()
            outer = _scope(stack) if lead else None
            stack.append(_Heading(level, unit.text, lead, stop,
                                  outer=[*outer[0].outer, *outer] if isinstance(outer, list) else []))
            continue
        scope = _scope(stack)
        if scope == "stop":
            continue
        taken = _take(unit, scope, units[n + 1:], units[n - 1] if n else None)
        found += taken
        if isinstance(scope, list):
            _after(scope[0], unit, bool(taken), stack)
    if not found:
        found = _labelled(units) or [
            (text, "in a list made only of questions") for unit in units if unit.kind == "list"
            and unit.items and all(map(is_question, unit.items))
            and not all(_LINK_ONLY.fullmatch(item) for item in unit.items) for text in unit.items
        ]
    return _tidy(found)


def _units(blocks: list[Block]) -> list[_Unit]:
    """Headings (real and pseudo), lists, and paragraphs of consecutive text lines."""
    units: list[_Unit] = []
    previous = "blank"
    for block in blocks:
        if block.kind == "heading":
            units.append(_Unit("heading", _HASHES.sub("", block.text).strip("# "), level=block.level))
        elif block.kind == "list":
            top = min(item.indent for item in block.items)
            # Nested items under a question are hints for it, not questions of their own.
            units.append(_Unit("list", items=[i.text for i in block.items if i.indent == top]))
        elif block.kind == "text" and previous == "text" and units[-1].kind == "para":
            units[-1].lines.append(block.text)
        elif block.kind == "text":
            units.append(_Unit("para", lines=[block.text]))
        previous = block.kind
    out: list[_Unit] = []
    for unit in units:
        if unit.kind == "para":
            out += _split_paragraph(unit)
        else:
            out.append(unit)
    return out


def _split_paragraph(unit: _Unit) -> list[_Unit]:
    """A one-line paragraph may be a pseudo-heading; a lead-in line may top a paragraph."""
    heading = _pseudo_heading(unit.lines[0])
    if heading is not None and (len(unit.lines) == 1 or announces_questions(heading)):
        rest = _split_paragraph(_Unit("para", lines=unit.lines[1:])) if len(unit.lines) > 1 else []
        return [_Unit("heading", heading, level=PSEUDO_HEADING), *rest]
    text = " ".join(line.strip() for line in unit.lines)
    if text.endswith(":") and _ANNOUNCES.search(text) and len(text) <= PARAGRAPH_CUT:
        return [_Unit("heading", plain_words(text), level=SENTENCE)]
    unit.text = text
    return [unit]


def _pseudo_heading(line: str) -> str | None:
    bold = _BOLD_LINE.fullmatch(line.strip())
    text = (bold["text"] if bold else plain_words(line)).strip()
    if line.lstrip().startswith(("[", "|", ">", "!")) or Q_LABEL.match(text) or not text:
        return None
    if bold and len(text) <= 120:
        return text
    short = len(text) <= 60 and len(text.split()) <= 8
    if short and (not text.endswith((".", ",", ";", "!", "?", "…")) or is_opinion_question(text)):
        return text
    return None


def _opens_list(units: list[_Unit], n: int, stack: list[_Heading]) -> bool:
    """Whether a short line stands over a list in the section of a pseudo-heading lead-in."""
    lead = _scope(stack)
    return (isinstance(lead, list) and lead[0].level in (PSEUDO_HEADING, SUBHEADING)
            and n + 1 < len(units) and units[n + 1].kind == "list")


def _scope(stack: list[_Heading]) -> str | list[_Heading] | None:
    """"stop", the lead-in heading with the headings under it, or None."""
    for n in range(len(stack) - 1, -1, -1):
        heading = stack[n]
        if heading.closed:
            return None
        if heading.stop:
            return "stop"
        if heading.lead:
            return stack[n:]
    return None


def _after(lead: _Heading, unit: _Unit, taken: bool, stack: list[_Heading]) -> None:
    """Questions give way to prose: the section's questions are over."""
    lead.found += taken
    if lead.level == SENTENCE and (unit.kind == "list" or not taken):
        stack.remove(lead)
    elif lead.found and not taken and unit.kind == "para":
        lead.closed = True


def _take(unit: _Unit, scope, rest: list[_Unit], before: _Unit | None) -> list[tuple[str, str]]:
    if unit.kind == "list":
        return _from_list(unit, scope, before)
    if unit.text.startswith(">") or len(unit.text) > PARAGRAPH_CUT:
        return []
    inline = inline_lead(unit.text)
    if inline:
        intro, questions = inline
        closing = not any(u.kind != "para" for u in rest) and len(rest) <= 2
        where = "a question in the closing paragraph, after" if closing else "a question after"
        quoted = _quote(intro) + ("" if intro.endswith("?") else ":")
        return [(q, f"{where} '{quoted}'") for q in questions]
    if not isinstance(scope, list):
        return []
    reason = _reason(scope)
    lines = unit.lines if len(unit.lines) > 1 and all(
        plain_words(line).rstrip("\"'”’»)").endswith((".", "?", "!", ":")) for line in unit.lines
    ) else [unit.text]
    asked = [q for line in lines for q in questions_asked(line, whole=scope[0].level != SENTENCE)]
    return [(q, reason) for q in asked]


def _from_list(unit: _Unit, scope, before: _Unit | None) -> list[tuple[str, str]]:
    if isinstance(scope, list) and scope[0].level != SENTENCE:
        reason = _reason(scope)
        return [(text, reason) for text in map(clean, unit.items) if text
                and not calls_to_comment(text) and not is_opinion_question(text)
                and not is_link_line(text)]
    context = scope[0].text if isinstance(scope, list) else (
        before.text if before is not None and before.kind == "para" else "")
    if context and (context.endswith(":") or _ANNOUNCES.search(context)):
        reason = f"in the list after '{_quote(context)}'"
        return [(text, reason) for text in map(clean, unit.items) if is_question(text)]
    return []


def _labelled(units: list[_Unit]) -> list[tuple[str, str]]:
    """Numbered "Q1." paragraphs, unless answers ("A:") show them to be an FAQ."""
    paras = [u for u in units if u.kind == "para"]
    if any(_A_LABEL.match(plain_words(u.text)) for u in paras):
        return []
    labelled = [(u.text, Q_LABEL.match(plain_words(u.text))) for u in paras]
    found = [(clean(text), f"labelled 'Q{m[1]}.'") for text, m in labelled if m]
    return found if len(found) >= 2 else []


def _reason(scope: list[_Heading]) -> str:
    kind = "heading" if scope[0].level < PSEUDO_HEADING else "lead-in"
    path = " › ".join(_quote(h.text) for h in [*scope[0].outer, *scope] if h.level < SENTENCE)
    return f"under the {kind} '{path}'"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _tidy(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kept: dict[str, tuple[str, str]] = {}
    for question, reason in found:
        question = question.strip()
        if question:
            kept.setdefault(" ".join(question.split()).casefold(), (question, reason))
    return list(kept.values())
