"""The front page and the hub run as many SQL queries for many rows as for few."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Article, Post, Question, Thread, utcnow


def add_articles(author, count: int) -> None:
    for number in range(count):
        article = Article(slug=f"bulk-{number}", title=f"Bulk {number}", body="", body_html="", created_by=author)
        db.session.add(article)
        question = Question(article=article, position=1, text="Why?")
        db.session.add_all([question, Thread(article=article, question=question, title="Why?")])
    db.session.commit()


def add_threads(article, author, count: int) -> None:
    for number in range(count):
        question = Question(article=article, position=number + 10, text=f"Question {number}?")
        db.session.add_all([question, Thread(article=article, question=question, title=question.text,
                                             last_activity_at=utcnow(), post_count=number)])
        db.session.add(Thread(article=article, title=f"Member thread {number}", author=author))
    db.session.commit()


def queries_for(client, count_queries, path: str) -> int:
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return len(counter)


@pytest.mark.parametrize("path", ["/", "/?sort=new", "/?sort=top&period=all", "/?sort=unanswered"])
def test_front_page_queries_do_not_grow_with_articles(app, client, count_queries, moderator, path):
    app.config["ARTICLES_PER_PAGE"] = 200
    add_articles(moderator, 3)
    few = queries_for(client, count_queries, path)
    add_articles_start = db.session.query(Article).count()
    for number in range(add_articles_start, 200):
        article = Article(slug=f"more-{number}", title=f"More {number}", body="", body_html="",
                          created_by=moderator)
        question = Question(article=article, position=1, text="How?")
        db.session.add_all([article, question, Thread(article=article, question=question, title="How?")])
    db.session.commit()
    assert queries_for(client, count_queries, path) == few


def test_hub_queries_do_not_grow_with_threads(client, count_queries, auth, make, member):
    auth.login(member)
    small = make.article(questions=["Only one?"])
    many = make.article(questions=["Only one?"])
    add_threads(many, member, 30)
    assert queries_for(client, count_queries, f"/articles/{small.slug}") == \
        queries_for(client, count_queries, f"/articles/{many.slug}")


def test_article_page_queries_do_not_grow_with_answers_and_best_answers(client, count_queries, auth, make, member):
    """The article page reads every question's counts and best answers at once, for visitors (each page's
    first render) and members."""
    def answered_article(questions: int, answers: int):
        article = make.article(questions=[f"Question {n}?" for n in range(questions)])
        for thread in db.session.query(Thread).filter_by(article_id=article.id):
            db.session.add_all(Post(thread=thread, author=member, body=f"Answer {n}.", body_html=f"<p>Answer {n}.</p>",
                                    upvotes=3, score=3) for n in range(answers))
        db.session.commit()
        return article

    small, large = answered_article(1, 1), answered_article(12, 20)
    visitor = queries_for(client, count_queries, f"/articles/{small.slug}")
    assert queries_for(client, count_queries, f"/articles/{large.slug}") == visitor
    auth.login(member)
    assert queries_for(client, count_queries, f"/articles/{small.slug}") == \
        queries_for(client, count_queries, f"/articles/{large.slug}")
