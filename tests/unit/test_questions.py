"""Question extraction: the article shapes Agora must read, and what it keeps out."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from forum.demo import DEMO_ARTICLES
from forum.errors import Invalid
from forum.services import questions
from forum.limits import MAX_QUESTIONS, QUESTION_MAX
from forum.services.questions import extract_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SEED_FORM = """×

Night Trains Return to the Northern Line—Can Sleeper Travel Compete With Cheap Flights?

Night Trains Return to the Northern Line—Can Sleeper Travel Compete With Cheap Flights?

After a decade without overnight service, the regional operator is bringing back sleeper cars.

Bookings for the first month sold out within days, although the fares are higher than budget airlines.

This revival leaves travellers and planners with some open questions:
– Should governments subsidise night trains the way they once subsidised airports?
– Would you trade a faster flight for a bed and a morning arrival in the city centre?
– Can rail operators keep fares low without cutting the comfort that makes sleepers attractive?

Rail fans will be watching the numbers closely. Have you taken a night train recently, and would you again?

For the full story, visit: https://example.org/travel/night-trains-return/

Post Comment
"""

MARKDOWN_NUMBERED = """# Community Gardens Face a Water Bill

The city plans to charge allotment holders for water for the first time.

## Discussion questions

1. Should shared green spaces pay for water like any other user?
2. Who benefits most from community gardens?
"""

PLAIN_PARENTHESES = """Ferry Timetable Cut

The island ferry will run twice a day instead of four times.

Questions to consider:
1) How should islanders be consulted about transport changes?
2) What would you give up to keep a daily service?
"""

STAR_BULLETS = """Museum Drops Entry Fees

Reflection questions
* Does free entry change who visits a museum?
* Should donations replace ticket income?
"""

HTML_ORDERED = """<html><head><title>Quiet Carriages</title></head><body>
<h1>Quiet Carriages</h1><p>Commuters asked for phone-free coaches.</p>
<h2>Discussion questions</h2>
<ol><li>Is silence a reasonable thing to ask of strangers?</li>
<li>How should rules in shared spaces be enforced?</li></ol>
</body></html>"""

HTML_UNORDERED = """<article><h1>Street Pianos</h1><p>Ten pianos appeared in the old town.</p>
<p><strong>Think about it</strong></p>
<ul><li>What makes public art welcoming?</li><li>Who should maintain it?</li></ul></article>"""

WRAPPED = """Bridge Tolls Return

Councillors want to hear from residents on these points:
- Should tolls pay for the repairs of the bridge
  or for buses that cross it?
- Who should be exempt from paying?
"""

WRAPPED_NUMBERED = """# Late Library Hours

## Questions for discussion

1. Would you use a library open until
midnight?
2. What should stay quiet at night?
"""

CRLF = "Heat Pumps\r\n\r\nSome questions to ask:\r\n- Who pays?\r\n- Who installs them?\r\n"

CR_ONLY = "Heat Pumps\r\rSome questions to ask:\r- Who pays?\r- Who installs them?\r"

CURLY = """The “Right to Repair”

A few questions worth asking:
– Is “planned obsolescence” a fair charge against phone makers?
– Should repair manuals be public, as the campaign’s founder says?
"""

TRAILING_SPACES = (
    "Snow Days   \n\nQuestions to consider:   \n"
    "- Should snow days be remote?   \n- Who decides?\t \n"
)

MIXED_MARKERS = """Four Short Questions

We asked readers to consider:
- Plain hyphen?
– En dash?
— Em dash?
• Bullet?
"""

BOLD_LEAD_IN = """Cycle Couriers

**Questions for discussion:**

- Are delivery apps employers?
- Should couriers unionise?
"""

NO_QUESTIONS = """A Quiet Year for the Harbour

Fishing crews reported a steady season. Is that a sign of recovery? Perhaps.

Stay tuned for next month's report.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            SEED_FORM,
            [
                "Should governments subsidise night trains the way they once subsidised airports?",
                "Would you trade a faster flight for a bed and a morning arrival "
                "in the city centre?",
                "Can rail operators keep fares low without cutting the comfort that makes "
                "sleepers attractive?",
            ],
            id="seed-form-dash-questions-after-announcing-sentence",
        ),
        pytest.param(
            MARKDOWN_NUMBERED,
            [
                "Should shared green spaces pay for water like any other user?",
                "Who benefits most from community gardens?",
            ],
            id="markdown-discussion-heading-numbered",
        ),
        pytest.param(
            PLAIN_PARENTHESES,
            [
                "How should islanders be consulted about transport changes?",
                "What would you give up to keep a daily service?",
            ],
            id="plain-questions-to-consider-numbered-parenthesis",
        ),
        pytest.param(
            STAR_BULLETS,
            [
                "Does free entry change who visits a museum?",
                "Should donations replace ticket income?",
            ],
            id="reflection-questions-star-bullets",
        ),
        pytest.param(
            HTML_ORDERED,
            [
                "Is silence a reasonable thing to ask of strangers?",
                "How should rules in shared spaces be enforced?",
            ],
            id="html-h2-discussion-questions-ol",
        ),
        pytest.param(
            HTML_UNORDERED,
            ["What makes public art welcoming?", "Who should maintain it?"],
            id="html-think-about-it-ul",
        ),
        pytest.param(
            WRAPPED,
            [
                "Should tolls pay for the repairs of the bridge or for buses that cross it?",
                "Who should be exempt from paying?",
            ],
            id="dash-question-wrapped-over-two-lines",
        ),
        pytest.param(
            WRAPPED_NUMBERED,
            ["Would you use a library open until midnight?", "What should stay quiet at night?"],
            id="numbered-question-wrapped-over-two-lines",
        ),
        pytest.param(CRLF, ["Who pays?", "Who installs them?"], id="crlf-line-endings"),
        pytest.param(CR_ONLY, ["Who pays?", "Who installs them?"], id="cr-line-endings"),
        pytest.param(
            CURLY,
            [
                "Is “planned obsolescence” a fair charge against phone makers?",
                "Should repair manuals be public, as the campaign’s founder says?",
            ],
            id="curly-quotes-kept",
        ),
        pytest.param(
            TRAILING_SPACES, ["Should snow days be remote?", "Who decides?"], id="trailing-spaces"
        ),
        pytest.param(
            MIXED_MARKERS,
            ["Plain hyphen?", "En dash?", "Em dash?", "Bullet?"],
            id="hyphen-en-dash-em-dash-bullet-markers",
        ),
        pytest.param(
            BOLD_LEAD_IN,
            ["Are delivery apps employers?", "Should couriers unionise?"],
            id="bold-lead-in-with-colon",
        ),
        pytest.param(NO_QUESTIONS, [], id="article-without-questions"),
    ],
)
def test_questions_are_found_word_for_word(text: str, expected: list[str]) -> None:
    assert extract_article(text).questions == expected


def test_seed_shaped_fixture_gives_its_three_questions_title_and_source() -> None:
    text = (FIXTURES / "article-seed-shape.txt").read_text(encoding="utf-8")

    result = extract_article(text, filename="article-seed-shape.txt")

    assert result.title == (
        "Harbour Library’s “Tool Shelf” Draws a Waiting List—"
        "What Lending Drills Says About Public Space"
    )
    assert result.source_url == "https://example.org/news/harbour-library-tool-shelf/"
    assert result.questions == [
        "Should public libraries lend objects as well as information, "
        "and where should that line be drawn?",
        "Who ought to bear the cost when a borrowed tool breaks or causes an injury?",
        "Could shared tool collections weaken local businesses, "
        "or do they tend to create new customers?",
    ]


def test_repeated_title_line_is_dropped() -> None:
    result = extract_article(SEED_FORM)

    assert result.title.startswith("Night Trains Return to the Northern Line")
    assert "Night Trains Return" not in result.body
    assert result.body.startswith("After a decade without overnight service")


def test_title_comes_from_the_first_markdown_heading() -> None:
    result = extract_article("Draft notes\n\n# The Real Title\n\nBody.", filename="a.md")

    assert result.title == "The Real Title"
    assert result.body == "Draft notes\n\nBody."


def test_html_title_comes_from_h1_then_title_tag() -> None:
    assert extract_article(HTML_ORDERED).title == "Quiet Carriages"
    page = "<html><head><title>Only In Head</title></head><body><p>Text.</p></body></html>"
    assert extract_article(page).title == "Only In Head"


def test_a_paragraph_first_line_is_shortened_for_the_title_and_kept_in_the_body() -> None:
    first = "word " * 80

    result = extract_article(first + "\n\nMore.")

    assert len(result.title) <= 200
    assert result.body.startswith("word word")


@pytest.mark.parametrize(
    "line",
    [
        "For the full story, visit: https://example.org/a/b/",
        "Source: https://example.org/a/b/",
        "Read the full story at https://example.org/a/b/.",
        "Originally published at https://example.org/a/b/",
        "Source: [Example News](https://example.org/a/b/)",
        "Read the original report: https://example.org/a/b/",
        "Article source: https://example.org/a/b/",
        "Fuente: https://example.org/a/b/",
        "*Source: https://example.org/a/b/*",
        "**Full story at https://example.org/a/b/.**",
        "Read the original interview: https://example.org/a/b/.",
        "See the essay at https://example.org/a/b/",
        "The original at https://example.org/a/b/",
    ],
)
def test_source_url_comes_from_its_line_which_leaves_the_body(line: str) -> None:
    result = extract_article(f"Title\n\nA paragraph.\n\n{line}\n")

    assert result.source_url == "https://example.org/a/b/"
    assert result.body == "A paragraph."


def test_a_source_line_right_under_the_title_line_gives_the_source() -> None:
    result = extract_article("Title\nSource: https://example.org/a/b/\n\nA paragraph.\n")

    assert (result.title, result.source_url, result.body) == ("Title", "https://example.org/a/b/", "A paragraph.")


def test_a_line_that_is_mainly_a_url_is_never_a_question_under_a_lead_in() -> None:
    text = "Title\n\nA paragraph.\n\nDiscuss\n\n- Why?\n- https://example.org/a/b/\n\nWatch it: https://example.org/v\n"

    assert extract_article(text).questions == ["Why?"]


def test_a_full_story_sentence_mid_paragraph_gives_the_source_and_leaves_the_rest() -> None:
    text = "Title\n\nA paragraph.\n\nThis piece ran first in the Courier. Full\nstory at https://example.org/a/b/.\n"

    result = extract_article(text)

    assert result.source_url == "https://example.org/a/b/"
    assert result.body == "A paragraph.\n\nThis piece ran first in the Courier."


def test_a_paragraph_that_merely_mentions_a_source_keeps_its_place() -> None:
    text = "Title\n\nSource code for the tool is at https://example.org/code.\n"

    result = extract_article(text)

    assert result.source_url is None
    assert result.body == "Source code for the tool is at https://example.org/code."


def test_html_source_comes_from_a_full_story_link_or_the_canonical_link() -> None:
    linked = '<h1>T</h1><p>Body.</p><p>Read the full story <a href="https://ex.org/s">here</a></p>'
    canonical = '<html><head><link rel="canonical" href="https://ex.org/c"></head><h1>T</h1></html>'

    assert extract_article(linked, content_type="text/html").source_url == "https://ex.org/s"
    assert extract_article(canonical).source_url == "https://ex.org/c"


def test_body_has_no_chrome_no_source_line_and_no_title() -> None:
    body = extract_article(SEED_FORM).body

    for unwanted in ("×", "Post Comment", "For the full story", "https://example.org", "Night"):
        assert unwanted not in body


def test_body_keeps_the_lead_in_and_the_questions_as_a_markdown_list() -> None:
    body = extract_article(SEED_FORM).body

    assert "some open questions:\n\n- Should governments subsidise night trains" in body
    assert "\n- Would you trade a faster flight" in body
    assert "–" not in body


def test_paragraphs_in_the_body_are_separated_by_blank_lines() -> None:
    paragraphs = extract_article(SEED_FORM).body.split("\n\n")

    assert paragraphs[0].startswith("After a decade")
    assert paragraphs[1].startswith("Bookings for the first month")


def test_closing_call_to_comment_is_not_a_question() -> None:
    result = extract_article(SEED_FORM)

    assert "Have you taken a night train recently, and would you again?" not in result.questions
    assert "Have you taken a night train recently" in result.body


def test_lone_chrome_lines_are_dropped() -> None:
    text = "Title\n\nShare\n\nA paragraph.\n\nLeave a comment\n\nReply\n\nSubscribe\n\nx\n"

    assert extract_article(text).body == "A paragraph."


def test_html_page_chrome_is_dropped_and_markup_becomes_markdown() -> None:
    page = """<html><body><nav><a href="/">Home</a></nav><header>Site name</header>
    <article><h1>T</h1><p>Read <a href="https://ex.org/x">this</a> <em>now</em>,
    <strong>please</strong>.</p><script>alert(1)</script><button>×</button>
    <div class="sharing">Share on everything</div></article><section id="comments">
    <p>First!</p></section><aside>Popular posts</aside><footer>Copyright</footer></body></html>"""

    body = extract_article(page).body

    assert body == "Read [this](https://ex.org/x) *now*, **please**."


def test_html_layout_classes_that_mention_chrome_words_keep_their_content() -> None:
    page = '<div class="page has-sidebar"><h1>T</h1><p>The article itself.</p></div>'

    assert extract_article(page).body == "The article itself."


BYLINE_PAGE = """<html><head><title>Bikes take over</title>{meta}</head><body><article>
<h1>Bikes take over</h1><p class="byline">By Jo Rivera · March 3</p>
<p>The council voted Tuesday to build new bike lanes, after two years of debate.</p>
{quote}</article></body></html>"""


@pytest.mark.parametrize("quote", [
    "<blockquote><p>We heard from hundreds of residents.</p></blockquote>",
    "<blockquote>We heard from hundreds of residents.</blockquote>",
    # html.parser leaves the <p> open where a browser closes it: the quote sits inside it.
    "<p>She said: <blockquote>We heard from hundreds of residents.</blockquote></p>",
    "<figure><blockquote><p>We heard from hundreds of residents.</p></blockquote></figure>",
])
def test_an_html_blockquote_becomes_a_markdown_quote(quote: str) -> None:
    body = extract_article(BYLINE_PAGE.format(meta="", quote=quote)).body

    assert "\n> We heard from hundreds of residents." in body


@pytest.mark.parametrize("meta", [
    '<meta name="description" content="Downtown gets lanes.">',
    '<meta property="og:description" content="Downtown gets lanes.">',
    '<meta name="Description" content="Downtown gets lanes.">',
    '<meta itemprop="description" content="Downtown gets lanes.">',
])
def test_the_summary_is_the_pages_description_not_its_byline(meta: str) -> None:
    assert extract_article(BYLINE_PAGE.format(meta=meta, quote="")).summary == "Downtown gets lanes."


def test_without_a_description_the_summary_skips_the_byline() -> None:
    summary = extract_article(BYLINE_PAGE.format(meta="", quote="")).summary

    assert summary == "The council voted Tuesday to build new bike lanes, after two years of debate."


def test_plain_label_lines_under_a_colon_become_a_list() -> None:
    text = "Title\n\nWhat we learned:\nCost: lower than feared.\nSpeed: slower.\n"

    assert "What we learned:\n\n- **Cost:** lower than feared.\n- **Speed:** slower." in (
        extract_article(text).body
    )


def test_duplicate_questions_are_kept_once() -> None:
    text = "Title\n\nDiscussion questions:\n1. Why now?\n2. Why now?\n3. Why here?\n"

    assert extract_article(text).questions == ["Why now?", "Why here?"]


def test_nested_hints_under_a_question_are_not_questions() -> None:
    text = "# T\n\n## Discussion questions\n\n1. Is it fair?\n   - think of cost\n2. Is it fast?\n"

    assert extract_article(text).questions == ["Is it fair?", "Is it fast?"]


def test_questions_are_capped_in_number_and_length() -> None:
    items = "\n".join(f"- Question number {n}?" for n in range(30))
    long_item = "- " + "very " * 200 + "long?"

    result = extract_article(f"Title\n\nQuestions to consider:\n{long_item}\n{items}\n")

    assert len(result.questions) == MAX_QUESTIONS
    assert len(result.questions[0]) <= QUESTION_MAX


@pytest.mark.parametrize("text", ["", "   \n\t\r\n", "×\n\nPost Comment\n"])
def test_empty_text_is_invalid(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        extract_article(text)

    assert caught.value.message == "The article is empty."
    assert caught.value.field == "text"


@pytest.mark.parametrize(("filename", "text"), DEMO_ARTICLES, ids=[n for n, _ in DEMO_ARTICLES])
def test_each_demo_article_has_a_title_and_two_to_five_questions(filename: str, text: str) -> None:
    result = extract_article(text, filename=filename)

    assert result.title and result.title != "Untitled article"
    assert 2 <= len(result.questions) <= 5


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000, "[a](" * 100_000, "<div>" * 3000 + "deep", "- a\n" + "word\n" * 50_000],
    ids=["open-brackets", "half-links", "deeply-nested-html", "endless-list-item"],
)
def test_hostile_input_is_read_quickly_without_crashing(text: str) -> None:
    started = time.process_time()  # CPU time: other processes on a busy machine do not count

    extract_article("Title\n\n" + text)

    assert time.process_time() - started < 5


def test_demo_articles_come_in_every_import_format() -> None:
    suffixes = sorted(Path(name).suffix for name, _ in DEMO_ARTICLES)

    assert suffixes == [".html", ".md", ".txt"]


def test_extraction_imports_neither_flask_nor_the_database() -> None:
    source = Path(questions.__file__).read_text(encoding="utf-8")

    assert not re.search(r"^\s*(?:from|import) +(?:flask|sqlalchemy)", source, re.MULTILINE)


def test_each_question_carries_the_reason_it_was_taken() -> None:
    result = extract_article(SEED_FORM)

    assert result.reasons == [
        "in the list after 'This revival leaves travellers and planners with some open questions:'"
    ] * 3


def test_a_quoted_question_and_a_call_to_comment_under_a_lead_in_are_not_taken() -> None:
    text = ("# T\n\nA paragraph.\n\n## Your turn\n\n> Is this a question from a placard?\n\n"
            "Would you sit on a bench without armrests?\n\nWhat do you think? Tell us in the comments.\n")

    result = extract_article(text)

    assert result.questions == ["Would you sit on a bench without armrests?"]
    assert result.reasons == ["under the heading 'Your turn'"]


def test_text_markdown_and_html_give_the_same_questions() -> None:
    text = "Benches\n\nThe square is changing.\n\nTalk it over\n\n- Who is a bench for?\n- Describe a bench you know.\n"
    markdown = "# Benches\n\nThe square is changing.\n\n## Talk it over\n\n- Who is a bench for?\n- Describe a bench you know.\n"
    html = ("<h1>Benches</h1><p>The square is changing.</p><h2>Talk it over</h2>"
            "<ul><li>Who is a bench for?</li><li>Describe a bench you know.</li></ul>")

    found = [extract_article(text), extract_article(markdown, filename="a.md"), extract_article(html)]

    assert {tuple(r.questions) for r in found} == {("Who is a bench for?", "Describe a bench you know.")}
    assert {r.title for r in found} == {"Benches"}
    assert {r.summary for r in found} == {"The square is changing."}
