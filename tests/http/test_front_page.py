"""The front page sorts: Latest (by last activity), New, Top of a period, and Unanswered questions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import ArticleStatus, Thread, utcnow


def titles_in_order(html: str, *titles: str) -> bool:
    positions = [html.index(title) for title in titles]
    return positions == sorted(positions)


def age(article, days: int) -> None:
    article.created_at = article.last_activity_at = utcnow() - timedelta(days=days)
    db.session.commit()


@pytest.fixture
def older_and_newer(make):
    older = make.article("Older piece", questions=["First?"])
    newer = make.article("Newer piece", questions=["Second?"])
    age(older, 3)
    age(newer, 2)
    return older, newer


def test_latest_is_the_default_and_puts_the_last_discussed_article_first(client, make, older_and_newer):
    older, _ = older_and_newer
    make.post(make.thread(older))
    html = client.get("/").get_data(as_text=True)
    assert titles_in_order(html, "Older piece", "Newer piece")
    assert '<a href="/" aria-current="page">Latest</a>' in " ".join(html.split())


def test_new_puts_the_last_published_article_first(client, make, older_and_newer):
    older, _ = older_and_newer
    make.post(make.thread(older))
    html = client.get("/?sort=new").get_data(as_text=True)
    assert titles_in_order(html, "Newer piece", "Older piece")


def test_top_ranks_the_periods_articles_by_posts(client, make):
    quiet = make.article("Quiet piece", questions=["Calm?"])
    busy = make.article("Busy piece", questions=["Loud?"])
    old = make.article("Old busy piece", questions=["Ancient?"])
    for _ in range(2):
        make.post(make.thread(busy))
    for _ in range(3):
        make.post(make.thread(old))
    age(quiet, 1)
    age(old, 20)
    week = client.get("/?sort=top&period=week").get_data(as_text=True)
    assert titles_in_order(week, "Busy piece", "Quiet piece")
    assert "Old busy piece" not in week
    month = client.get("/?sort=top&period=month").get_data(as_text=True)
    assert titles_in_order(month, "Old busy piece", "Busy piece", "Quiet piece")
    assert "Old busy piece" in client.get("/?sort=top&period=all").get_data(as_text=True)


def test_top_defaults_to_the_week_and_offers_the_other_periods_as_links(client, make):
    age(make.article("Last month's piece", questions=[]), 20)
    html = " ".join(client.get("/?sort=top").get_data(as_text=True).split())
    assert "Last month&#39;s piece" not in html
    assert '<a href="/?sort=top&amp;period=week" aria-current="page">week</a>' in html
    assert '<a href="/?sort=top&amp;period=month" >month</a>' in html
    assert ">all time</a>" in html


def test_unanswered_lists_the_questions_still_waiting_for_an_answer(client, make):
    article = make.article("Open piece", questions=["Answered already?", "Still waiting?"])
    answered = make.thread(article)
    make.post(answered)
    waiting = db.session.query(Thread).filter_by(title="Still waiting?").one()
    html = client.get("/?sort=unanswered").get_data(as_text=True)
    assert f'<a href="/threads/{waiting.id}">Still waiting?</a>' in html
    assert "Answered already?" not in html


@pytest.mark.parametrize("change", ["hidden", "locked", "closed", "draft"])
def test_unanswered_leaves_out_questions_nobody_can_answer(client, make, change):
    article = make.article("Shut piece", questions=["Can anyone answer this?"])
    thread = make.thread(article)
    if change in ("hidden", "locked"):
        setattr(thread, change, True)
    elif change == "closed":
        article.discussion_open = False
    else:
        article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert "Can anyone answer this?" not in client.get("/?sort=unanswered").get_data(as_text=True)


def test_each_article_shows_its_questions_unanswered_and_posts(client, make):
    article = make.article("Counted piece", questions=["One?", "Two?", "Three?"])
    make.post(make.thread(article))
    hidden = db.session.query(Thread).filter_by(article_id=article.id).order_by(Thread.id.desc()).first()
    hidden.hidden = True
    db.session.commit()
    html = " ".join(client.get("/").get_data(as_text=True).split())
    assert "2 questions · 1 unanswered · 1 post ·" in html


def test_an_unknown_sort_is_the_default(client, make, older_and_newer):
    older, _ = older_and_newer
    make.post(make.thread(older))
    response = client.get("/?sort=bogus&period=decade")
    assert response.status_code == 200
    assert titles_in_order(response.get_data(as_text=True), "Older piece", "Newer piece")


def test_the_next_page_keeps_the_sort(app, client, make):
    app.config["ARTICLES_PER_PAGE"] = 1
    make.article("Piece one", questions=[])
    make.article("Piece two", questions=[])
    html = client.get("/?sort=new").get_data(as_text=True)
    assert 'href="/?sort=new&amp;page=2"' in html
    assert "Piece one" in client.get("/?sort=new&page=2").get_data(as_text=True)


def test_the_api_lists_articles_in_the_front_pages_orders(client, make, older_and_newer):
    older, _ = older_and_newer
    make.post(make.thread(older))
    latest = client.get("/api/v1/articles").get_json()["items"]
    new = client.get("/api/v1/articles?sort=new").get_json()["items"]
    assert [item["title"] for item in latest] == ["Older piece", "Newer piece"]
    assert [item["title"] for item in new] == ["Newer piece", "Older piece"]
    assert latest[0]["unanswered_count"] == 0 and new[0]["unanswered_count"] == 1
    assert client.get("/api/v1/articles?sort=sideways").status_code == 422


def test_unanswered_leaves_out_threads_merged_into_another(client, make, moderator):
    from forum.services import moves, threads

    article = make.article("Merged piece", questions=["Kept question?"])
    merged = threads.start_thread(make.user(), article, title="Merged question?", body="Same as above.")
    moves.merge_thread(moderator, merged, target=make.thread(article))
    html = client.get("/?sort=unanswered").get_data(as_text=True)
    assert "Merged question?" not in html and "Kept question?" not in html
