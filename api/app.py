"""Puts the program-facing API into the served FastAPI application (ui/server.py calls `mount_api` before it
mounts the chat page at `/`):

    /api/v1/...            REST (api/rest.py), schema at /api/v1/openapi.json
    /v1/chat/completions   OpenAI-compatible (api/openai_compat.py), and /v1/models
    /mcp                   MCP over streamable HTTP (api/mcp_tools.py)

All three share one answering pool (first come, first served) and sit behind the guard (api/guard.py: key, rate
limit, body cap); CORS headers are sent only for the origins `RAG_API_CORS_ORIGINS` names.

Written by hand: wiring only.
"""
from __future__ import annotations

import contextlib
import logging

from fastapi import FastAPI

from api import library
from api.answering import AnsweringPool
from api.guard import ApiGuard
from api.mcp_tools import build_mcp
from api.openai_compat import build_openai
from api.rest import build_rest
from api.settings import ApiSettings

log = logging.getLogger(__name__)


def make_pool(pipeline, settings: ApiSettings) -> AnsweringPool:
    """The answering pool, with the query encoders batching across the questions in flight (and the pipeline warm)."""
    library.warm_up(pipeline)
    library.batch_query_embeddings(pipeline, settings.batch)
    return AnsweringPool(settings.workers, settings.max_pending)


def api_lifespan(pipeline, settings: ApiSettings, host: str = "127.0.0.1"):
    """(lifespan, install): `install(app)` mounts the API on `app`, which must have been made with `lifespan`
    (the MCP session manager runs inside it)."""
    pool = make_pool(pipeline, settings)
    mcp = build_mcp(pipeline, pool)
    mcp_app = mcp.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, json_response=True,
                                      host=host)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        async with mcp.session_manager.run():
            yield
        pool.shutdown()

    def install(app: FastAPI) -> None:
        app.mount("/api/v1", build_rest(pipeline, pool))
        app.mount("/v1", build_openai(pipeline, pool))
        app.router.routes.extend(mcp_app.routes)  # the route /mcp itself, before the page's catch-all mount
        if settings.cors_origins:
            from fastapi.middleware.cors import CORSMiddleware

            app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                               allow_methods=["GET", "POST", "OPTIONS"],
                               allow_headers=["authorization", "content-type", "mcp-session-id",
                                              "mcp-protocol-version"])
        app.add_middleware(ApiGuard, settings=settings)

    return lifespan, install
