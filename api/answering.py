"""Where the API's questions are answered: a fixed set of worker threads that take them first come, first served,
with a bound on how many may wait (beyond it, `ServerFull`: the client gets 429 and `Retry-After`).

Why not FastAPI's default (a sync endpoint, run on AnyIO's pool of 40 threads): under 50 concurrent users its
threads all compete for two cores, each request is sliced between them and finishes late, out of order (p95 2.0 s
at 60 requests/s, measured for the issue). A few workers that finish one question before taking the next keep the
mean wait at users ÷ throughput, and the tail close to it; the query embeddings of the questions in flight are
computed together (vectorstore/batching.py).

Written by hand: a `ThreadPoolExecutor` (its queue is FIFO) with a pending count, and a bridge that runs a
synchronous generator on a worker while an async endpoint reads its items.
"""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import AsyncIterator, Callable, Iterator, TypeVar

T = TypeVar("T")
_DONE = object()


class ServerFull(RuntimeError):
    """More questions are waiting than the server takes."""


class AnsweringPool:
    def __init__(self, workers: int, max_pending: int):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")
        self._max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def full(self) -> bool:
        return self._pending >= self._max_pending

    def _admit(self) -> None:
        with self._lock:
            if self._pending >= self._max_pending:
                raise ServerFull(f"{self._pending} questions are waiting")
            self._pending += 1

    def _release(self) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, fn: Callable[..., T], *args) -> T:
        """`fn(*args)` on a worker, in arrival order. Raises ServerFull when too many are waiting."""
        self._admit()

        def call() -> T:
            try:
                return fn(*args)
            finally:
                self._release()

        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    async def iterate(self, make: Callable[[], Iterator[T]]) -> AsyncIterator[T]:
        """The items of the generator `make()`, produced on a worker and handed to the event loop as they come;
        an exception inside is raised here."""
        self._admit()
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        def produce() -> None:
            try:
                for item in make():
                    loop.call_soon_threadsafe(queue.put_nowait, (item, None))
            except BaseException as e:  # handed over to the reader
                loop.call_soon_threadsafe(queue.put_nowait, (_DONE, e))
            else:
                loop.call_soon_threadsafe(queue.put_nowait, (_DONE, None))
            finally:
                self._release()

        self._pool.submit(produce)
        while True:
            item, error = await queue.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
