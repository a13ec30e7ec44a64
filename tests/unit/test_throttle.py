"""The throttle service: atomic hits that count only when the request's transaction commits."""

from __future__ import annotations

import logging
import socket
import time

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from forum.errors import RateLimited
from forum.extensions import db
from forum.models import RateLimitCounter
from forum.services import throttle
from tests.conftest import build_app, dispose

MESSAGE = "Slow down; try again in {wait}."


def hit(limit: str, *key: str) -> None:
    throttle.hit(limit, *key, message=MESSAGE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_hit_over_the_limit_raises_with_the_wait(app):
    hit("2 per minute", "k")
    hit("2 per minute", "k")
    with pytest.raises(RateLimited, match=r"try again in 1 minute\.") as refused:
        hit("2 per minute", "k")
    assert 59 <= refused.value.retry_after <= 60


def test_each_key_has_its_own_count(app):
    hit("1 per minute", "a")
    hit("1 per minute", "b")
    with pytest.raises(RateLimited):
        hit("1 per minute", "a")


def test_hits_count_only_once_the_transaction_commits(app):
    hit("1 per minute", "k")
    db.session.rollback()
    hit("1 per minute", "k")
    db.session.commit()
    db.session.rollback()
    with pytest.raises(RateLimited):
        hit("1 per minute", "k")


def test_undo_gives_back_the_requests_hit(app):
    hit("1 per minute", "k")
    throttle.undo("1 per minute", "k")
    hit("1 per minute", "k")
    db.session.commit()
    with pytest.raises(RateLimited):
        hit("1 per minute", "k")


def test_every_window_of_a_setting_holds(app):
    limit = "3 per minute; 1 per second"
    hit(limit, "k")
    with pytest.raises(RateLimited, match="1 second"):
        hit(limit, "k")


@pytest.mark.parametrize("limit", ["0", "", 0, None, " 0 "])
def test_zero_or_nothing_is_no_limit(app, limit):
    for _ in range(5):
        hit(limit, "k")


def test_a_setting_that_is_no_limit_says_how_to_write_one():
    with pytest.raises(ValueError, match="10 per hour"):
        throttle.windows(5)
    with pytest.raises(ValueError):
        throttle.windows("five a minute")


def test_very_long_keys_are_hashed_to_fit_the_table(app):
    hit("1 per minute", "x" * 500)
    db.session.commit()
    with pytest.raises(RateLimited):
        hit("1 per minute", "x" * 500)


def test_database_counters_start_a_new_window_when_the_old_one_ended(database_uri):
    app = build_app(database_uri, RATELIMIT_STORAGE_URI=None)
    with app.app_context():
        hit("1 per hour", "k")
        db.session.commit()
        db.session.execute(update(RateLimitCounter).values(expires_at=time.time() - 1))
        hit("1 per hour", "k")
        db.session.commit()
        with pytest.raises(RateLimited, match="60 minutes"):
            hit("1 per hour", "k")
    dispose(app)


def test_pruning_deletes_only_counters_whose_window_ended(database_uri):
    app = build_app(database_uri, RATELIMIT_STORAGE_URI=None)
    with app.app_context():
        for key in ("old", "current"):
            hit("1 per hour", key)
        db.session.execute(update(RateLimitCounter).where(RateLimitCounter.key.contains("old"))
                           .values(expires_at=time.time() - 1))
        throttle.prune_expired(time.time())
        db.session.commit()
        keys = db.session.scalars(select(RateLimitCounter.key)).all()
        assert len(keys) == 1 and "current" in keys[0]
    dispose(app)


def test_switched_off_nothing_is_counted(database_uri):
    app = build_app(database_uri, RATELIMIT_ENABLED=False, RATELIMIT_STORAGE_URI=None)
    with app.app_context():
        for _ in range(3):
            hit("1 per hour", "k")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 0
    dispose(app)


@pytest.fixture
def app_with_dead_redis(database_uri: str) -> Flask:
    app = build_app(database_uri, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        yield app
    dispose(app)


def test_with_redis_unreachable_the_database_keeps_the_counts_and_a_warning_is_logged(app_with_dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="forum.services.throttle"):
        hit("1 per hour", "k")
        db.session.commit()
        with pytest.raises(RateLimited):
            hit("1 per hour", "k")
    assert [r.message for r in caplog.records].count(
        next(r.message for r in caplog.records if "unreachable" in r.message)) == 1
    assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 1
    assert throttle.storage_health() == "unreachable"


@pytest.mark.parametrize("seconds, words", [(1, "1 second"), (59, "59 seconds"), (60, "1 minute"),
                                            (900, "15 minutes"), (3600, "60 minutes"), (7201, "3 hours"),
                                            (86400, "24 hours")])
def test_the_wait_is_told_in_the_unit_a_person_reads(seconds, words):
    assert throttle.describe_wait(seconds) == words
