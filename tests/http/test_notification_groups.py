"""The notifications page groups a thread's replies ("3 new replies in …") with an excerpt; groups are read by POST."""

from __future__ import annotations

import re

from forum.services import moderation, notifications


def replies_to(make, thread, member, count, *, author=None):
    answer = make.post(thread, author=member, body=f"My answer in thread {thread.id}.")
    author = author or make.user("bob")
    return [make.post(thread, author=author, parent=answer, body=f"Reply number {n} to you in {thread.id}.")
            for n in range(count)]


def test_a_threads_replies_show_as_one_group_with_the_newest_excerpt(client, auth, make, member, thread):
    replies = replies_to(make, thread, member, 3)
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    assert f"3 new replies in “{thread.title}”" in page
    assert page.count('class="notification notification-unread"') == 1
    assert f"Reply number 2 to you in {thread.id}." in page and "Reply number 0 to you" not in page
    assert "Latest from" in page and "bob" in page
    assert notifications.unread_count(member) == len(replies)


def test_groups_of_several_threads_come_newest_first(client, auth, make, member):
    older, newer = make.thread(), make.thread()
    replies_to(make, older, member, 1)
    replies_to(make, newer, member, 2, author=make.user("carol"))
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index(f"2 new replies in “{newer.title}”") < page.index(f"1 new reply in “{older.title}”")


def test_a_mention_in_the_group_is_pointed_out(client, auth, make, member, thread):
    make.post(thread, author=make.user("bob"), body="What does @member think?")
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    assert "1 new reply in" in page and "mentions you" in page


def test_opening_a_group_marks_it_read_and_leads_to_the_first_new_post(client, auth, make, member, thread):
    first, *_ = replies_to(make, thread, member, 3)
    auth.login(member)
    response = client.post(f"/notifications/threads/{thread.id}/open")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/posts/{first.id}")
    assert notifications.unread_count(member) == 0
    page = client.get("/notifications").get_data(as_text=True)
    assert f"3 replies in “{thread.title}”" in page and "notification-unread" not in page


def test_mark_read_marks_one_group_and_stays_on_the_page(client, auth, make, member):
    read, unread = make.thread(), make.thread()
    replies_to(make, read, member, 2)
    replies_to(make, unread, member, 1, author=make.user("carol"))
    auth.login(member)
    response = client.post(f"/notifications/threads/{read.id}/read")
    assert response.status_code == 303 and response.headers["Location"].endswith("/notifications")
    assert notifications.unread_count(member) == 1
    page = client.get("/notifications").get_data(as_text=True)
    assert f"2 replies in “{read.title}”" in page and f"1 new reply in “{unread.title}”" in page


def test_reading_a_group_needs_a_post_with_a_csrf_token(csrf_app, make):
    member = make.user("member")
    thread = make.thread()
    replies_to(make, thread, member, 1)
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = member.get_id(), True
    assert client.get("/notifications").status_code == 200
    assert client.get(f"/notifications/threads/{thread.id}/read").status_code == 303
    assert client.post(f"/notifications/threads/{thread.id}/read").status_code == 400
    assert notifications.unread_count(member) == 1


def test_another_members_group_is_not_found(client, auth, make, member, thread):
    replies_to(make, thread, make.user("alice"), 1)
    auth.login(member)
    assert client.post(f"/notifications/threads/{thread.id}/read").status_code == 404
    assert client.post(f"/notifications/threads/{thread.id}/open").status_code == 404


def test_the_excerpt_of_a_removed_post_is_not_shown(client, auth, make, member, moderator, thread):
    [reply] = replies_to(make, thread, member, 1)
    moderation.remove_post(moderator, reply, reason="Rude")
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    assert "1 new reply in" in page and "Reply number 0 to you" not in page


def test_the_excerpt_is_plain_text_cut_between_words(client, auth, make, member, thread):
    answer = make.post(thread, author=member)
    make.post(thread, author=make.user("bob"), parent=answer, body="**Bold** <b>tag</b> " + "word " * 60)
    auth.login(member)
    page = client.get("/notifications").get_data(as_text=True)
    excerpt = re.search(r'<blockquote class="notification-excerpt">(.*?)</blockquote>', page, re.S).group(1)
    assert excerpt.startswith("Bold &lt;b&gt;tag&lt;/b&gt; word") and excerpt.endswith("word…")


def test_the_notifications_page_runs_the_same_queries_for_many_groups(client, auth, make, member, count_queries):
    def queries() -> int:
        with count_queries() as counter:
            assert client.get("/notifications").status_code == 200
        return len(counter)

    replies_to(make, make.thread(), member, 1)
    auth.login(member)
    few = queries()
    for n in range(12):
        replies_to(make, make.thread(), member, 3, author=make.user(f"replier{n}"))
    assert queries() == few
