"""An article's questions and their threads, kept in step as a moderator edits the list.

Reordered and reworded questions keep their threads; a new one opens a thread; a removed
one deletes its empty thread or hides one with posts.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from sqlalchemy import select

from ..extensions import db
from ..models import Article, Question, Thread

# An edited line this close to an old question is that question reworded, and keeps its thread.
REWORDING_SIMILARITY = 0.5


def add_question(article: Article, position: int, text: str) -> Question:
    """A new question at ``position`` of ``article``, with its thread; added to the session."""
    question = Question(article=article, position=position, text=text)
    db.session.add(question)
    db.session.add(Thread(article=article, question=question, title=text, answer_first=article.answer_first))
    return question


def apply_questions(article: Article, texts: list[str]) -> None:
    """Make ``article``'s questions ``texts``, in that order; no commit."""
    current = list(article.questions)
    threads = {
        t.question_id: t
        for t in db.session.scalars(select(Thread).where(Thread.question_id.in_([q.id for q in current])))
    }
    kept = _match_questions(current, texts)
    # Park every position first: (article_id, position) is unique, and positions move.
    for offset, question in enumerate(current, start=1):
        question.position = -offset
    db.session.flush()
    for question in current:
        if question not in kept.values():
            _retire_question(question, threads.get(question.id))
    db.session.flush()
    for position, text in enumerate(texts, start=1):
        question = kept.get(position)
        if question is None:
            add_question(article, position, text)
            continue
        question.position = position
        question.text = text
        threads[question.id].title = text


def _match_questions(current: list[Question], texts: list[str]) -> dict[int, Question]:
    """Positions (1-based) of ``texts`` mapped to the existing question each one continues."""
    kept: dict[int, Question] = {}
    unmatched = list(current)
    for position, text in enumerate(texts, start=1):
        same = next((q for q in unmatched if q.text.casefold() == text.casefold()), None)
        if same is not None:
            kept[position] = same
            unmatched.remove(same)
    for position, text in enumerate(texts, start=1):
        if position in kept or not unmatched:
            continue
        best = max(unmatched, key=lambda q: SequenceMatcher(None, q.text.casefold(), text.casefold()).ratio())
        if SequenceMatcher(None, best.text.casefold(), text.casefold()).ratio() >= REWORDING_SIMILARITY:
            kept[position] = best
            unmatched.remove(best)
    return kept


def _retire_question(question: Question, thread: Thread | None) -> None:
    if thread is not None and thread.post_count == 0:
        db.session.delete(thread)
    elif thread is not None:
        thread.hidden = True
        thread.question_id = None
    db.session.delete(question)
