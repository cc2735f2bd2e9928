"""The REST API, mounted at `/api/v1` (schema at `/api/v1/openapi.json`):

    POST /api/v1/ask        {question, history?, top_k?, backend?, documents?, stream?} -> the `ask --json` contract
                            (stream: server-sent events `delta`, then `answer`, or `error`)
    POST /api/v1/brief      {topic} -> a cited briefing note
    POST /api/v1/search     {query, top_k?} -> passages with scores
    GET  /api/v1/outline    ?language=zh|en -> the document's structure
    GET  /api/v1/documents  -> the documents this server answers about
    GET  /api/v1/health     -> {"status": "ok"}

Questions are answered on the answering pool (api/answering.py), first come, first served.

Written by hand: FastAPI routes over api/library.py; errors as api/errors.py shapes them.
"""
from __future__ import annotations

import json
import logging
from typing import Any, AsyncIterator

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse
from sse_starlette.sse import EventSourceResponse

from api import errors, library, schemas
from api.answering import AnsweringPool, ServerFull
from api.errors import ApiError

log = logging.getLogger(__name__)


def failure(pipeline, exc: BaseException, question: Any = "") -> ApiError:
    """The API error for an exception raised while answering."""
    lang = library.language_of(question[:200] if isinstance(question, str) else "")
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, library.QuestionError):
        return errors.question_error(pipeline, question)
    if isinstance(exc, library.TopicError):
        return ApiError(400, "topic_invalid", lang)
    if isinstance(exc, library.CheckUnavailable):
        log.warning("answer check unavailable: %s", exc)
        return ApiError(503, "check_unavailable", lang)
    if isinstance(exc, library.BackendUnavailable):
        log.warning("backend unavailable: %s", exc)
        return ApiError(503, "backend_unavailable", lang)
    if isinstance(exc, library.UnknownDocument):
        return ApiError(404, "unknown_document", lang)
    if isinstance(exc, ServerFull):
        return ApiError(429, "server_full", lang, headers={"Retry-After": "1"})
    log.error("answering failed", exc_info=exc)
    return ApiError(500, "internal", lang)


async def answer_events(pipeline, pool: AnsweringPool, req: schemas.AskRequest) -> AsyncIterator[dict]:
    """Server-sent events of one streamed answer: `delta` {text}, then `answer` (the contract) or `error`."""
    written = False
    try:
        async for item in pool.iterate(lambda: library.stream(pipeline, req.question, req.history, req.top_k,
                                                              req.backend, req.documents, req.check)):
            if isinstance(item, str):
                written = True
                yield {"event": "delta", "data": json.dumps({"text": item}, ensure_ascii=False)}
            else:
                if not written:  # quoted answers come whole: one delta with the answer's text
                    yield {"event": "delta", "data": json.dumps({"text": item["answer"]}, ensure_ascii=False)}
                yield {"event": "answer", "data": json.dumps(item, ensure_ascii=False)}
    except Exception as e:  # the stream has started: the error is its last event
        yield {"event": "error", "data": json.dumps(failure(pipeline, e, req.question).body(), ensure_ascii=False)}


def build_rest(pipeline, pool: AnsweringPool) -> FastAPI:
    app = FastAPI(title="S/2017/105 cited Q&A — REST API", version="1", openapi_url="/openapi.json",
                  docs_url=None, redoc_url=None,
                  description="Cited answers about UN Security Council documents, in Chinese and English. Every "
                              "error is {error: {status, code, message, type}}, the message in the question's language.")
    errors.install(app)

    @app.post("/ask", response_model=schemas.Answer, responses=schemas.ERRORS,
              summary="Answer a question with verbatim citations")
    async def ask(req: schemas.AskRequest):
        if library.question_problem(pipeline, req.question):
            raise errors.question_error(pipeline, req.question)
        if req.stream:
            pool_check(pool, req.question)
            return EventSourceResponse(answer_events(pipeline, pool, req), ping=15)
        try:
            answer = await pool.run(library.ask, pipeline, req.question, req.history, req.top_k, req.backend,
                                    req.documents, req.check)
        except Exception as e:
            raise failure(pipeline, e, req.question) from None
        return JSONResponse(answer)

    @app.post("/brief", responses=schemas.ERRORS, summary="A cited briefing note on a topic")
    async def brief(req: schemas.BriefRequest):
        try:
            return JSONResponse(await pool.run(library.brief, pipeline, req.topic, req.documents))
        except Exception as e:
            raise failure(pipeline, e, req.topic) from None

    @app.post("/search", response_model=schemas.SearchResult, responses=schemas.ERRORS,
              summary="The passages that best match a query, with scores")
    async def search(req: schemas.SearchRequest):
        if library.question_problem(pipeline, req.query):
            raise errors.question_error(pipeline, req.query)
        try:
            return JSONResponse({"passages": await pool.run(library.search, pipeline, req.query, req.top_k)})
        except Exception as e:
            raise failure(pipeline, e, req.query) from None

    @app.get("/outline", responses=schemas.ERRORS, summary="The document's structure in one language version")
    async def outline(language: str | None = Query(None, pattern="^[a-z]{2}$")):
        try:
            return JSONResponse(library.outline(pipeline, language))
        except Exception as e:
            raise failure(pipeline, e) from None

    @app.get("/documents", response_model=schemas.DocumentList, summary="The documents this server answers about")
    async def documents():
        return JSONResponse({"documents": library.list_documents(pipeline)})

    @app.get("/health", summary="Ready to answer")
    async def health():
        return {"status": "ok", "pending": pool.pending}

    return app


def pool_check(pool: AnsweringPool, question: str) -> None:
    """Refuse a stream up front when the pool is full (a started stream can only end with an error event)."""
    if pool.full:
        raise ApiError(429, "server_full", library.language_of(question[:200]), headers={"Retry-After": "1"})
