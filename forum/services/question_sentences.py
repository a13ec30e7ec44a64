"""What one paragraph asks: its questions and prompts, their follow-ups, and a lead-in's questions.

``question_finder`` decides where in an article questions may be; these read them out of the text there.
"""

from __future__ import annotations

import re

from .article_parts import is_link_line, plain_words, sentences
from .question_cues import announces_strongly, calls_to_comment, is_opinion_question, is_prompt

FOLLOW_UP_WORDS = 4  # "Why or why not?" belongs to the question before it
Q_LABEL = re.compile(r"^Q\s?(\d{1,2})\s?[.:)]\s+", re.IGNORECASE)


def inline_lead(text: str) -> tuple[str, list[str]] | None:
    """"Some questions to chew on: Is …? Should …?" or "What do you think? Should …?":
    the lead-in and the questions after it."""
    text = plain_words(text)
    said = sentences(text)
    intro, colon, rest = text.partition(": ")
    if said and is_opinion_question(said[0]):
        intro, rest = said[0].rstrip(":"), " ".join(said[1:])
    elif not colon or len(intro) > 120 or not announces_strongly(intro):
        return None
    questions = _merged([s for s in sentences(rest) if not calls_to_comment(s)])
    if not questions or not all(map(is_question, questions)):
        return None
    return intro, [q[0].upper() + q[1:] for q in questions]


def questions_asked(text: str, *, whole: bool) -> list[str]:
    """The questions or prompts of a paragraph under a lead-in; none from plain prose."""
    text = " ".join(plain_words(text).split())
    labelled = bool(Q_LABEL.match(text))
    said = [s for s in sentences(clean_label(text))
            if not calls_to_comment(s) and not is_opinion_question(s) and not is_link_line(s)]
    if not said:
        return []
    if all(map(is_question, said)):
        merged = _merged(said)
        return merged if len(merged) > 1 else [" ".join(said)]
    if whole and (is_question(said[-1]) or is_prompt(said[0]) or labelled):
        return [" ".join(said)]
    return []


def _merged(said: list[str]) -> list[str]:
    """Questions with their short follow-ups ("Why or why not?") joined to them."""
    out: list[str] = []
    for sentence in said:
        if out and len(sentence.split()) <= FOLLOW_UP_WORDS:
            out[-1] += " " + sentence
        else:
            out.append(sentence)
    return out


def clean(text: str) -> str:
    return clean_label(" ".join(plain_words(text).split()))


def clean_label(text: str) -> str:
    return Q_LABEL.sub("", text, count=1)


def is_question(text: str) -> bool:
    return text.rstrip("\"'”’»)*_ ").endswith("?")
