"""What protects the program-facing routes (`/api/`, `/v1/`, `/mcp`) before a request reaches them: the API key,
a per-client rate limit, and a cap on the request body. Pure ASGI, so that it costs microseconds per request.

- API key (`RAG_API_KEY`): when set, `Authorization: Bearer <key>` is required (401 otherwise), compared in
  constant time.
- Rate limit: a token bucket per client address (`burst` at once, then `rate_per_minute`); 429 with
  `Retry-After` (seconds) beyond it.
- Body cap: a `Content-Length` over the limit is refused (413) before a byte is read; a body without one is read
  up to the limit and refused when it goes beyond.

Written by hand: a few lines each; the libraries that do this (slowapi, …) wrap every route in extra layers.
"""
from __future__ import annotations

import hmac
import math
import time

from api.errors import error_bytes
from api.settings import ApiSettings

PROTECTED = ("/api/", "/v1/", "/mcp")
MAX_CLIENTS = 10_000  # buckets kept; beyond, the full ones are forgotten


class RateLimiter:
    """Token buckets by client key; `take` returns 0 when allowed, else the seconds to wait."""

    def __init__(self, per_minute: float, burst: int):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, now: float | None = None) -> float:
        if self.rate <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > MAX_CLIENTS:
            self._forget_full(now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        for key, (tokens, last) in list(self._buckets.items()):
            if tokens + (now - last) * self.rate >= self.burst:
                del self._buckets[key]


class ApiGuard:
    """ASGI middleware for the protected routes; everything else passes untouched."""

    def __init__(self, app, settings: ApiSettings):
        self.app = app
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_per_minute, settings.burst)
        self._key = f"Bearer {settings.api_key}".encode() if settings.api_key else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED) or scope["method"] == "OPTIONS":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if self._key is not None and not hmac.compare_digest(headers.get(b"authorization", b""), self._key):
            return await _refuse(send, 401, "unauthorized", [(b"www-authenticate", b"Bearer")])
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.limiter.take(client)
        if wait:
            retry = max(1, math.ceil(wait))
            return await _refuse(send, 429, "rate_limited", [(b"retry-after", str(retry).encode())], retry=retry)
        limit = self.settings.max_body_bytes
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _refuse(send, 413, "body_too_large", limit=limit)
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            body = await _read_capped(receive, limit)
            if body is None:
                return await _refuse(send, 413, "body_too_large", limit=limit)
            receive = replay_body(body, receive)
        return await self.app(scope, receive, send)


async def _read_capped(receive, limit: int) -> bytes | None:
    parts, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(parts)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
        if not message.get("more_body"):
            return b"".join(parts)


def replay_body(body: bytes, original):
    """A `receive` that gives the body read already, then waits on the client as the original does."""
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive


async def _refuse(send, status: int, code: str, headers: list | None = None, **fmt) -> None:
    body = error_bytes(status, code, **fmt)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
