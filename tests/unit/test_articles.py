"""Publishing and editing articles, and the threads their questions own."""

from __future__ import annotations

import pytest

from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.limits import SLUG_MAX
from forum.models import ModerationAction, Question, Thread
from forum.services import articles


def questions_of(article):
    return [q.text for q in db.session.query(Question).filter_by(article_id=article.id).order_by(Question.position)]


def threads_of(article):
    return db.session.query(Thread).filter_by(article_id=article.id).order_by(Thread.id).all()


def test_publishing_opens_one_thread_per_question(make):
    article = make.article(questions=["First?", "Second?", "Third?"])
    assert [t.title for t in threads_of(article)] == ["First?", "Second?", "Third?"]
    assert all(t.question is not None for t in threads_of(article))


def test_a_second_article_with_the_same_title_gets_its_own_slug(make):
    first = make.article("Cities & Bikes: Über lanes")
    second = make.article("Cities & Bikes: Über lanes")
    assert first.slug == "cities-bikes-uber-lanes"
    assert second.slug == "cities-bikes-uber-lanes-2"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Cities ask: who should pay for the lanes that residents who came before the bicycle boom never asked for",
         "cities-ask-who-should-pay-for-the-lanes-that-residents-who-came-before-the"),
        ("A" * 200, "a" * SLUG_MAX),
        ("Élan vital: Ångström, façade and naïve café owners in Zürich who réfléchissent beaucoup trop",
         "elan-vital-angstrom-facade-and-naive-cafe-owners-in-zurich-who-reflechissent"),
        ("?!… — ¿¡ ***", "article"),
        ("Short title", "short-title"),
    ],
)
def test_slugs_are_cut_at_a_word_boundary(make, title, slug):
    article = make.article(title)
    assert article.slug == slug
    assert len(article.slug) <= SLUG_MAX


def draft_of(article, **changes):
    fields = {"title": article.title, "body": article.body, "source_url": article.source_url,
              "questions": ["Is it fair?"], **changes}
    return articles.check_draft(**fields)


@pytest.mark.parametrize("changes", [
    {"title": "Another title"},  # the same address
    {"source_url": "https://example.org/story/"},  # the same address with its trailing slash
    {"title": "Another title", "source_url": None},  # the same text
])
def test_publishing_a_published_article_again_waits_for_confirmation(make, changes):
    first = make.article("Tool libraries", body="The library lends drills.", source_url="https://example.org/story")
    with pytest.raises(articles.Unconfirmed) as refused:
        articles.publish_article(first.created_by, draft_of(first, **changes))
    assert refused.value.warnings.published_as == first
    assert refused.value.message.startswith("Already published as “Tool libraries” (/articles/tool-libraries).")
    second = articles.publish_article(first.created_by, draft_of(first, **changes), confirmed=True)
    assert second.id != first.id


def test_an_article_with_other_text_and_address_is_no_copy(make):
    first = make.article("Tool libraries", body="The library lends drills.", source_url="https://example.org/story")
    other = draft_of(first, body="Another text.", source_url="https://example.org/other")
    assert articles.publish_article(first.created_by, other).title == "Tool libraries"


def test_publishing_without_questions_waits_for_confirmation(make, moderator):
    draft = articles.check_draft(title="Notes", body="Only notes.", source_url=None, questions=[])
    with pytest.raises(articles.Unconfirmed) as refused:
        articles.publish_article(moderator, draft)
    assert refused.value.warnings.published_as is None
    assert "no questions" in refused.value.message
    assert articles.publish_article(moderator, draft, confirmed=True).title == "Notes"


def test_members_cannot_publish(make):
    member = make.user()
    draft = articles.check_draft(title="T", body="", source_url=None, questions=[])
    with pytest.raises(NotAllowed):
        articles.publish_article(member, draft)


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": "  "}, "title"), ({"source_url": "ftp://x.org/a"}, "source_url"),
     ({"questions": ["Same?", "same?"]}, "questions"), ({"questions": ["?" * 501]}, "questions")],
)
def test_bad_drafts_name_the_field(changes, field):
    fields = {"title": "Title", "body": "", "source_url": None, "questions": ["Q?"], **changes}
    with pytest.raises(Invalid) as error:
        articles.check_draft(**fields)
    assert error.value.field == field


def edit(make, article, questions):
    editor = article.created_by
    draft = articles.check_draft(title=article.title, body=article.body, source_url=article.source_url,
                                 questions=questions)
    return articles.update_article(editor, article, draft)


def test_reordering_questions_keeps_their_threads(make):
    article = make.article(questions=["Alpha question?", "Beta question?"])
    before = {t.title: t.id for t in threads_of(article)}
    edit(make, article, ["Beta question?", "Alpha question?"])
    assert questions_of(article) == ["Beta question?", "Alpha question?"]
    assert {t.title: t.id for t in threads_of(article)} == before


def test_rewording_a_question_keeps_its_thread(make):
    article = make.article(questions=["How should cities pay for bike lanes?"])
    thread_id = threads_of(article)[0].id
    edit(make, article, ["How should cities pay for new bike lanes?"])
    assert threads_of(article)[0].id == thread_id
    assert threads_of(article)[0].title == "How should cities pay for new bike lanes?"


def test_a_new_question_opens_a_new_thread(make):
    article = make.article(questions=["One?"])
    edit(make, article, ["One?", "A completely different matter?"])
    assert [t.title for t in threads_of(article)] == ["One?", "A completely different matter?"]


def test_removing_an_empty_question_deletes_its_thread(make):
    article = make.article(questions=["Keep me?", "Drop me entirely?"])
    edit(make, article, ["Keep me?"])
    assert [t.title for t in threads_of(article)] == ["Keep me?"]


def test_removing_a_question_with_posts_hides_its_thread(make):
    article = make.article(questions=["Keep me?", "Drop me entirely?"])
    dropped = threads_of(article)[1]
    dropped.post_count = 3
    db.session.commit()
    edit(make, article, ["Keep me?"])
    assert dropped.hidden is True
    assert dropped in threads_of(article)
    assert questions_of(article) == ["Keep me?"]


def test_closing_a_discussion_refuses_a_reason_past_the_limit(make, moderator):
    article = make.article()
    with pytest.raises(Invalid, match="Keep the reason to 500 characters or fewer") as error:
        articles.set_discussion_open(moderator, article, is_open=False, reason="x" * 5000)
    assert error.value.field == "reason"
    assert article.discussion_open and db.session.query(ModerationAction).count() == 0


def test_closing_a_closed_discussion_changes_nothing_and_logs_nothing(make, moderator):
    article = make.article()
    articles.set_discussion_open(moderator, article, is_open=False, reason="Done")
    with pytest.raises(Conflict, match="already closed"):
        articles.set_discussion_open(moderator, article, is_open=False, reason="Done again")
    with pytest.raises(Conflict, match="already open"):
        articles.set_discussion_open(moderator, make.article("Another"), is_open=True)
    assert [a.action for a in db.session.query(ModerationAction)] == ["close-article"]
    assert not article.discussion_open


def test_a_draft_summary_is_what_the_front_page_shows(make):
    moderator = make.user(role="moderator")
    draft = articles.check_draft(title="T", body="By Jo Rivera\n\nThe opening paragraph of the story.",
                                 source_url=None, questions=[], summary="  What the page's description said.  ")

    assert articles.publish_article(moderator, draft, confirmed=True).summary == "What the page's description said."


def test_without_a_summary_the_opening_paragraph_is_used_not_the_byline_or_kicker(make):
    moderator = make.user(role="moderator")
    body = "Housing\n\nBy Jo Rivera · March 3\n\nThe rent freeze ends on Friday for most households.\n\nMore."
    draft = articles.check_draft(title="T", body=body, source_url=None, questions=[])

    assert articles.publish_article(moderator, draft, confirmed=True).summary == "The rent freeze ends on Friday for most households."


def test_a_summary_past_the_front_page_length_is_refused_beside_its_field():
    with pytest.raises(Invalid, match="Keep the summary to 280 characters or fewer.") as error:
        articles.check_draft(title="T", body="", source_url=None, questions=[], summary="word " * 200)

    assert error.value.field == "summary"
