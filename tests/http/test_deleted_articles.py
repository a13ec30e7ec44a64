"""Admins delete an article (soft, logged, restorable): it and its threads and posts leave every surface.

Settings: the testing defaults (page cache on, in memory).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ModerationAction, Thread
from forum.services import follows
from tests.http.api_client import ApiClient

TITLE = "Harbours at night"
SECRET = "Zephyrine"  # a word only the article's answers hold


@pytest.fixture
def scene(make, member, admin) -> SimpleNamespace:
    article = make.article(TITLE, questions=["Would you keep a lighthouse?", "Who pays for it?",
                                                  "Who sleeps by the sea?"])
    thread, other, _unanswered = db.session.scalars(
        select(Thread).where(Thread.article_id == article.id).order_by(Thread.id))
    author = make.user("author")
    answer = make.post(thread, author=member, body=f"{SECRET} keeps the lamp lit.")
    reply = make.post(thread, parent=answer, author=author, body=f"{SECRET} agrees wholeheartedly.")
    follows.follow_thread(member, other)
    make.post(other, author=author, body="A word in the other thread.")
    return SimpleNamespace(article=article, slug=article.slug, thread=thread, other=other, answer=answer,
                           reply=reply, author=author, member=member, admin=admin)


def delete(client, auth, scene, reason="Imported twice") -> None:
    auth.login(scene.admin)
    response = client.post(f"/articles/{scene.slug}/delete", data={"delete-article-reason": reason})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].endswith("/mod/deleted-articles")
    client.post("/logout")


def gone(scene) -> list[str]:
    """Addresses that answered the article, its threads or posts, and now must not be found."""
    return [f"/articles/{scene.slug}", f"/threads/{scene.thread.id}", f"/threads/{scene.other.id}",
            f"/posts/{scene.answer.id}", f"/posts/{scene.reply.id}", f"/feeds/articles/{scene.slug}.atom",
            f"/feeds/threads/{scene.thread.id}.atom", f"/embed/articles/{scene.slug}",
            f"/api/v1/articles/{scene.slug}", f"/api/v1/threads/{scene.thread.id}", f"/api/v1/posts/{scene.answer.id}"]


def listings(scene) -> list[str]:
    """Addresses that listed the article or its posts, and now must not mention them."""
    return ["/", "/?sort=new", "/?sort=top&period=all", "/?sort=unanswered", "/feeds/articles.atom",
            f"/search?q={SECRET}", f"/search?q={TITLE.split()[0]}", f"/u/{scene.author.username}",
            f"/u/{scene.member.username}", f"/feeds/u/{scene.author.username}.atom", "/api/v1/articles",
            f"/api/v1/search?q={SECRET}"]


def mentions(page: str, scene) -> bool:
    """Whether ``page`` shows the article's title or address, or its answers (a search page repeats its words)."""
    return any(text in page for text in (TITLE, f"/articles/{scene.slug}", "lamp lit", "wholeheartedly"))


@pytest.mark.parametrize("who", ["visitor", "member", "moderator", "admin"])
def test_a_deleted_article_leaves_every_surface_for_everyone(who, client, auth, scene, make):
    viewers = {"member": scene.member, "admin": scene.admin, "moderator": make.user("mod", role="moderator")}
    auth.login(viewers["member"] if who == "visitor" else viewers[who])
    before = {url: client.get(url) for url in listings(scene)}
    assert [url for url, response in before.items() if not mentions(response.get_data(as_text=True), scene)] == []
    client.post("/logout")
    delete(client, auth, scene)
    if who != "visitor":
        auth.login(viewers[who])
    for url in gone(scene):
        assert client.get(url).status_code == 404, url
    for url in listings(scene):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        page = response.get_data(as_text=True)
        assert not mentions(page, scene), url


def test_the_visitors_cached_thread_page_goes_with_it(client, auth, scene):
    assert client.get(f"/threads/{scene.thread.id}").status_code == 200  # rendered and cached
    etag = client.get(f"/threads/{scene.thread.id}").headers["ETag"]
    delete(client, auth, scene)
    assert client.get(f"/threads/{scene.thread.id}", headers={"If-None-Match": etag}).status_code == 404


def test_members_cannot_post_vote_or_follow_there_and_their_notifications_leave_it_out(client, auth, scene):
    auth.login(scene.member)
    told = "Would you keep a lighthouse?"  # the thread a reply to the member's answer came in
    before = client.get("/notifications").get_data(as_text=True)
    assert told in before and "notification-count" in before
    client.post("/logout")
    delete(client, auth, scene)
    auth.login(scene.member)
    assert client.post(f"/threads/{scene.thread.id}/posts", data={"body": "Still here?"}).status_code == 404
    assert client.post(f"/posts/{scene.reply.id}/upvote").status_code == 404
    assert client.post(f"/threads/{scene.other.id}/follow").status_code == 404
    page = client.get("/notifications").get_data(as_text=True)
    assert told not in page and "notification-count" not in page
    assert ApiClient(client).get("/notifications").json["items"] == []


def test_admins_see_deleted_articles_and_restore_them_both_logged(client, auth, scene):
    delete(client, auth, scene, reason="Imported twice")
    auth.login(scene.admin)
    listing = client.get("/mod/deleted-articles").get_data(as_text=True)
    assert TITLE in listing and ">Restore</button>" in listing
    response = client.post(f"/articles/{scene.slug}/restore")
    assert response.headers["Location"].endswith(f"/articles/{scene.slug}")
    assert "No article is deleted." in client.get("/mod/deleted-articles").get_data(as_text=True)
    client.post("/logout")
    assert TITLE in client.get("/").get_data(as_text=True)
    assert SECRET in client.get(f"/threads/{scene.thread.id}").get_data(as_text=True)
    logged = db.session.scalars(select(ModerationAction).where(ModerationAction.target_type == "article")
                                .order_by(ModerationAction.id)).all()
    assert [(e.action, e.actor_id, e.reason) for e in logged] == [
        ("delete-article", scene.admin.id, "Imported twice"), ("restore-article", scene.admin.id, "")]
    assert "Deleted article" in client.get("/mod/log").get_data(as_text=True)


def test_the_article_page_offers_admins_delete_and_not_moderators(client, auth, scene, make):
    auth.login(make.user("mod", role="moderator"))
    assert "Delete article" not in client.get(f"/articles/{scene.slug}").get_data(as_text=True)
    assert client.post(f"/articles/{scene.slug}/delete").status_code == 403
    assert client.get("/mod/deleted-articles").status_code == 403
    client.post("/logout")
    auth.login(scene.admin)
    assert ">Delete article</button>" in client.get(f"/articles/{scene.slug}").get_data(as_text=True)


def test_the_api_deletes_and_restores_for_admins_only(client, scene, make):
    make.user("mod", role="moderator")
    assert ApiClient(client).login("mod").post(f"/articles/{scene.slug}/deletion", {}).status_code == 403
    admin = ApiClient(client).login("admin")
    assert admin.post(f"/articles/{scene.slug}/deletion", {"reason": "Spam"}).status_code == 200
    assert admin.post(f"/articles/{scene.slug}/deletion", {}).status_code == 404
    assert admin.get(f"/articles/{scene.slug}").status_code == 404
    assert admin.post(f"/articles/{scene.slug}/restoration", {}).json["slug"] == scene.slug
    assert admin.post(f"/articles/{scene.slug}/restoration", {}).status_code == 404
    assert admin.get(f"/articles/{scene.slug}").status_code == 200


def test_the_api_lists_deleted_articles_newest_first_for_admins_only(client, auth, scene, make):
    make.user("mod", role="moderator")
    admin = ApiClient(client).login("admin")
    assert admin.get("/deleted-articles").json == []
    delete(client, auth, scene, reason="Imported twice")
    listed = admin.get("/deleted-articles")
    assert listed.status_code == 200
    assert [(row["slug"], row["title"]) for row in listed.json] == [(scene.slug, TITLE)]
    assert listed.json[0]["deleted_at"]
    assert ApiClient(client).login("mod").get("/deleted-articles").status_code == 403
    assert ApiClient(client).get("/deleted-articles").status_code == 401
