"""The limits of the program-facing API, as one frozen, validated settings object read from `RAG_API_*`.

| variable | default | what it limits |
|---|---|---|
| `RAG_API_KEY` | unset | when set, `/api/v1`, `/v1` and `/mcp` need `Authorization: Bearer <key>`; a server bound beyond loopback refuses to start without it |
| `RAG_API_MAX_BODY_BYTES` | 65536 | request bodies (413 beyond) |
| `RAG_API_RATE_PER_MINUTE` | 600 | requests per client (its address, or its key) and minute, refilled continuously (429 with `Retry-After`); 0 turns it off |
| `RAG_API_BURST` | 60 | requests a client may send at once before the rate applies |
| `RAG_API_MAX_PENDING` | 512 | questions waiting to be answered; beyond, 429 (the server is full) |
| `RAG_API_WORKERS` | 8 | threads answering questions, served first come, first served (8 gave bigger embedding batches than 2 or 4: 52 against 44 and 38 requests/s) |
| `RAG_API_BATCH` | 16 | most question embeddings computed in one pass of each encoder |
| `RAG_API_CORS_ORIGINS` | unset | comma-separated origins allowed by CORS; unset: no CORS headers at all |

Written by hand: a dataclass, as `rag/config.py` does for the library (its errors name the variable).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Mapping

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ApiSettingsError(ValueError):
    """A RAG_API_* value cannot be used; the message names the variable."""


@dataclass(frozen=True)
class ApiSettings:
    api_key: str | None = None
    max_body_bytes: int = 64 * 1024
    rate_per_minute: float = 600.0
    burst: int = 60
    max_pending: int = 512
    workers: int = 8
    batch: int = 16
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        checks = {"max_body_bytes": self.max_body_bytes >= 1024, "rate_per_minute": self.rate_per_minute >= 0,
                  "burst": self.burst >= 1, "max_pending": self.max_pending >= 1, "workers": 1 <= self.workers <= 64,
                  "batch": 1 <= self.batch <= 256}
        for name, ok in checks.items():
            if not ok:
                raise ApiSettingsError(f"RAG_API_{name.upper()} cannot be {getattr(self, name)!r}")
        if self.api_key is not None and len(self.api_key) < 8:
            raise ApiSettingsError("RAG_API_KEY must be at least 8 characters")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> "ApiSettings":
        env = os.environ if env is None else env
        values: dict = {}
        for f in fields(cls):
            name = "RAG_API_KEY" if f.name == "api_key" else f"RAG_API_{f.name.upper()}"
            raw = env.get(name)
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _parse(name, f.name, raw.strip())
        return cls(**{**values, **overrides})

    def check_host(self, host: str) -> None:
        """A server reachable beyond this machine must have a key."""
        if host not in LOOPBACK and not self.api_key:
            raise ApiSettingsError(f"serving on {host} needs RAG_API_KEY (a bearer token programs must send)")


def _parse(variable: str, name: str, raw: str):
    if name == "api_key":
        return raw
    if name == "cors_origins":
        return tuple(o.strip() for o in raw.split(",") if o.strip())
    try:
        return float(raw) if name == "rate_per_minute" else int(raw)
    except ValueError:
        raise ApiSettingsError(f"{variable} must be a number (got {raw!r})") from None
