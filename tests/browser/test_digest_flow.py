"""Best answers in a browser, with JavaScript on and off: a featured answer leads the article's digest."""

from __future__ import annotations

from playwright.sync_api import expect

from forum.services import votes
from tests.browser.actions import log_in

LONG_BODY = "\n\n".join(f"Paragraph {number} of a long report on the city's streets. " * 6 for number in range(1, 9))


def test_a_featured_answer_leads_the_best_answers(page, make):
    make.user("moderator", role="moderator")
    article = make.article("Main Street", questions=["Would you do the same?", "Who pays?"])
    thread = make.thread(article)
    liked = make.post(thread, author=make.user("alice"), body="Alice's answer, which many liked.")
    quiet = make.post(thread, author=make.user("carol"), body="Carol's quieter answer.")
    for number in range(3):
        votes.cast_vote(make.user(f"voter{number}"), liked, value=1)

    page.goto(f"/articles/{article.slug}")
    best = page.locator(".best-answers").first
    expect(best.get_by_role("heading", name="Best answers")).to_be_visible()
    expect(best.locator(".best-answer")).to_have_count(1)

    log_in(page, "moderator")
    page.goto(f"/threads/{thread.id}")
    post = page.locator(f"#post-{quiet.id}")
    post.get_by_text("Moderate", exact=True).click()
    post.get_by_role("button", name="Feature", exact=True).click()
    expect(page.get_by_text("The answer is featured in the best answers.")).to_be_visible()

    page.goto(f"/articles/{article.slug}")
    answers = page.locator(".best-answers").first.locator(".best-answer")
    expect(answers).to_have_count(2)
    expect(answers.first).to_contain_text("Carol's quieter answer.")
    expect(answers.first).to_contain_text("Featured")
    expect(answers.nth(1)).to_contain_text("Alice's answer, which many liked.")


def test_a_long_article_opens_in_full_with_read_the_whole_article(page, make):
    article = make.article("A long report", body=LONG_BODY, questions=["Would you do the same?"])
    page.goto(f"/articles/{article.slug}")
    expect(page.get_by_text("Paragraph 1 of a long report", exact=False).first).to_be_visible()
    expect(page.get_by_text("Paragraph 8 of a long report", exact=False).first).to_be_hidden()
    page.get_by_text("Read the whole article").click()
    expect(page.get_by_text("Paragraph 8 of a long report", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Would you do the same?")).to_have_count(1)
