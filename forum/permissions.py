"""Who may do what: pure predicates, no queries, no request state.

Services call them to enforce, and read services to resolve what a viewer sees and may do
(``ThreadAccess.actions``, ``thread_actions``); templates and the API only show the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .limits import DELETE_UNDO_SECONDS
from .models import Article, ArticleStatus, Post, PostState, Role, Thread, User

Actor = Any  # a User or Flask-Login's anonymous user


def is_member(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_moderate(user: Actor) -> bool:
    """Moderators and admins, while not suspended themselves."""
    return is_member(user) and user.is_moderator and not user.is_suspended()


def can_administer(user: Actor) -> bool:
    return is_member(user) and user.is_admin


def can_participate(user: Actor) -> bool:
    """A member who is not suspended may post, reply, edit, vote and report."""
    return is_member(user) and not user.is_suspended()


def can_see_article(user: Actor, article: Article) -> bool:
    """Published articles; drafts for moderators; a deleted article for nobody (admins restore it from a list)."""
    return article.deleted_at is None and (article.status == ArticleStatus.PUBLISHED or can_moderate(user))


def can_see_thread(user: Actor, thread: Thread) -> bool:
    """Hidden threads are for moderators; a deleted article's threads for nobody."""
    return thread.article.deleted_at is None and (not thread.hidden or can_moderate(user))


def can_delete_article(user: Actor) -> bool:
    """Admins delete and restore articles: it takes every thread and post under it off the site."""
    return can_administer(user) and not user.is_suspended()


def is_thread_open(thread: Thread) -> bool:
    """Locked threads and threads of closed articles take no posts, edits or votes."""
    return not thread.locked and thread.article.discussion_open


def can_post_in(user: Actor, thread: Thread) -> bool:
    return can_participate(user) and is_thread_open(thread) and can_see_thread(user, thread)


def can_start_thread(user: Actor, article: Article) -> bool:
    return can_participate(user) and article.discussion_open


def can_reply_to(user: Actor, post: Post) -> bool:
    return thread_access(user, post.thread).can_reply_to(post)


def is_author(user: Actor, post: Post) -> bool:
    return is_member(user) and post.author_id == user.id


def can_edit_post(user: Actor, post: Post) -> bool:
    return thread_access(user, post.thread).can_edit_post(post)


def can_delete_post(user: Actor, post: Post) -> bool:
    return is_author(user, post) and post.state in (PostState.VISIBLE, PostState.PENDING)


def can_undo_delete(user: Actor, post: Post, *, now: datetime) -> bool:
    """The author, within DELETE_UNDO_SECONDS of deleting the post."""
    return (is_author(user, post) and post.state == PostState.DELETED and post.deleted_at is not None
            and now - post.deleted_at <= timedelta(seconds=DELETE_UNDO_SECONDS))


def can_vote(user: Actor, post: Post) -> bool:
    return thread_access(user, post.thread).can_vote(post)


def can_report(user: Actor, post: Post) -> bool:
    return can_participate(user) and not is_author(user, post) and post.state == PostState.VISIBLE


@dataclass(frozen=True)
class PostActions:
    """What one viewer may do to one post: the page, its fragments and the API offer exactly these."""

    reply: bool = False
    edit: bool = False
    delete: bool = False
    vote: bool = False
    report: bool = False
    moderate: bool = False  # the moderator's controls: move, and the three below where the state allows
    remove: bool = False
    restore: bool = False
    review: bool = False  # approve or reject a pending post
    history: bool = False  # earlier versions of an edited post
    feature: bool = False  # pick the answer for its question's best answers
    unfeature: bool = False


@dataclass(frozen=True)
class ThreadActions:
    """What one viewer may do in one thread as a whole."""

    answer: bool = False
    follow: bool = False
    moderate: bool = False  # lock, pin, hide, slow mode
    merge: bool = False
    log_in_to_answer: bool = False  # a visitor, where members could answer


@dataclass(frozen=True)
class ThreadAccess:
    """What one viewer may do in one thread, worked out once.

    A page of hundreds of posts asks the per-post questions through this, rather than
    re-deriving the thread's state (locked, article closed, viewer suspended) for each post.
    Each method agrees with the single-post predicate of the same name (a property test checks).
    """

    user: Actor
    is_member: bool
    can_post: bool  # can_post_in(user, thread)
    can_moderate: bool
    asks_question: bool  # a question thread, whose answers may be featured

    def can_reply_to(self, post: Post) -> bool:
        return post.state == PostState.VISIBLE and self.can_post

    def can_edit_post(self, post: Post) -> bool:
        return (self.can_post and is_author(self.user, post)
                and post.state in (PostState.VISIBLE, PostState.PENDING))

    def can_delete_post(self, post: Post) -> bool:
        return can_delete_post(self.user, post)

    def can_vote(self, post: Post) -> bool:
        return self.can_post and post.state == PostState.VISIBLE and not is_author(self.user, post)

    def can_report(self, post: Post) -> bool:
        return can_report(self.user, post)

    def can_feature_post(self, post: Post) -> bool:
        return self.can_moderate and self.asks_question and _featurable(post)

    def actions(self, post: Post) -> PostActions:
        """Everything this viewer may do to ``post``.

        It depends only on the post's state, whether the viewer wrote it, whether it was edited,
        whether it is an answer and whether it is featured, so a page may reuse the answer for
        posts alike in those (see services.records).
        """
        if not self.is_member:
            return NO_ACTIONS
        user = self.user
        return PostActions(
            reply=self.can_reply_to(post), edit=self.can_edit_post(post), delete=self.can_delete_post(post),
            vote=self.can_vote(post), report=self.can_report(post), moderate=self.can_moderate,
            remove=can_remove_post(user, post), restore=can_restore_post(user, post),
            review=can_review_post(user, post), history=self.can_moderate and post.edited_at is not None,
            feature=self.can_feature_post(post), unfeature=can_unfeature_post(user, post),
        )


NO_ACTIONS = PostActions()


@dataclass(frozen=True)
class ArticleActions:
    """What one viewer may do on an article's hub."""

    start_thread: bool = False
    moderate: bool = False  # edit, close or reopen, pre-moderation
    delete: bool = False


@dataclass(frozen=True)
class MemberActions:
    """What one viewer may do to a member, on the member's profile."""

    suspend: bool = False
    unsuspend: bool = False
    grant_moderator: bool = False
    revoke_moderator: bool = False


def thread_access(user: Actor, thread: Thread) -> ThreadAccess:
    """``user``'s standing in ``thread``, for checking many of its posts."""
    return ThreadAccess(user=user, is_member=is_member(user), can_post=can_post_in(user, thread),
                        can_moderate=can_moderate(user), asks_question=thread.question_id is not None)


def thread_actions(user: Actor, thread: Thread) -> ThreadActions:
    """Everything ``user`` may do in ``thread`` as a whole."""
    open_to_members = is_thread_open(thread) and can_see_thread(user, thread)
    return ThreadActions(answer=can_post_in(user, thread), follow=is_member(user), moderate=can_moderate(user),
                         merge=can_merge_thread(user, thread),
                         log_in_to_answer=not is_member(user) and open_to_members)


def article_actions(user: Actor, article: Article) -> ArticleActions:
    return ArticleActions(start_thread=can_start_thread(user, article), moderate=can_moderate(user),
                          delete=can_delete_article(user))


def member_actions(actor: Actor, target: User) -> MemberActions:
    suspends, suspended, sets_role = can_suspend(actor, target), target.is_suspended(), can_set_role(actor, target)
    return MemberActions(suspend=suspends and not suspended, unsuspend=suspends and suspended,
                         grant_moderator=sets_role and target.role == Role.MEMBER,
                         revoke_moderator=sets_role and target.role == Role.MODERATOR)


def can_see_post_body(user: Actor, post: Post) -> bool:
    """Readers see visible posts; authors their pending ones; moderators everything."""
    if post.state == PostState.VISIBLE:
        return True
    if post.state == PostState.PENDING:
        return is_author(user, post) or can_moderate(user)
    return post.state == PostState.REMOVED and can_moderate(user)


def answers_hidden(user: Actor, thread: Thread, *, has_answered: bool) -> bool:
    """Answer first: in such a thread, a reader who is not a moderator and has no answer of their own
    (``has_answered``: a top-level post there, visible or awaiting approval) sees no answer text."""
    return thread.answer_first and not can_moderate(user) and not has_answered


def can_suspend(actor: Actor, target: User) -> bool:
    """Moderators suspend members and other moderators, never admins or themselves."""
    return can_moderate(actor) and target.role != Role.ADMIN and target.id != actor.id


def can_set_role(actor: Actor, target: User) -> bool:
    """Only admins grant or revoke roles, and never their own."""
    return can_administer(actor) and target.id != actor.id


def can_remove_post(user: Actor, post: Post) -> bool:
    return can_moderate(user) and post.state == PostState.VISIBLE


def can_restore_post(user: Actor, post: Post) -> bool:
    return can_moderate(user) and post.state == PostState.REMOVED


def can_feature_post(user: Actor, post: Post) -> bool:
    """Moderators pick visible answers (top-level posts) to a question for its best answers, the digest."""
    return thread_access(user, post.thread).can_feature_post(post)


def _featurable(post: Post) -> bool:
    return post.state == PostState.VISIBLE and post.parent_id is None and post.featured_at is None


def can_unfeature_post(user: Actor, post: Post) -> bool:
    """A pick can be taken back whatever became of the post since (removed, deleted or moved)."""
    return can_moderate(user) and post.featured_at is not None


def can_review_post(user: Actor, post: Post) -> bool:
    """Pending posts wait for a moderator to approve or reject them."""
    return can_moderate(user) and post.state == PostState.PENDING


def move_refusal(source: Thread, target: Thread) -> str | None:
    """Why posts of ``source`` cannot go to ``target``, in words for the moderator; None when they can.

    Only within one article (its questions are what the posts answer), and only into a
    thread that takes posts: not locked, hidden, merged away, or under a closed article.
    """
    if target.article_id != source.article_id:
        return "Posts move only between threads of the same article."
    if target.id == source.id:
        return "Choose another thread: this is the one it is in."
    if target.merged_into_id is not None:
        return f"“{target.title}” was merged into another thread; choose that one."
    if not source.article.discussion_open:
        return "Discussion on this article is closed."
    if target.locked:
        return f"“{target.title}” is locked; unlock it first or choose another thread."
    if target.hidden:
        return f"“{target.title}” is hidden; unhide it first or choose another thread."
    return None


def can_move_post(user: Actor, post: Post, target: Thread) -> bool:
    """Moderators move a post, with its replies, to another thread of its article that takes posts."""
    return can_moderate(user) and move_refusal(post.thread, target) is None


def can_merge_thread(user: Actor, thread: Thread) -> bool:
    """Moderators merge member-started threads; a question thread belongs to its question."""
    return can_moderate(user) and thread.question_id is None and thread.merged_into_id is None


def can_see_moderators(user: Actor) -> bool:
    """The public log names actions, not the moderators who took them."""
    return can_moderate(user)


def can_see_user_record(user: Actor) -> bool:
    """A member's removed posts, reports and moderation history are for moderators, on the profile."""
    return can_moderate(user)


def can_see_post(user: Actor, post: Post) -> bool:
    """Pending posts are for their author and moderators; every other state shows, if only as a placeholder."""
    return post.state != PostState.PENDING or can_see_post_body(user, post)
