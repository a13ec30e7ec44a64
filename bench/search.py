"""Search latency over 100,000 posts: p50 and p95 of /search, on SQLite or PostgreSQL.

    .venv/bin/python bench/search.py [--posts 100000] [--repeat 5] [--database-url URL]

Seeds a fresh database (a SQLite file in a temporary folder by default; with
--database-url, that database, which it empties first) with 100 articles of 5
question threads each and ``--posts`` posts of 12 to 60 words drawn from a
2,000-word vocabulary, so common words match tens of thousands of posts and
rare ones a handful. The full-text index is the one the migration creates,
kept by the database while rows are inserted. It then times each query of
QUERIES ``--repeat`` times through the test client (a visitor, the HTML page,
best match and newest first) and prints the p50 and p95 in milliseconds.
Results go into bench/README.md by hand.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY_SIZE = 2_000
QUERIES = ["library", "tools -drill", '"power tools"', "lend*", "word1234", "community garden",
           "repair cafe volunteers", "word19*"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/search-bench.sqlite3"
    app = _app(url)
    started = time.perf_counter()
    _seed(app, args.posts)
    print(f"seeded {args.posts:,} posts in {time.perf_counter() - started:.0f} s on {url.split(':')[0]}")
    client = app.test_client()
    timings: list[float] = []
    with app.app_context():
        for sort in ("best", "new"):
            for query in QUERIES:
                these = []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    response = client.get("/search", query_string={"q": query, "sort": sort})
                    these.append((time.perf_counter() - began) * 1000)
                    assert response.status_code == 200, response.status_code
                hits = response.get_data(as_text=True).split('role="status">', 1)[1].split("<", 1)[0]
                print(f"  {sort:4} {query!r:26} {hits:>16}  median {statistics.median(these):7.1f} ms")
                timings.extend(these)
    cuts = statistics.quantiles(timings, n=20)
    print(f"{len(timings)} searches: p50 {statistics.median(timings):.1f} ms, p95 {cuts[18]:.1f} ms")


def _app(url: str):
    from forum import create_app
    from forum.extensions import db
    from forum.fts import create_search_index

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        with db.engine.begin() as connection:
            create_search_index(connection)
    return app


def _seed(app, posts: int) -> None:
    from forum.extensions import db
    from forum.models import Article, Post, Question, Thread, User, utcnow

    rng = random.Random(14)
    words = ["library", "tools", "drill", "power", "lend", "community", "garden", "repair", "cafe",
             "volunteers"] + [f"word{n}" for n in range(VOCABULARY_SIZE - 10)]
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like, as real text is
    with app.app_context():
        users = [User(username=f"bench{n}", username_key=f"bench{n}", email=f"bench{n}@example.org",
                      password_hash="-") for n in range(50)]
        db.session.add_all(users)
        threads = []
        for a in range(100):
            article = Article(slug=f"bench-{a}", title=f"Bench article {a} about the {words[a % 10]}",
                              body=" ".join(rng.choices(words, weights, k=300)), body_html="", created_by=users[0])
            db.session.add(article)
            for q in range(5):
                question = Question(article=article, position=q, text=f"Question {q} about {rng.choice(words)}?")
                thread = Thread(article=article, question=question, title=question.text)
                db.session.add_all([question, thread])
                threads.append(thread)
        db.session.commit()
        now = utcnow()
        rows = []
        for n in range(posts):
            body = " ".join(rng.choices(words, weights, k=rng.randint(12, 60)))
            rows.append({"thread_id": threads[n % len(threads)].id, "author_id": users[n % 50].id, "depth": 0,
                         "body": body, "body_html": f"<p>{body}</p>", "state": "visible", "created_at": now - timedelta(seconds=posts - n)})
            if len(rows) == 5_000:
                db.session.execute(Post.__table__.insert(), rows)
                rows = []
        if rows:
            db.session.execute(Post.__table__.insert(), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")  # as autovacuum would after a load this size


if __name__ == "__main__":
    main()
