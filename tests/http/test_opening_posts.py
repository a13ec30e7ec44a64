"""A member's own thread: the details they typed (its opening post) stand with the question at the top of
every page, and are never an answer: not paged, counted, sorted, picked as a best answer or hidden by
"No answers yet"."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import PostState, Thread
from forum.services import moves, threads, votes
from tests.http.api_client import ApiClient

HX = {"HX-Request": "true"}


def page(client, thread, query: str = "") -> str:
    response = client.get(f"/threads/{thread.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def opening_part(html: str) -> str:
    """The question's details at the top: what stands between the title and the answers."""
    start = html.index('<section class="opening-post"')
    return html[start:html.index("</section>", start)]


def answers_part(html: str) -> str:
    return html[html.index('id="answers"'):]


def post_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article id="post-(\d+)"', html)]


def test_the_details_stand_with_the_question_and_no_answer_is_claimed(client, make):
    thread = make.member_thread(title="What about buses?", body="Nobody mentioned **them**.")
    html = page(client, thread)
    top = opening_part(html)
    assert html.index("<h1>What about buses?</h1>") < html.index('<section class="opening-post"')
    assert f'id="post-{thread.opening_post_id}"' in top and "<strong>them</strong>" in top
    assert f'href="/u/{thread.author.username}"' in top and "<time" in top  # byline and time
    answers = answers_part(html)
    assert post_ids(answers) == [] and "No answers yet. Be the first." in answers
    assert 'id="no-answers" hidden' not in answers


@pytest.mark.parametrize("sort", ["best", "top", "new", "old", "controversial"])
def test_the_details_stay_on_top_in_every_sort_and_answers_come_after(client, make, sort):
    thread = make.member_thread()
    first, second = make.post(thread), make.post(thread)
    votes.cast_vote(make.user(), second, value=-1)
    html = page(client, thread, f"?sort={sort}")
    assert post_ids(opening_part(html)) == [thread.opening_post_id]
    assert sorted(post_ids(answers_part(html))) == [first.id, second.id]


def test_the_details_are_not_paged_among_the_answers(app, client, make):
    app.config["POSTS_PER_PAGE"] = 2
    thread = make.member_thread()
    answers = [make.post(thread) for _ in range(4)]
    first, second = page(client, thread, "?sort=old"), page(client, thread, "?sort=old&page=2")
    assert post_ids(answers_part(first)) == [a.id for a in answers[:2]]
    assert post_ids(answers_part(second)) == [a.id for a in answers[2:]]
    assert "Page 1 of 2" in first and "Page 3" not in first
    assert post_ids(opening_part(second)) == [thread.opening_post_id]  # the question on every page


def test_a_permalink_to_the_details_or_a_reply_to_them_opens_page_one(app, client, auth, member, make):
    app.config["POSTS_PER_PAGE"] = 1
    thread = make.member_thread()
    for _ in range(3):
        make.post(thread)
    opening = thread.opening_post_id
    assert threads.page_of(thread_opening(thread), None, sort="new") == 1
    auth.login(member)
    response = client.post(f"/posts/{opening}/reply", data={"body": "Which buses?"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"/threads/{thread.id}#post-")
    reply_id = int(location.rsplit("-", 1)[1])
    assert post_ids(opening_part(client.get(location).get_data(as_text=True))) == [opening, reply_id]


def test_an_answer_counts_and_pages_without_the_details(app, client, make):
    app.config["POSTS_PER_PAGE"] = 1
    thread = make.member_thread()
    answer = make.post(thread)
    assert threads.answer_count(thread) == 1
    html = page(client, thread)
    assert post_ids(answers_part(html)) == [answer.id] and "Page 2" not in html
    assert threads.page_of(answer, None) == 1


def test_replies_to_the_details_show_under_them_at_the_top(client, make):
    thread = make.member_thread()
    opening = thread_opening(thread)
    reply = make.post(thread, parent=opening, body="Which buses?")
    html = page(client, thread)
    assert post_ids(opening_part(html)) == [opening.id, reply.id]
    assert "No answers yet. Be the first." in answers_part(html)


def thread_opening(thread):
    from forum.models import Post

    return db.session.get(Post, thread.opening_post_id)


def test_the_details_keep_the_actions_of_a_post(client, auth, make):
    author = make.user("asker")
    thread = make.member_thread(author=author)
    auth.login(author)
    top = opening_part(page(client, thread))
    assert f'href="/posts/{thread.opening_post_id}/edit"' in top and ">Delete<" in top
    auth.logout()
    other = make.user("reader")
    auth.login(other)
    top = opening_part(page(client, thread))
    assert 'aria-label="Upvote"' in top or ">Upvote<" in top
    assert ">Report<" in top and ">Reply<" in top


def test_a_removed_opening_post_leaves_its_notice_at_the_top(client, auth, make, moderator):
    thread = make.member_thread(body="Something rude")
    opening = thread_opening(thread)
    opening.state, opening.removal_reason = PostState.REMOVED, "Be kind"
    db.session.commit()
    html = page(client, thread)
    assert "Removed by a moderator: Be kind" in opening_part(html) and "Something rude" not in html
    assert "No answers yet. Be the first." in answers_part(html)


def test_members_share_a_tree_with_the_details_and_their_own_votes(app, client, auth, make):
    author, voter = make.user("asker"), make.user("voter")
    thread = make.member_thread(author=author)
    answer = make.post(thread)
    votes.cast_vote(voter, thread_opening(thread), value=1)
    auth.login(voter)
    html = page(client, thread)
    assert 'aria-pressed="true">▲' in opening_part(html)
    assert post_ids(answers_part(html)) == [answer.id]
    auth.logout()
    auth.login(author)
    top = opening_part(page(client, thread))
    assert f'href="/posts/{thread.opening_post_id}/edit"' in top and 'aria-pressed="true"' not in top


def test_a_question_thread_has_no_opening_post(client, make):
    thread = make.thread()
    answer = make.post(thread)
    html = page(client, thread)
    assert "opening-post" not in html and post_ids(answers_part(html)) == [answer.id]
    assert thread.opening_post_id is None


def test_moving_the_opening_post_away_makes_it_an_answer_there(make, moderator):
    article = make.article()
    thread = make.member_thread(article)
    target = make.thread(article)
    moved = moves.move_post(moderator, thread_opening(thread), target=target)
    assert db.session.get(Thread, thread.id).opening_post_id is None
    assert threads.answer_count(target) == 1 and moved.thread_id == target.id


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_page_costs_the_same_queries_however_many_answers_and_replies(client, auth, make, member, count_queries,
                                                                           logged_in):
    small, large = make.member_thread(), make.member_thread()
    make.post(small)
    for _ in range(4):
        make.post(large)
        make.post(large, parent=thread_opening(large))
    if logged_in:
        auth.login(member)
    counts = []
    for thread in (small, large):
        with count_queries() as counter:
            assert client.get(f"/threads/{thread.id}?sort=new").status_code == 200
        counts.append(len(counter))
    assert counts[0] == counts[1]


@pytest.fixture
def answer_first_question(make, moderator):
    """A member's own question with answer first on: details, a reply to them, and an answer."""
    from forum.services import moderation

    thread = make.member_thread(title="Who mends the nets?", body="The **harbour** detail nobody asked.")
    make.post(thread, parent=thread_opening(thread), author=make.user("commenter"), body="Quillwort comments here.")
    make.post(thread, author=make.user("answerer"), body="Quillwort answers here.")
    moderation.require_answers_first(moderator, thread)
    return thread


@pytest.fixture(params=["visitor", "member"])
def reader(request, auth, make) -> None:
    """Who reads the answer-first question: a visitor, or a member with no answer there (logged in)."""
    if request.param == "member":
        auth.login(make.user("reader"))


@pytest.mark.usefixtures("reader")
def test_answer_first_hides_the_answers_but_never_the_question_s_details(client, answer_first_question):
    thread = answer_first_question
    html = page(client, thread)
    assert "<strong>harbour</strong>" in opening_part(html)
    assert "Answers are hidden until you post yours." in html and "Quillwort" not in html
    assert ">Reply<" not in opening_part(html)  # replying to the details waits for an answer, as reading them does
    permalink = client.get(f"/posts/{thread.opening_post_id}").get_data(as_text=True)
    assert "<strong>harbour</strong>" in permalink and "Quillwort" not in permalink


def test_answer_first_lets_a_member_vote_on_the_details_before_answering(client, auth, make, answer_first_question):
    auth.login(make.user("reader"))
    response = client.post(f"/posts/{answer_first_question.opening_post_id}/upvote", headers=HX)
    assert response.status_code == 200
    assert thread_opening(answer_first_question).score == 1


@pytest.mark.usefixtures("reader")
def test_answer_first_keeps_the_details_in_search_feeds_profiles_and_the_api(client, answer_first_question):
    thread = answer_first_question
    for url in ("/search?q=harbour", f"/feeds/threads/{thread.id}.atom", f"/u/{thread.author.username}"):
        text = client.get(url).get_data(as_text=True)
        assert "detail nobody asked" in text and "Quillwort" not in text, url
    api = ApiClient(client)
    shown = api.get(f"/threads/{thread.id}").json
    assert shown["answers_hidden"] is True and shown["posts"] == []
    assert "<strong>harbour</strong>" in shown["opening_post"]["body_html"]
    assert api.get(f"/posts/{thread.opening_post_id}").status_code == 200
