"""Search: the header field, /search and /api/v1/search find what the reader may see, and nothing else."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ArticleStatus
from forum.services import moderation, posts
from forum.services import search as search_service


@pytest.fixture
def library(make):
    """An article about lending tools, a question thread and two answers."""
    article = make.article("Harbour library lends power drills", body="The library in Harbour lends drills and saws.",
                           questions=["Should libraries lend power tools?"])
    thread = make.thread(article)
    make.post(thread, author=make.user("carol"), body="Our workshop shares a table saw with the school.")
    return article, thread


def search(client, **params) -> str:
    response = client.get("/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def api(client, **params):
    return client.get("/api/v1/search", query_string=params)


def found(client, q: str, **params) -> list[str]:
    """The kinds and titles of the hits, through the API."""
    response = api(client, q=q, **params)
    assert response.status_code == 200, response.get_json()
    return [f"{hit['kind']}: {hit['snippet'] or hit['title']}" for hit in response.get_json()["items"]]


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/search"])
def test_every_page_has_the_search_field_in_its_header(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<form class="site-search" role="search" method="get" action="/search">' in html
    assert '<label for="site-search" class="visually-hidden">Search</label>' in html
    assert '>Search</button>' in html


def test_article_thread_and_page_headers_have_the_field_too(client, library):
    article, thread = library
    for path in (f"/articles/{article.slug}", f"/threads/{thread.id}"):
        assert 'id="site-search" name="q"' in client.get(path).get_data(as_text=True)


def test_search_finds_articles_questions_and_posts_with_the_words_marked(client, library):
    html = search(client, q="saw")
    assert "The library in Harbour lends drills and <mark>saws</mark>." in html
    assert "Our workshop shares a table <mark>saw</mark> with the school." in html
    assert "2 results" in html
    html = search(client, q="tools")
    assert "Should libraries lend power <mark>tools</mark>?" in html


def test_the_details_of_a_members_question_are_found_as_its_question(client, make, library):
    article, _ = library
    own = make.member_thread(article, title="What about bicycles?", body="Our pumps wear out.")
    answer = make.post(own, body="Pumps can be mended.")
    html = search(client, q="pumps")
    assert f'<a href="/threads/{own.id}">What about bicycles?</a>' in html and "Question details" in html
    assert f'<a href="/posts/{answer.id}">What about bicycles?</a>' in html
    items = api(client, q="pumps").get_json()["items"]
    by_id = {hit["id"]: hit for hit in items}
    assert by_id[own.opening_post_id]["opening"] is True
    assert by_id[own.opening_post_id]["url"] == f"http://localhost/threads/{own.id}"
    assert by_id[answer.id]["opening"] is False and by_id[answer.id]["url"] == f"http://localhost/posts/{answer.id}"


def test_the_header_field_keeps_what_was_searched(client, library):
    assert 'name="q" maxlength="200" value="drill"' in search(client, q="drill")


def test_phrases_exclusions_and_prefixes_work(client, library):
    assert found(client, '"table saw"') == ["post: Our workshop shares a <mark>table</mark> <mark>saw</mark> with the school."]
    assert found(client, '"saw table"') == []
    assert found(client, "saw -workshop") == ["article: The library in Harbour lends drills and <mark>saws</mark>."]
    assert found(client, "saw -\"table saw\"") == found(client, "saw -workshop")
    assert [hit.split(":")[0] for hit in found(client, "workshop*")] == ["post"]
    assert len(found(client, "harb*")) == 1


def test_snippets_let_no_html_of_the_author_through(client, make, library):
    _, thread = library
    make.post(thread, body='A saw <img src=x onerror="alert(1)"> and <b>bold</b> claims')
    html = search(client, q="claims")
    assert "<img" not in html and "<b>bold" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "<mark>claims</mark>" in html


def test_a_search_with_only_exclusions_says_what_is_missing_beside_the_field(client, library):
    response = client.get("/search", query_string={"q": "-saw"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="q-error">Type a word to look for' in html
    assert 'value="-saw"' in html


def test_too_long_a_search_is_refused_with_a_message(client):
    response = client.get("/search", query_string={"q": "word " * 50})
    assert response.status_code == 422
    assert "Keep the search under 200 characters." in response.get_data(as_text=True)


def test_an_empty_search_shows_the_form_and_no_results(client, library):
    html = search(client, q="")
    assert "result" not in html.split("<h1>Search</h1>")[1]


def test_newest_first_and_best_match_order_differently(client, make, library):
    _, thread = library
    make.post(thread, body="Drills drills drills: the drill is all anyone borrows.")
    make.post(thread, body="Someone returned a drill.")
    best = found(client, "drill")
    newest = found(client, "drill", sort="new")
    assert newest[0] == "post: Someone returned a <mark>drill</mark>."
    assert best[0] != newest[0]
    assert "Newest first" in search(client, q="drill")


def test_filters_keep_to_one_article_and_one_author(client, make, library):
    article, _ = library
    other = make.article("Saws in schools", questions=["Who sharpens the saws?"])
    make.post(make.thread(other), author=make.user("dave"), body="I sharpen every saw myself.")
    assert len(found(client, "saw")) == 5
    in_library = found(client, "saw", article=article.slug)
    assert len(in_library) == 2 and all("sharpen" not in hit for hit in in_library)
    assert found(client, "saw", author="Dave") == ["post: I sharpen every <mark>saw</mark> myself."]
    html = search(client, q="saw", article=other.slug)
    assert "Only in “Saws in schools”." in html and ">Search everywhere</a>" in html


def test_an_unknown_author_is_named_beside_the_field(client, library):
    response = client.get("/search", query_string={"q": "saw", "author": "nobody-here"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="author-error">No member goes by that name.' in html
    assert 'value="nobody-here"' in html


def test_results_come_in_pages(app, client, make, library):
    app.config["SEARCH_RESULTS_PER_PAGE"] = 2
    _, thread = library
    for number in range(3):
        make.post(thread, body=f"Hammer story {number}.")
    first = search(client, q="hammer", sort="new")
    assert "<mark>Hammer</mark> story 2" in first and "story 0" not in first
    assert 'href="/search?q=hammer&amp;sort=new&amp;page=2">Next</a>' in first
    assert "<mark>Hammer</mark> story 0" in search(client, q="hammer", sort="new", page=2)


def test_the_number_of_queries_does_not_grow_with_the_hits(client, make, count_queries, library):
    _, thread = library

    def queries() -> int:
        with count_queries() as counter:
            search(client, q="bench", author="carol")
        return len(counter)

    carol = db.session.query(type(thread.author or make.user())).filter_by(username="carol").one()
    make.post(thread, author=carol, body="A bench for everyone.")
    few = queries()
    for number in range(25):
        make.post(thread, author=carol, body=f"Bench number {number}.")
    assert queries() == few


# What the reader may not see is never found: one test per case.

def test_removed_posts_are_not_found(client, make, moderator, library):
    _, thread = library
    post = make.post(thread, body="Rude words about zebras.")
    moderation.remove_post(moderator, post, reason="Rude")
    assert found(client, "zebras") == []


def test_deleted_posts_are_not_found(client, make, member, library):
    _, thread = library
    post = make.post(thread, author=member, body="Second thoughts about zebras.")
    posts.delete_post(member, post)
    assert found(client, "zebras") == []


def test_hidden_threads_and_their_posts_are_not_found(client, make, moderator, library):
    article, _ = library
    extra = make.article("Zebra crossings", questions=["Are zebra crossings safe?"])
    thread = make.thread(extra)
    make.post(thread, body="Zebras cross here daily.")
    moderation.hide_thread(moderator, thread)
    assert found(client, "zebra") == ["article: Some body text."]  # the article itself, not its hidden thread


def test_posts_awaiting_approval_are_not_found_by_others(client, auth, make, moderator, library):
    article, thread = library
    moderation.set_premoderation(moderator, article, enabled=True)
    newcomer = make.user("newcomer")
    make.post(thread, author=newcomer, body="Zebras need approval.")
    assert found(client, "zebras") == []
    auth.login(newcomer)
    assert found(client, "zebras") == ["post: <mark>Zebras</mark> need approval."]


def test_draft_articles_their_questions_and_posts_are_not_found(client, make, library):
    article, thread = library
    make.post(thread, body="Zebras in the library.")
    article.status = ArticleStatus.DRAFT
    db.session.commit()
    assert found(client, "zebras") == []
    assert found(client, "library") == []
    assert found(client, "tools") == []


def test_moderators_find_what_they_may_read(client, auth, make, moderator, library):
    _, thread = library
    post = make.post(thread, body="Rude words about zebras.")
    moderation.remove_post(moderator, post, reason="Rude")
    auth.login(moderator)
    assert found(client, "zebras") == ["post: Rude words about <mark>zebras</mark>."]


# The API

def test_the_api_answers_hits_with_links(client, library):
    body = api(client, q="saw", sort="new").get_json()
    assert body["total"] == 2 and body["page"] == 1 and body["has_next"] is False
    post, article = body["items"]
    assert post["kind"] == "post" and post["url"].startswith("http://localhost/posts/")
    assert post["author"] == "carol" and post["article_title"] == "Harbour library lends power drills"
    assert article["url"] == "http://localhost/articles/harbour-library-lends-power-drills"


def test_the_api_refuses_a_search_with_nothing_to_find(client):
    response = api(client, q="-saw")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"q": [
        "Type a word to look for; words with - before them only leave results out."]}
    assert api(client).status_code == 422


def test_the_openapi_document_describes_search(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/search"]["get"]
    assert operation["operationId"] == "search"
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"q", "article", "author", "sort", "page"}


def test_past_the_counted_limit_the_page_says_more_than(client, make, monkeypatch, library):
    monkeypatch.setattr(search_service, "COUNT_MAX", 2)
    _, thread = library
    for number in range(3):
        make.post(thread, body=f"Ladder tale {number}.")
    assert "More than 2 results" in search(client, q="ladder")
    assert api(client, q="ladder").get_json()["total"] == 3


def test_threads_merged_into_another_are_found_where_their_posts_went(client, make, moderator, library):
    from forum.services import moves, threads

    extra = make.article("Zebra facts", questions=["Zebra question one?"])
    merged = threads.start_thread(make.user(), extra, title="Zebra question two?", body="Zebra stripes differ.")
    moves.merge_thread(moderator, merged, target=make.thread(extra))
    hits = api(client, q="zebra").get_json()["items"]
    assert sorted((hit["kind"], hit["title"]) for hit in hits) == [
        ("article", "<mark>Zebra</mark> facts"),
        ("post", "<mark>Zebra</mark> question one?"),
        ("thread", "<mark>Zebra</mark> question one?"),
    ]


def test_hits_name_the_author_by_display_name_and_username(client, make, library):
    _, thread = library
    named = make.user("ferris")
    named.display_name = "Ferris <Quay>"
    db.session.commit()
    make.post(thread, author=named, body="Lighthouses lend lanterns.")
    html = search(client, q="lanterns")
    assert '<span class="display-name">Ferris &lt;Quay&gt;</span> <span class="username">@ferris</span>' in html
    hit = api(client, q="lanterns").get_json()["items"][0]
    assert (hit["author"], hit["author_display_name"]) == ("ferris", "Ferris <Quay>")
    assert api(client, q="workshop").get_json()["items"][0]["author_display_name"] is None
