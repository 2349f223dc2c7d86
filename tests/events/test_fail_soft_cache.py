"""The Redis cache behaves as an empty cache while Redis does not answer."""

import itertools
import logging
import socket
import time

import pytest

from events.fail_soft_cache import FailSoftRedisCache

# Each test its own Redis address, so that one test's outage is not another's.
_databases = itertools.count(1)


def unreachable() -> str:
    # Nothing listens on port 1 of the loopback: every connection is refused at once.
    return f"redis://127.0.0.1:1/{next(_databases)}"


@pytest.fixture
def cache():
    return FailSoftRedisCache(unreachable(), {"KEY_PREFIX": "test"})


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: a Redis host gone silent."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


def test_reads_miss_and_writes_are_forgotten(cache):
    assert cache.get("token", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("token") is False
    assert cache.set("token", 1) is None
    assert cache.add("token", 1) is True  # stored, and forgotten
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("token") is False
    assert cache.delete("token") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.get_or_set("feed", lambda: "built from the database") == (
        "built from the database"
    )
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")


def test_an_outage_is_logged_once_not_at_every_call(cache, caplog):
    caplog.set_level(logging.WARNING, logger="events.redis_outage")

    for _ in range(20):
        cache.get("token")

    (line,) = caplog.records
    assert "127.0.0.1:1/" in line.getMessage()
    assert "read from the database" in line.getMessage()


def test_a_silent_redis_costs_one_short_timeout_then_is_skipped(silent_redis):
    cache = FailSoftRedisCache(silent_redis, {})

    started = time.monotonic()
    values = [cache.get(f"key-{n}", "default") for n in range(10)]

    assert values == ["default"] * 10
    assert time.monotonic() - started < 2


def test_an_error_that_is_not_an_outage_still_raises(cache):
    with pytest.raises(Exception, match="pickle"):
        cache.set("token", lambda: None)


def test_the_redis_password_stays_out_of_the_log(caplog):
    caplog.set_level(logging.WARNING, logger="events.redis_outage")
    cache = FailSoftRedisCache(f"redis://:hunter2@127.0.0.1:1/{next(_databases)}", {})

    cache.get("token")

    (line,) = caplog.records
    assert "hunter2" not in line.getMessage()
    assert "127.0.0.1:1/" in line.getMessage()
