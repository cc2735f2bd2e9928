"""Serving the chat: the Gradio page mounted on a FastAPI app that adds security headers and takes no uploads, run
by uvicorn on loopback unless told otherwise (`python -m rag serve`).

What the outside sees, and what it does not:
- every response carries X-Frame-Options: DENY, a Content-Security-Policy that forbids framing and plugins,
  X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer;
- the upload route answers 403 before a byte is read: the app takes no files, so nothing is stored for anyone;
- errors reach clients as short messages (ui/app.py); exceptions, paths and tracebacks go to the server's log
  (Gradio's `show_error` is off);
- API calls Gradio cannot handle (an unknown endpoint or fn_index, an empty session hash, inputs of the wrong
  type or value) are answered 404/422 before it sees them (ui/api_guard.py).

Programs have their own doors on the same app (api/app.py, mounted before the page): the REST API at `/api/v1`,
the OpenAI-compatible endpoint at `/v1` and the MCP server at `/mcp`, behind a key, a rate limit and a body cap.

Written by hand: a small ASGI middleware; Gradio has no option for response headers, and `max_file_size` only
caps uploads after they are received.
"""
from __future__ import annotations

import json
import logging

import gradio as gr
from fastapi import FastAPI

from api.app import api_lifespan
from api.settings import ApiSettings
from rag.pipeline import RagPipeline
from ui.api_guard import ApiGuard
from ui.api_input import endpoints
from ui.app import build_app, page_options

log = logging.getLogger(__name__)

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'; object-src 'none'; base-uri 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class Hardening:
    """ASGI middleware: security headers on every HTTP response, and no upload route."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"].rstrip("/").endswith("/upload"):
            body = json.dumps({"detail": "This app takes no files."}).encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *[(k, v) for k, v in SECURITY_HEADERS if k not in names]]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(pipeline: RagPipeline, default_top_k: int | None = None, api_settings: ApiSettings | None = None,
               host: str = "127.0.0.1") -> FastAPI:
    """The served application: the page, its Gradio API and the programs' API, hardened."""
    demo = build_app(pipeline, default_top_k=default_top_k)
    serving = pipeline.settings.serving
    demo.queue(default_concurrency_limit=serving.concurrency, max_size=serving.queue_size)
    lifespan, install_api = api_lifespan(pipeline, api_settings or ApiSettings.from_env(), host)
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    install_api(app)
    app.add_middleware(ApiGuard, functions={i: fn.api_name for i, fn in demo.fns.items()},
                       checked=endpoints(pipeline.settings), max_body=serving.max_api_body_bytes,
                       echo_chars=pipeline.settings.question.echo_chars)
    app.add_middleware(Hardening)  # added last: the outermost, so the guard's answers get the headers too
    return gr.mount_gradio_app(app, demo, path="/", footer_links=["api"], show_error=False, max_file_size="1kb",
                               **page_options())


def serve(pipeline: RagPipeline, host: str = "127.0.0.1", port: int = 7860, default_top_k: int | None = None,
          api_settings: ApiSettings | None = None) -> None:
    import uvicorn

    settings = api_settings or ApiSettings.from_env()
    settings.check_host(host)  # beyond loopback, programs need a key
    # httptools and uvloop: h11's pure-Python parsing was 8% of the server's samples under load (py-spy)
    uvicorn.run(create_app(pipeline, default_top_k, settings, host), host=host, port=port, log_level="warning",
                http="httptools", loop="uvloop")
