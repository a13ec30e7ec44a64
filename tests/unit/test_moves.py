"""Moving posts between the threads of an article, and merging member-started threads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from forum.errors import Conflict, NotAllowed
from forum.extensions import db
from forum.models import Follow, ModerationAction, Notification, NotificationKind, Post, PostRevision, Thread, Vote
from forum.services import follows, listings, locking, moderation, moves, posts, threads, votes


@pytest.fixture
def article(make):
    return make.article("Bike lanes", questions=["Would you ride to work?", "Who should pay?", "What about winter?"])


def thread_of(article, position: int) -> Thread:
    return db.session.scalars(select(Thread).where(Thread.article_id == article.id).order_by(Thread.id)).all()[position]


@pytest.fixture
def source(article):
    return thread_of(article, 0)


@pytest.fixture
def target(article):
    return thread_of(article, 1)


@pytest.fixture
def author(make):
    return make.user("alice")


@pytest.fixture
def answer(make, source, author):
    """An answer in the wrong thread, with a reply and a reply to that, one upvote and an edit."""
    post = make.post(source, author=author, body="Whoever drives should pay.")
    reply = make.post(source, parent=post, author=make.user("bob"), body="Drivers already pay.")
    make.post(source, parent=reply, author=make.user("carol"), body="Not for lanes.")
    votes.cast_vote(make.user("dave"), post, value=1)
    posts.edit_post(author, post, body="Whoever drives should pay for lanes.")
    return post


def visible_count(thread: Thread) -> int:
    return db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread.id, Post.state == "visible"))


def all_post_ids(view) -> set[int]:
    found, stack = set(), list(view.roots)
    while stack:
        node = stack.pop()
        found.add(node.post.id)
        stack.extend(node.children)
    return found


def subtree_of(post: Post) -> list[Post]:
    return db.session.scalars(select(Post).where(Post.id >= post.id).order_by(Post.id)).all()


def test_a_moved_answer_takes_its_replies_votes_and_history_to_the_target(moderator, answer, source, target, author):
    ids = [p.id for p in subtree_of(answer)]
    moves.move_post(moderator, answer, target=target, reason="It answers the second question")
    db.session.expire_all()
    moved = [db.session.get(Post, i) for i in ids]
    assert [(p.thread_id, p.depth) for p in moved] == [(target.id, 0), (target.id, 1), (target.id, 2)]
    assert (moved[0].score, moved[0].upvotes) == (1, 1)
    assert db.session.scalar(select(func.count(Vote.id)).where(Vote.post_id == answer.id)) == 1
    assert [r.body for r in db.session.scalars(select(PostRevision).where(PostRevision.post_id == answer.id))] == [
        "Whoever drives should pay."]
    assert all_post_ids(threads.read_thread(target, author)) == set(ids)
    assert all_post_ids(threads.read_thread(source, author)) == set()
    assert posts.get_post(answer.id, author).thread_id == target.id


def test_a_move_moves_the_counts_and_the_last_activity(moderator, make, answer, source, target):
    earlier = make.post(source, body="An answer that stays.")
    make.post(target, body="An answer already there.")
    before_article = source.article.post_count
    moves.move_post(moderator, answer, target=target)
    db.session.expire_all()
    assert (source.post_count, target.post_count) == (1, 4)
    assert (source.post_count, target.post_count) == (visible_count(source), visible_count(target))
    assert source.article.post_count == before_article
    assert source.last_activity_at == earlier.created_at
    assert target.last_activity_at >= db.session.get(Post, answer.id).created_at


def test_moving_a_reply_makes_it_an_answer_and_lifts_its_replies(moderator, make, answer, source, target):
    reply, deeper = subtree_of(answer)[1:]
    moves.move_post(moderator, reply, target=target)
    db.session.expire_all()
    assert (reply.thread_id, reply.parent_id, reply.depth) == (target.id, None, 0)
    assert (deeper.thread_id, deeper.parent_id, deeper.depth) == (target.id, reply.id, 1)
    assert answer.reply_count == 0
    assert (source.post_count, target.post_count) == (1, 2)
    assert [n.post.id for n in threads.read_thread(target, answer.author).roots] == [reply.id]


def test_a_moved_answer_counts_as_answered_where_it_now_is(moderator, make, answer, source, target, author):
    bob = subtree_of(answer)[1].author
    article = source.article
    assert listings.hub(article, author).answered == {source.id}
    assert listings.hub(article, bob).answered == frozenset()  # a reply is no answer
    moves.move_post(moderator, subtree_of(answer)[1], target=target)
    assert listings.hub(article, bob).answered == {target.id}
    moves.move_post(moderator, answer, target=target)
    assert listings.hub(article, author).answered == {target.id}


def test_a_move_is_logged_once_and_tells_the_author_once(moderator, answer, source, target, author):
    moves.move_post(moderator, answer, target=target, reason="Wrong question")
    entries = db.session.scalars(select(ModerationAction)).all()
    assert [(e.action, e.target_type, e.target_id, e.reason) for e in entries] == [
        ("move-post", "post", answer.id, "Wrong question")]
    assert entries[0].target_label == (
        f"#{answer.id} by alice from “Would you ride to work?” to “Who should pay?”")
    told = db.session.scalars(select(Notification).where(Notification.kind == NotificationKind.MODERATION)).all()
    assert [(n.recipient_id, n.post_id, n.thread_id) for n in told] == [(author.id, answer.id, target.id)]
    assert told[0].message == (
        "A moderator moved your post from “Would you ride to work?” to “Who should pay?”: Wrong question")


def test_notifications_and_follows_follow_the_moved_posts(moderator, make, answer, source, target, author):
    bystander = make.user("erin")
    follows.follow_thread(bystander, source)
    reply_notice = db.session.scalars(select(Notification).where(Notification.recipient_id == author.id)).all()
    assert {n.thread_id for n in reply_notice} == {source.id}
    moves.move_post(moderator, answer, target=target)
    db.session.expire_all()
    assert {n.thread_id for n in reply_notice} == {target.id}
    assert follows.is_following(author, target) and follows.is_following(author, source)
    assert not follows.is_following(bystander, target)  # wrote nothing that moved
    later = make.post(target, parent=answer, body="Later reply to the moved answer.")
    assert db.session.scalar(select(Notification.kind).where(
        Notification.recipient_id == author.id, Notification.post_id == later.id)) == NotificationKind.REPLY


@pytest.mark.parametrize("change, message", [
    ({"locked": True}, "“Who should pay?” is locked; unlock it first or choose another thread."),
    ({"hidden": True}, "“Who should pay?” is hidden; unhide it first or choose another thread."),
])
def test_a_move_into_a_locked_or_hidden_thread_is_refused(moderator, answer, target, change, message):
    for name, value in change.items():
        setattr(target, name, value)
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        moves.move_post(moderator, answer, target=target)
    assert (refused.value.message, refused.value.field) == (message, "thread_id")
    db.session.rollback()
    assert db.session.get(Post, answer.id).thread_id != target.id


def test_a_move_under_a_closed_article_is_refused(moderator, answer, target):
    target.article.discussion_open = False
    db.session.commit()
    with pytest.raises(Conflict, match="Discussion on this article is closed."):
        moves.move_post(moderator, answer, target=target)


def test_a_move_to_another_article_or_the_same_thread_is_refused(moderator, make, answer, source):
    elsewhere = make.thread(make.article("Another article"))
    with pytest.raises(Conflict, match="only between threads of the same article"):
        moves.move_post(moderator, answer, target=elsewhere)
    with pytest.raises(Conflict, match="this is the one it is in"):
        moves.move_post(moderator, answer, target=source)
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 0


def test_members_and_authors_cannot_move_posts(make, answer, target, author):
    for who in (make.user("member"), author):
        with pytest.raises(NotAllowed):
            moves.move_post(who, answer, target=target)


def test_move_targets_are_the_other_threads_that_take_posts(moderator, make, article, source, target):
    third = thread_of(article, 2)
    own = threads.start_thread(make.user(), article, title="Paint or kerbs?", body="Which is safer?")
    assert moves.move_targets(moderator, source) == [target, third, own]
    third.locked = True
    db.session.commit()
    assert moves.move_targets(moderator, source) == [target, own]


# Merging


@pytest.fixture
def duplicate(make, article, author):
    return threads.start_thread(author, article, title="Who pays for lanes?", body="Drivers or everyone?")


def test_a_merge_moves_every_post_and_leaves_a_redirect(moderator, make, duplicate, target, author):
    reply = make.post(duplicate, parent=db.session.scalars(select(Post).where(Post.thread_id == duplicate.id)).one())
    make.post(target, body="Already here.")
    moves.merge_thread(moderator, duplicate, target=target, reason="Same question")
    db.session.expire_all()
    assert duplicate.merged_into_id == target.id
    assert db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == duplicate.id)) == 0
    assert (reply.thread_id, reply.depth) == (target.id, 1)
    assert (duplicate.post_count, target.post_count) == (0, 3) == (0, visible_count(target))
    assert duplicate not in listings.hub(target.article, author).member_threads
    assert listings.hub(target.article, author).answered == {target.id}


def test_followers_of_a_merged_thread_follow_the_target_once(moderator, make, duplicate, target, author):
    both, only_source = make.user("both"), make.user("only")
    for user in (both, only_source):
        follows.follow_thread(user, duplicate)
    follows.follow_thread(both, target)
    moves.merge_thread(moderator, duplicate, target=target)
    rows = db.session.execute(select(Follow.user_id, Follow.thread_id)).all()
    assert sorted(rows) == sorted([(author.id, target.id), (both.id, target.id), (only_source.id, target.id)])


def test_a_merge_is_logged_once_and_tells_the_thread_author_once(moderator, make, duplicate, target, author):
    make.post(duplicate, author=author, body="And another thing.")
    moves.merge_thread(moderator, duplicate, target=target, reason="Same question")
    entries = db.session.scalars(select(ModerationAction)).all()
    assert [(e.action, e.target_id, e.target_label, e.reason) for e in entries] == [
        ("merge-thread", duplicate.id, "thread “Who pays for lanes?” into “Who should pay?”", "Same question")]
    told = db.session.scalars(select(Notification).where(Notification.kind == NotificationKind.MODERATION)).all()
    assert [(n.recipient_id, n.thread_id, n.message) for n in told] == [
        (author.id, target.id, "A moderator merged your thread “Who pays for lanes?” into “Who should pay?”: "
                               "Same question")]


def test_earlier_merges_point_at_the_new_target(moderator, make, article, duplicate, target, author):
    older = threads.start_thread(make.user(), article, title="Lanes: who pays?", body="Same again.")
    moves.merge_thread(moderator, older, target=duplicate)
    moves.merge_thread(moderator, duplicate, target=target)
    db.session.expire_all()
    assert (older.merged_into_id, duplicate.merged_into_id) == (target.id, target.id)
    assert target.post_count == 2


def test_question_threads_and_merged_threads_cannot_be_merged(moderator, make, duplicate, source, target):
    with pytest.raises(Conflict, match="member-started"):
        moves.merge_thread(moderator, source, target=target)
    moves.merge_thread(moderator, duplicate, target=target)
    with pytest.raises(Conflict, match="member-started"):
        moves.merge_thread(moderator, duplicate, target=source)


def test_a_merge_into_a_locked_thread_or_another_article_is_refused(moderator, make, duplicate, target):
    moderation.lock_thread(moderator, target)
    with pytest.raises(Conflict, match="is locked"):
        moves.merge_thread(moderator, duplicate, target=target)
    with pytest.raises(Conflict, match="same article"):
        moves.merge_thread(moderator, duplicate, target=make.thread(make.article("Elsewhere")))
    with pytest.raises(NotAllowed):
        moves.merge_thread(make.user(), duplicate, target=target)


# Racing writers: each reads a post, a move commits, then the writer goes on with what it read.


def stale(post: Post, thread: Thread) -> None:
    """Make ``post`` look as it was read before the move (in ``thread``), without touching the database."""
    set_committed_value(post, "thread_id", thread.id)


def test_a_reply_racing_a_move_lands_beside_its_parent_counted_once(moderator, make, answer, source, target):
    parent, replier = subtree_of(answer)[1], make.user()
    moves.move_post(moderator, answer, target=target)
    stale(parent, source)
    reply = posts.create_post(replier, source, body="Replying as it moves.", parent=parent)
    db.session.expire_all()
    assert (reply.thread_id, reply.depth) == (target.id, 2)
    assert (source.post_count, target.post_count) == (0, 4) == (visible_count(source), visible_count(target))
    assert parent.reply_count == 2


def test_an_answer_racing_a_merge_lands_in_the_target(moderator, make, duplicate, target):
    moves.merge_thread(moderator, duplicate, target=target)
    post = posts.create_post(make.user(), duplicate, body="Answering the old thread.")
    assert post.thread_id == target.id
    assert target.post_count == 2 == visible_count(target)


def test_a_deletion_racing_a_move_is_counted_where_the_post_went(moderator, answer, source, target, author):
    moves.move_post(moderator, answer, target=target)
    stale(answer, source)
    posts.delete_post(author, answer)
    db.session.expire_all()
    assert (source.post_count, target.post_count) == (0, 2) == (visible_count(source), visible_count(target))


def test_a_post_that_moves_while_its_thread_is_being_locked_is_followed(moderator, monkeypatch, answer, target,
                                                                       author):
    real, calls = locking.lock_threads, []

    def lock_the_wrong_thread_first(*ids):
        calls.append(ids)
        # The first time, the post "moves" between reading its thread and locking it.
        return real(target.id) if len(calls) == 1 else real(*ids)

    monkeypatch.setattr(locking, "lock_threads", lock_the_wrong_thread_first)
    posts.delete_post(author, answer)
    assert len(calls) == 2
    db.session.expire_all()
    assert answer.state == "deleted"
    assert answer.thread.post_count == 2 == visible_count(answer.thread)


def test_a_post_that_keeps_moving_is_refused_as_a_conflict(moderator, monkeypatch, answer, target, author):
    monkeypatch.setattr(locking, "lock_threads", lambda *ids: [db.session.get(Thread, target.id)])
    with pytest.raises(Conflict, match="moved a moment ago"):
        posts.delete_post(author, answer)
    db.session.rollback()
    assert db.session.get(Post, answer.id).state == "visible"
