"""A circuit breaker for a generative backend: after repeated failures or timeouts, stop trying it for a while.

While the breaker is open, every answer is the quoted one at once, with a notice, instead of each request waiting
for the same dead endpoint. After `cooldown_s` one request is let through again (half-open): its success closes the
breaker, its failure opens it for another cool-down. Thread-safe: the chat serves several requests at a time.

Written by hand: the pattern is ten lines, and the libraries that offer it (pybreaker, circuitbreaker) decorate
functions, while this one guards a generator that yields as it goes.
"""
from __future__ import annotations

import threading
import time
from typing import Callable


class CircuitBreaker:
    def __init__(self, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic):
        if failures < 1 or cooldown_s <= 0:
            raise ValueError("a circuit breaker needs failures >= 1 and cooldown_s > 0")
        self.failures, self.cooldown_s, self.clock = failures, cooldown_s, clock
        self._count = 0
        self._opened_at: float | None = None
        self._trial = False
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a request may try the backend now (closed, or the one trial after a cool-down)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if not self._trial and self.clock() - self._opened_at >= self.cooldown_s:
                self._trial = True
                return True
            return False

    def retry_in(self) -> float:
        """Seconds until the next trial (0 when closed)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.cooldown_s - (self.clock() - self._opened_at))

    def success(self) -> None:
        with self._lock:
            self._count, self._opened_at, self._trial = 0, None, False

    def failure(self) -> None:
        with self._lock:
            self._count += 1
            if self._trial or self._count >= self.failures:
                self._opened_at, self._trial = self.clock(), False
