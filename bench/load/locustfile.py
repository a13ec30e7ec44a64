"""50 members reading (80 %), voting (15 %) and posting (5 %) on Agora's thread pages (issue 12 goal 8).

Run by bench/load_run.py, which seeds the database, starts the servers and nginx, logs every
member in through the form before the run, and passes AGORA_SESSIONS (a JSON file: each
member's Cookie header and CSRF token), AGORA_THREADS (thread ids) and AGORA_POSTS (post ids
to vote on). Each simulated member takes the next session and works with JavaScript off:
plain forms, redirects not followed. FastHttpUser: the load generator shares the machine's
two cores with what it measures, and this client costs a fraction of requests'.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import urllib.parse
from http.cookiejar import Cookie

from locust import FastHttpUser, between, events, task

THREADS = [int(n) for n in os.environ["AGORA_THREADS"].split(",")]
POSTS = [int(n) for n in os.environ["AGORA_POSTS"].split(",")]
with open(os.environ["AGORA_SESSIONS"]) as sessions:
    SESSIONS = itertools.cycle(json.load(sessions))
SERVER_ERRORS = {"count": 0}
FORM = "application/x-www-form-urlencoded"


@events.request.add_listener
def _count_server_errors(response=None, **_kwargs) -> None:
    if response is not None and (getattr(response, "status_code", 0) or 0) >= 500:
        SERVER_ERRORS["count"] += 1


@events.quitting.add_listener
def _report_server_errors(environment, **_kwargs) -> None:
    print(f"5xx answers: {SERVER_ERRORS['count']}")


class Member(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        session = next(SESSIONS)
        self.name, self.token, self.posted = session["name"], session["token"], 0
        host = urllib.parse.urlsplit(self.host).hostname
        for pair in session["cookie"].split("; "):
            name, _, value = pair.partition("=")
            # The client's own jar: it then keeps any cookie the server sets, as a browser would.
            self.client.cookiejar.set_cookie(Cookie(0, name, value, None, False, host, False, False, "/", True,
                                                    False, None, False, None, None, {}))

    def form(self, path: str, fields: dict[str, str], name: str):
        return self.client.post(path, data=urllib.parse.urlencode({"csrf_token": self.token, **fields}),
                                headers={"Content-Type": FORM}, name=name,
                                allow_redirects=False, catch_response=True)

    @task(80)
    def read(self) -> None:
        self.client.get(f"/threads/{random.choice(THREADS)}", name="read a thread")

    @task(15)
    def vote(self) -> None:
        post = random.choice(POSTS)
        with self.form(f"/posts/{post}/{random.choice(('upvote', 'downvote'))}", {}, "vote") as response:
            # 403: one's own post; anything else but the form's redirect is a failure
            if response.status_code in (302, 303, 403):
                response.success()

    @task(5)
    def post(self) -> None:
        self.posted += 1
        body = f"An answer from {self.name}, number {self.posted}, with **bold** and a [link](https://example.org/{self.posted})."
        with self.form(f"/threads/{random.choice(THREADS)}/posts", {"body": body}, "post an answer") as response:
            # 429: the member's own posting interval (FORUM_POST_INTERVAL_SECONDS), an expected refusal
            if response.status_code in (302, 303, 429):
                response.success()
