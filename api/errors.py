"""API errors: one JSON shape for every failure, in the question's language, with nothing internal in it.

    {"error": {"status": 413, "code": "question_too_long", "message": "问题太长…", "type": "invalid_request_error"}}

The shape is OpenAI's (`error.message`, `error.type`, `error.code`), so OpenAI clients raise their usual
exceptions (BadRequestError, RateLimitError, …) with our message. Details go to the server's log, never here.

Written by hand: a table of messages in Chinese and English; FastAPI has no localised errors.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api import library

log = logging.getLogger(__name__)

MESSAGES: dict[str, dict[str, str]] = {
    "question_empty": {"zh": "请输入问题（问题是空的）。", "en": "Please type a question (the question was empty)."},
    "question_too_long": {"zh": "问题太长（{chars:,} 个字符，上限 {limit:,}）。请一次只问一点。",
                          "en": "The question is too long ({chars:,} characters; the limit is {limit:,}). "
                                "Ask about one point at a time."},
    "question_not_text": {"zh": "问题必须是 UTF-8 文本。", "en": "The question must be UTF-8 text."},
    "topic_invalid": {"zh": "主题为空或太长（上限 200 个字符）。", "en": "The topic is empty or too long (at most 200 characters)."},
    "malformed": {"zh": "请求格式不对：{detail}", "en": "The request is malformed: {detail}"},
    "body_too_large": {"zh": "请求太大（上限 {limit:,} 字节）。", "en": "The request body is too large (at most {limit:,} bytes)."},
    "rate_limited": {"zh": "请求太频繁，请 {retry} 秒后再试。", "en": "Too many requests; try again in {retry} s."},
    "server_full": {"zh": "服务器正忙，请稍后再试。", "en": "The server is busy; try again shortly."},
    "backend_unavailable": {"zh": "所选的回答模型在此服务器上不可用。", "en": "The chosen answer model is not available on this server."},
    "check_unavailable": {"zh": "此服务器没有本地模型，无法检查回答。",
                          "en": "The answer check needs the local model, which this server does not have."},
    "unknown_document": {"zh": "此服务器没有这份文件或语言版本。", "en": "This server holds no such document or language version."},
    "unknown_model": {"zh": "没有这个模型：{model}。", "en": "No such model: {model}."},
    "unauthorized": {"zh": "需要有效的 API 密钥（Authorization: Bearer …）。",
                     "en": "A valid API key is required (Authorization: Bearer …)."},
    "internal": {"zh": "回答时出了问题，请再试一次。", "en": "Something went wrong while answering. Please try again."},
}
TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
         413: "invalid_request_error", 422: "invalid_request_error", 429: "rate_limit_error",
         503: "service_unavailable", 500: "server_error"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, language: str = "en", headers: dict | None = None, **fmt: Any):
        super().__init__(code)
        self.status, self.code, self.language, self.headers, self.fmt = status, code, language, headers or {}, fmt

    def body(self) -> dict:
        lang = self.language if self.language in ("zh", "en") else "en"
        message = MESSAGES[self.code][lang].format(**self.fmt)
        return {"error": {"status": self.status, "code": self.code, "message": message,
                          "type": TYPES.get(self.status, "error"), "param": None}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def error_bytes(status: int, code: str, language: str = "en", **fmt: Any) -> bytes:
    """The body of an error sent by the ASGI guard (before FastAPI sees the request)."""
    return json.dumps(ApiError(status, code, language, **fmt).body(), ensure_ascii=False).encode()


def question_error(pipeline, question: Any) -> ApiError:
    """The error for a question the library refused (empty, too long, not text)."""
    text = question if isinstance(question, str) else ""
    lang = library.language_of(text[:200])
    problem = library.question_problem(pipeline, question) or "not_text"
    if problem == "empty":
        return ApiError(400, "question_empty", lang)
    if problem == "too_long":
        return ApiError(413, "question_too_long", lang, chars=len(" ".join(text.split())),
                        limit=library.max_chars(pipeline))
    return ApiError(400, "question_not_text", lang)


def _body_language(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("question", "topic", "query"):
            if isinstance(body.get(key), str):
                return library.language_of(body[key][:200])
        messages = body.get("messages")
        if isinstance(messages, list) and messages and isinstance(messages[-1], dict):
            content = messages[-1].get("content")
            if isinstance(content, str):
                return library.language_of(content[:200])
    return "en"


async def validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    detail = f"{where}: {first.get('msg', 'invalid')}"[:200]
    return ApiError(422, "malformed", _body_language(exc.body), detail=detail).response()


async def api_error_handler(request: Request, exc: ApiError) -> JSONResponse:
    return exc.response()


async def unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    log.exception("API request failed: %s %s", request.method, request.url.path)
    return ApiError(500, "internal").response()


def install(app) -> None:
    """Register the handlers on a FastAPI (sub-)application."""
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(Exception, unexpected_handler)
