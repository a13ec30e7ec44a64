"""The baseline: a bare Flask app rendering a Jinja page of ``?posts=N`` posts, sized to match a thread page."""

from flask import Flask, render_template_string, request

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/agora.css"></head><body><main><h1>{{ title }}</h1>
{% for post in posts %}<article id="post-{{ post.id }}" data-post-id="{{ post.id }}" data-score="{{ post.score }}" class="post">
<header><a href="/u/{{ post.author }}">{{ post.author }}</a> <time>{{ post.when }}</time></header>
<div class="prose">{{ post.html|safe }}</div>
<footer><form method="post" action="/posts/{{ post.id }}/vote"><input type="hidden" name="csrf_token" value="{{ token }}">
<button name="value" value="1">Upvote</button><span>{{ post.score }}</span><button name="value" value="-1">Downvote</button></form>
<a href="/posts/{{ post.id }}">Permalink</a> <a href="/posts/{{ post.id }}?reply=1">Reply</a></footer></article>
{% endfor %}</main></body></html>"""

MAX_POSTS = 2000
POSTS = [
    {"id": n, "author": f"member{n % 40}", "score": n % 7, "when": "3 hours ago",
     "html": f"<p>Post number {n}: a considered answer with <em>some</em> emphasis and a sentence or two more.</p>"}
    for n in range(MAX_POSTS)
]

app = Flask(__name__)


@app.get("/")
def page():
    count = min(request.args.get("posts", 200, type=int), MAX_POSTS)
    return render_template_string(PAGE, title="A question thread", posts=POSTS[:count], token="x" * 40)
