"""50 members reading (80 %), voting (15 %) and posting (5 %) on Agora's thread pages (issue 12 goal 8).

Run by bench/load_run.py, which seeds the database, starts the servers and nginx, and passes
AGORA_THREADS (thread ids) and AGORA_POSTS (post ids to vote on). Each simulated member logs
in through the form once, then works with JavaScript off: plain forms, redirects not followed.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, events, task

THREADS = [int(n) for n in os.environ["AGORA_THREADS"].split(",")]
POSTS = [int(n) for n in os.environ["AGORA_POSTS"].split(",")]
PASSWORD = os.environ["AGORA_PASSWORD"]
MEMBERS = itertools.count(1)
SERVER_ERRORS = {"count": 0}


@events.request.add_listener
def _count_server_errors(response=None, **_kwargs) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS["count"] += 1


@events.quitting.add_listener
def _report_server_errors(environment, **_kwargs) -> None:
    print(f"5xx answers: {SERVER_ERRORS['count']}")


class Member(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.name = f"user{next(MEMBERS)}"
        page = self.client.get("/login", name="login page").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        self.client.post("/login", {"identifier": self.name, "password": PASSWORD, "csrf_token": token},
                         name="log in", allow_redirects=False)
        self.token = re.search(r'"X-CSRFToken": "([^"]+)"', self.client.get("/", name="front page").text).group(1)
        self.posted = 0

    @task(80)
    def read(self) -> None:
        self.client.get(f"/threads/{random.choice(THREADS)}", name="read a thread")

    @task(15)
    def vote(self) -> None:
        post = random.choice(POSTS)
        with self.client.post(f"/posts/{post}/{random.choice(('upvote', 'downvote'))}", {"csrf_token": self.token},
                              name="vote", allow_redirects=False, catch_response=True) as response:
            # 403: one's own post; anything else but the form's redirect is a failure
            if response.status_code in (302, 303, 403):
                response.success()

    @task(5)
    def post(self) -> None:
        self.posted += 1
        body = f"An answer from {self.name}, number {self.posted}, with **bold** and a [link](https://example.org/{self.posted})."
        with self.client.post(f"/threads/{random.choice(THREADS)}/posts", {"csrf_token": self.token, "body": body},
                              name="post an answer", allow_redirects=False, catch_response=True) as response:
            # 429: the member's own posting interval (FORUM_POST_INTERVAL_SECONDS), an expected refusal
            if response.status_code in (302, 303, 429):
                response.success()
