"""The README's screenshots, taken again from a fresh demo instance.

    .venv/bin/python bench/screenshots.py [--out static/screenshots]

On a scratch SQLite database: ``forum db upgrade``, ``forum bootstrap`` (the demo
articles), then a few members and a 10-deep discussion under the first demo
article's first question, served by gunicorn as ``make run`` serves it. Playwright
in Debian's Chromium (/usr/bin/chromium) logs in as one of the members and takes,
at 1x scale: the thread (1280 × 1200), the article page (1280 × 1350) and the thread's
answers on a phone (390 × 844). Each PNG goes through ``pngquant`` when it is installed
(Debian's ``pngquant`` package), which cuts it to about a third.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import PASSWORD, ROOT, VENV_BIN, bench_env, gunicorn, migrate

CHROMIUM = "/usr/bin/chromium"
# The seeding posts and votes in quick succession, as no member could.
QUIET = {"FORUM_RATELIMIT_ENABLED": "false", "FORUM_POST_INTERVAL_SECONDS": "0",
         "FORUM_NEW_ACCOUNT_POST_INTERVAL_SECONDS": "0"}
MEMBERS = [("ada", "Ada Lovelace"), ("grace", "Grace Hopper"), ("linus", None), ("margaret", "Margaret Hamilton")]
REPLIES = [
    "I think the article undersells how much **ordinary people** shaped this. The examples are all experts.",
    "Fair, but the experts were the ones who wrote things down. That is a selection effect, not a claim.",
    "Selection effect is exactly the point: what survives decides the story.",
    "Agreed. There is a good parallel with how we remember early computing.",
    "> what survives decides the story\n\nWhich is why local archives matter so much.",
    "Our library digitised its parish records last year; half the volunteers were retirees.",
    "That is lovely. Did they publish the transcriptions?",
    "Yes, under a free licence. I can find the link.",
    "Please do!",
    "Here it is: https://example.org/records (the search is slow, but it works).",
]


def seed(env: dict[str, str]) -> tuple[int, str]:
    """The members and the discussion; the thread's id and the article's slug."""
    subprocess.run([str(VENV_BIN / "forum"), "bootstrap"], env=env, cwd=ROOT, check=True, capture_output=True)
    sys.path.insert(0, str(ROOT))
    os.environ.update({key: value for key, value in env.items() if key in QUIET})
    from forum import create_app
    from forum.extensions import db
    from forum.models import Thread
    from forum.services import auth, posts, profiles, votes

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with app.app_context():
        people = []
        for username, display_name in MEMBERS:
            member = auth.register(username=username, email=f"{username}@example.org", password=PASSWORD)
            profiles.edit_profile(member, display_name=display_name, bio="I read slowly and *argue* kindly.")
            people.append(member)
        thread = db.session.query(Thread).order_by(Thread.id).first()
        parent = None
        for number, body in enumerate(REPLIES):
            parent = posts.create_post(people[number % len(people)], thread, body=body, parent=parent)
            for voter in people[: 4 - number % 4]:
                if voter.id != parent.author_id:
                    votes.cast_vote(voter, parent, value=1)
        other = posts.create_post(people[2], thread, body="A second answer: the question's premise is shaky.")
        posts.create_post(people[3], thread, body="Why? Say more.", parent=other)
        found = thread.id, thread.article.slug
        db.session.remove()
        db.engine.dispose()
    return found


def shoot(base: str, thread_id: int, slug: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = [("thread.png", f"/threads/{thread_id}", 1280, 1200), ("article.png", f"/articles/{slug}", 1280, 1350),
             ("phone.png", f"/threads/{thread_id}#answers", 390, 844)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
        page.goto(base + "/login")
        page.get_by_label("Username or email").fill("grace")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Log out").wait_for()
        for name, path, width, height in shots:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(base + path)
            page.screenshot(path=out / name)
        browser.close()
    return [out / name for name, *_ in shots]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "static" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        env = bench_env(f"sqlite:///{scratch}/demo.db", **QUIET)
        migrate(env)
        thread_id, slug = seed(env)
        with gunicorn("forum:create_app()", env, ROOT, "-c", "python:forum.gunicorn_conf") as base:
            files = shoot(base, thread_id, slug, out)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "70-90", "--ext", ".png",
                        *map(str, files)], check=False)
    for path in files:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
