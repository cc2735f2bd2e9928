"""An OpenAI-compatible chat endpoint, mounted at `/v1`: `POST /v1/chat/completions` (streaming and not) and
`GET /v1/models`, so that any OpenAI SDK or chat front end can ask about the document.

- The last user message is the question; earlier user messages are the history (for follow-ups).
- `choices[0].message.content` is the cited answer with its `[n]` markers (a refusal says the document does not).
- The citations travel in an extra top-level field, `citations`: [{n, document, label, quote, passage_id, translation?}]
  (`quote` verbatim in the original), and `rag` carries {status, language, mode, question}; in a stream both
  come in the final chunk (the one with `finish_reason: "stop"`). OpenAI's Python client keeps them:
  `completion.citations` (or `completion.model_extra["citations"]`).
- Models: `unrag` (the server's answers), `unrag-extractive` (quoted) and `unrag-local` (the local LLM, when it
  is prepared; else 503). `temperature`, `max_tokens` and other sampling fields are accepted and ignored.
- Extensions in the body (OpenAI's Python client: `extra_body={...}`), as in the REST API's `/ask`: `top_k`,
  `documents` (the symbols to search; an unknown one is a 404) and `check` (the local model checks the answer;
  503 `check_unavailable` without it).
- Streamed content is the verified answer, sent in pieces once it is known (a generated answer is checked
  sentence by sentence before any of it is sent, so nothing unverified reaches the client).

Written by hand: the response shapes follow OpenAI's chat-completion objects; no library maps RAG answers to them.
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any, AsyncIterator, Literal, Optional, Union

from fastapi import FastAPI
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from api import errors, library
from api.answering import AnsweringPool
from api.errors import ApiError
from api.rest import failure

MODELS = {"unrag": None, "unrag-extractive": "extractive", "unrag-local": "local"}
CHUNK_CHARS = 24


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: Optional[Union[str, list[dict]]] = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = "unrag"
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    top_k: Optional[int] = Field(None, ge=1, le=30, description="Passages to retrieve (an extension).")
    documents: Optional[list[str]] = Field(None, description="Restrict to these document ids (an extension).")
    check: Optional[bool] = Field(None, description="Have the local model check the answer (an extension).")


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def question_and_history(req: ChatRequest) -> tuple[str, list[str]]:
    users = [_text(m.content) for m in req.messages if m.role == "user"]
    if not users:
        return "", []
    return users[-1], users[:-1]


def citations(answer: dict) -> list[dict]:
    keep = ("n", "document", "label", "quote", "passage_id", "translation")
    return [{k: c[k] for k in keep if k in c} for c in answer.get("citations", [])]


def rag_fields(answer: dict) -> dict:
    return {"citations": citations(answer),
            "rag": {k: answer.get(k) for k in ("status", "language", "mode", "question")}}


def _usage(question: str, answer: str) -> dict:
    prompt, completion = len(question), len(answer)  # characters: there is no tokenizer to count with
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def completion(model: str, question: str, answer: dict) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer["answer"]},
                         "finish_reason": "stop", "logprobs": None}],
            "usage": _usage(question, answer["answer"]), **rag_fields(answer)}


def _chunk(ident: str, model: str, delta: dict, finish: str | None = None, **extra: Any) -> str:
    body = {"id": ident, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


async def chunks(pipeline, pool: AnsweringPool, req: ChatRequest, question: str, history: list[str]) -> AsyncIterator[str]:
    ident = f"chatcmpl-{uuid.uuid4().hex}"
    yield _chunk(ident, req.model, {"role": "assistant", "content": ""})
    try:
        answer = await pool.run(library.ask, pipeline, question, history, req.top_k, MODELS[req.model],
                                req.documents, req.check)
    except Exception as e:  # the stream has started: an error object, as OpenAI's servers send it
        yield f"data: {json.dumps(failure(pipeline, e, question).body(), ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"
        return
    text = answer["answer"]
    for start in range(0, len(text), CHUNK_CHARS):
        yield _chunk(ident, req.model, {"content": text[start:start + CHUNK_CHARS]})
    yield _chunk(ident, req.model, {}, "stop", **rag_fields(answer))
    yield "data: [DONE]\n\n"


def build_openai(pipeline, pool: AnsweringPool) -> FastAPI:
    app = FastAPI(title="S/2017/105 cited Q&A — OpenAI-compatible", version="1", openapi_url="/openapi.json",
                  docs_url=None, redoc_url=None)
    errors.install(app)

    @app.get("/models")
    async def models():
        created = int(time.time())
        return {"object": "list", "data": [{"id": m, "object": "model", "created": created, "owned_by": "unrag"}
                                           for m in MODELS]}

    @app.post("/chat/completions")
    async def chat(req: ChatRequest):
        question, history = question_and_history(req)
        lang = library.language_of(question[:200])
        if req.model not in MODELS:
            raise ApiError(404, "unknown_model", lang, model=req.model[:60])
        if library.question_problem(pipeline, question):
            raise errors.question_error(pipeline, question)
        if req.stream:
            return StreamingResponse(chunks(pipeline, pool, req, question, history), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        try:
            answer = await pool.run(library.ask, pipeline, question, history, req.top_k, MODELS[req.model],
                                    req.documents, req.check)
        except Exception as e:
            raise failure(pipeline, e, question) from None
        return JSONResponse(completion(req.model, question, answer))

    return app
