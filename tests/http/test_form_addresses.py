"""A form's address answers GET: a refused form's page stays at the address it posted to, and
reloading it from the address bar, history or a shared link must lead back to the form's page."""

from __future__ import annotations

import pytest

from forum.services import notifications, tokens
from tests.factories import Factory


@pytest.fixture
def values(make: Factory, member, admin) -> dict:
    """A value for every argument of a form address; the admin walks them, and owns what is theirs."""
    article = make.article()
    thread = make.thread(article)
    answer = make.post(thread, author=admin)
    reply = make.post(thread, author=member, parent=answer)
    report = make.report(reply)
    tokens.issue_token(admin, name="script")
    [notification, *_] = notifications.list_notifications(admin, page=1, per_page=5).items
    return {"slug": article.slug, "thread_id": thread.id, "post_id": answer.id, "username": member.username,
            "notification_id": notification.id, "report_id": report.id,
            "token_id": tokens.list_tokens(admin)[0].id}


# Addresses whose GET is a page of its own: the import form, and the confirmation before deleting a post.
OWN_PAGES = {"/articles/import", "/posts/{post_id}/delete"}


def form_addresses(app, values: dict) -> list[str]:
    """Every address of the HTML site that takes a POST and has no GET rule of its own."""
    addresses = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "GET" in rule.methods or rule.rule.startswith("/api/"):
            continue
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: give this test a value for {sorted(missing)}"
        addresses.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(set(addresses))


def test_every_form_address_answers_get_with_the_page_of_its_form(app, client, auth, values, admin):
    auth.login(admin)
    addresses = form_addresses(app, values)
    own_pages = {page.format(**values) for page in OWN_PAGES}
    assert f"/threads/{values['thread_id']}/posts" in addresses
    for address in addresses:
        for method in (client.get, client.head):
            response = method(address)
            if address in own_pages:
                assert response.status_code == 200, address
                continue
            assert response.status_code == 303, f"{method.__name__.upper()} {address}: {response.status_code}"
            landing = client.get(response.headers["Location"], follow_redirects=True)
            assert landing.status_code == 200, f"{address} led to {response.headers['Location']}"


def test_reloading_a_refused_answer_leads_back_to_the_thread(client, auth, member, thread):
    auth.login(member)
    refused = client.post(f"/threads/{thread.id}/posts?sort=new", data={"body": "  "})
    assert refused.status_code == 422
    reloaded = client.get(f"/threads/{thread.id}/posts?sort=new")
    assert reloaded.status_code == 303
    assert reloaded.headers["Location"] == f"/threads/{thread.id}?sort=new"


def test_reloading_a_refused_reply_leads_back_to_the_post(client, auth, member, post):
    auth.login(member)
    assert client.post(f"/posts/{post.id}/reply", data={"body": ""}).status_code == 422
    reloaded = client.get(f"/posts/{post.id}/reply")
    assert reloaded.status_code == 303 and reloaded.headers["Location"] == f"/posts/{post.id}"


def test_reloading_a_refused_publication_leads_back_to_the_import_page(client, auth, moderator):
    auth.login(moderator)
    assert client.post("/articles/publish", data={"title": ""}).status_code == 422
    reloaded = client.get("/articles/publish")
    assert reloaded.status_code == 303 and reloaded.headers["Location"] == "/articles/import"


def test_visitors_reloading_a_form_address_are_led_to_its_page_too(client, thread):
    response = client.get(f"/threads/{thread.id}/follow")
    assert response.status_code == 303 and response.headers["Location"] == f"/threads/{thread.id}"


def test_the_api_still_answers_405_in_json(client, post):
    response = client.get(f"/api/v1/threads/{post.thread_id}/lock")
    assert response.status_code == 405 and response.is_json


def test_other_methods_on_a_form_address_still_answer_405(client, auth, member, thread):
    auth.login(member)
    assert client.put(f"/threads/{thread.id}/posts").status_code == 405


def test_an_address_that_matches_no_page_is_still_404(client):
    assert client.get("/no/such/page").status_code == 404
