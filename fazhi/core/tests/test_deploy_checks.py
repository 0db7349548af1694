"""``check --deploy`` says when the cache lives in one process's memory (issue 16 item 7: with several app
servers the API throttle must count across them; docs/deploy.md § 多台应用服务器)."""

from __future__ import annotations

from fazhi.core.checks import process_local_cache


def test_process_local_cache_is_reported(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    (info,) = process_local_cache()
    assert info.id == "fazhi.I001" and "REDIS_URL" in info.hint


def test_shared_cache_is_not(settings) -> None:  # type: ignore[no-untyped-def]
    for backend in ("django_redis.cache.RedisCache", "django.core.cache.backends.db.DatabaseCache"):
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "x"}}
        assert process_local_cache() == []
