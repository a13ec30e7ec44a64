"""Votes and replies racing a move, through a threaded live server: nothing is lost or counted twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Thread, User
from tests.factories import Factory
from tests.http.api_client import serve
from tests.http.test_concurrent_votes import Browser

VOTERS = 12
REPLIERS = 12
# Odd, so the answer ends in the target; fewer than locking.MAX_ATTEMPTS, as each move that a
# reply waits out costs it one attempt.
MOVES = 3


def visible_in(thread_id: int) -> int:
    return db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id, Post.state == "visible"))


def test_votes_and_replies_racing_a_move_all_count_where_the_post_went(app, make, moderator):
    article = make.article("Bike lanes", questions=["Would you ride to work?", "Who should pay?"])
    source, target = db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    author = make.user("author")
    answer = make.post(source, author=author, body="Drivers should pay for the lanes.")
    reply = make.post(source, parent=answer, body="They already do.")
    voters = [make.user(f"voter{i}").username for i in range(VOTERS)]
    repliers = [make.user(f"replier{i}").username for i in range(REPLIERS)]
    ids = {"source": source.id, "target": target.id, "answer": answer.id, "reply": reply.id, "author": author.id}
    db.session.remove()

    with serve(app) as url:
        sessions = {name: Browser(url) for name in [*voters, *repliers, "moderator"]}
        for name, browser in sessions.items():
            assert browser.post("/login", {"identifier": name, "password": Factory.PASSWORD}) == 302
        votes = [(sessions[name], f"/posts/{ids['answer']}/upvote", {}) for name in voters]
        replies = [(sessions[name], f"/posts/{ids['reply']}/reply", {"body": f"A reply from {name}."})
                   for name in repliers]
        jobs = [job for pair in zip(replies, votes) for job in pair]

        def move_back_and_forth() -> list[int]:
            """Move the answer to the target and back, MOVES times in turn, while the others write."""
            there = [ids["target"], ids["source"]]
            return [sessions["moderator"].post(f"/posts/{ids['answer']}/move",
                                               {"move-thread_id": str(there[i % 2]), "move-reason": "Wrong question"})
                    for i in range(MOVES)]

        with ThreadPoolExecutor(max_workers=len(jobs) + 1) as pool:
            mover = pool.submit(move_back_and_forth)
            statuses = list(pool.map(lambda job: job[0].post(job[1], job[2]), jobs))
            assert mover.result() == [302] * MOVES

    assert statuses == [302] * len(jobs)
    db.session.expire_all()
    answer, reply = db.session.get(Post, ids["answer"]), db.session.get(Post, ids["reply"])
    assert (answer.thread_id, answer.score, answer.upvotes) == (ids["target"], VOTERS, VOTERS)
    assert db.session.get(User, ids["author"]).karma == VOTERS
    replies = db.session.scalars(select(Post).where(Post.parent_id == ids["reply"])).all()
    assert len(replies) == REPLIERS == reply.reply_count
    assert {(p.thread_id, p.depth) for p in replies} == {(ids["target"], 2)}
    source, target = db.session.get(Thread, ids["source"]), db.session.get(Thread, ids["target"])
    assert (source.post_count, target.post_count) == (0, 2 + REPLIERS)
    assert (source.post_count, target.post_count) == (visible_in(source.id), visible_in(target.id))
