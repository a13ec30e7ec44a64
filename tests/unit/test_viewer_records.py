"""What a record says a viewer may do agrees with the single-post predicates, whoever the viewer and whatever the state."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from flask_login import AnonymousUserMixin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum import permissions
from forum.models import PostState, Role
from forum.services import records

EDITED = datetime(2026, 1, 1, tzinfo=UTC)
VIEWER_ID = 1  # posts by author 1 are the viewer's own

viewers = st.one_of(
    st.just(AnonymousUserMixin()),
    st.builds(
        lambda role, suspended: SimpleNamespace(
            id=VIEWER_ID, is_authenticated=True, role=role, is_moderator=role != Role.MEMBER,
            is_admin=role == Role.ADMIN, is_suspended=lambda: suspended),
        st.sampled_from(list(Role)), st.booleans()),
)
threads = st.builds(
    lambda locked, hidden, open_, question_id: SimpleNamespace(
        id=7, locked=locked, hidden=hidden, question_id=question_id, merged_into_id=None, answer_first=False,
        contest_mode=False,
        article=SimpleNamespace(discussion_open=open_, deleted_at=None)),
    st.booleans(), st.booleans(), st.booleans(), st.sampled_from([None, 3]),
)
posts = st.builds(
    lambda number, state, author_id, edited, parent_id, featured: dict(
        id=number, state=state, author_id=author_id, edited_at=EDITED if edited else None,
        parent_id=parent_id, featured_at=EDITED if featured else None, created_at=EDITED, body="words",
        body_html="<p>words</p>"),
    st.integers(1, 10_000), st.sampled_from(list(PostState)), st.sampled_from([VIEWER_ID, 2, None]), st.booleans(),
    st.sampled_from([None, 5]), st.booleans(),
)

SINGLE_POST_PREDICATES = {
    "reply": permissions.can_reply_to, "edit": permissions.can_edit_post, "delete": permissions.can_delete_post,
    "vote": permissions.can_vote, "report": permissions.can_report, "remove": permissions.can_remove_post,
    "restore": permissions.can_restore_post, "review": permissions.can_review_post,
    "feature": permissions.can_feature_post, "unfeature": permissions.can_unfeature_post,
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(viewer=viewers, thread=threads, rows=st.lists(posts, min_size=1, max_size=12, unique_by=lambda p: p["id"]))
def test_each_records_allowed_actions_and_body_match_the_single_post_predicates(app, viewer, thread, rows):
    page = [records.PostRecord(**row, thread=thread, thread_id=thread.id) for row in rows]
    originals = [records.PostRecord(**row, thread=thread, thread_id=thread.id) for row in rows]

    records.resolve(viewer, thread, page)

    for record, post in zip(page, originals, strict=True):
        for action, predicate in SINGLE_POST_PREDICATES.items():
            assert getattr(record.allowed, action) == predicate(viewer, post), (action, post)
        assert record.allowed.moderate == permissions.can_moderate(viewer)
        assert record.allowed.history == (permissions.can_moderate(viewer) and post.edited_at is not None)
        readable = permissions.can_see_post_body(viewer, post)
        assert (record.body_html is not None) == readable and (record.body is not None) == readable
        assert record.my_vote == 0
