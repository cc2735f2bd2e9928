"""Request and response bodies of the REST API, as pydantic models: they validate what comes in (422 otherwise)
and document what goes out in the OpenAPI schema (`/api/v1/openapi.json`). Answers themselves are sent as the
library made them (the JSON contract of `ask --json`), not re-validated: the models describe them.

Written by hand: the fields mirror the README's JSON contract.
"""
from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Backend = Literal["extractive", "auto", "local", "openai", "ollama"]
HistoryItem = Union[str, dict, list]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="The question, in Chinese or English (at most 2,000 characters).")
    history: Optional[Union[list[HistoryItem], str]] = Field(
        None, description="Earlier user questions (strings, chat messages {role, content}, or [user, assistant] pairs), "
                          "for follow-ups.")
    top_k: Optional[int] = Field(None, ge=1, le=30, description="How many retrieved passages to return.")
    backend: Optional[Backend] = Field(None, description="Who writes the answer; default: the server's.")
    documents: Optional[list[str]] = Field(None, description="Restrict to these document ids (e.g. S/2017/105).")
    check: Optional[bool] = Field(None, description="Have the local model check that the quoted sentences state what "
                                                    "is asked, refusing when they do not (1-3 s more); default: the "
                                                    "server's (RAG_ANSWERABILITY_LLM_CHECK).")
    stream: bool = Field(False, description="Send server-sent events: `delta` (text as it is written), then `answer`.")


class BriefRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic: str = Field(description="The topic, e.g. 调解 or 'role of the Security Council' (at most 200 characters).")
    documents: Optional[list[str]] = Field(None, description="Restrict to these document ids (e.g. S/PV.7857).")


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str
    top_k: int = Field(5, ge=1, le=30)


class Translation(BaseModel):
    model_config = ConfigDict(extra="allow")
    language: str
    quote: str
    text: str
    label: str
    provenance: str


class Citation(BaseModel):
    model_config = ConfigDict(extra="allow")
    n: int
    passage_id: str
    section: str
    section_path: list[str]
    paragraph: int
    label: str
    quote: str = Field(description="Verbatim in `text`, the authoritative original paragraph.")
    text: str
    translation: Optional[Translation] = None


class Passage(BaseModel):
    model_config = ConfigDict(extra="allow")
    passage_id: str
    section: str
    paragraph: int
    score: float
    text: str


class Answer(BaseModel):
    """The JSON contract of `python -m rag ask --json`."""
    model_config = ConfigDict(extra="allow")
    question: str
    language: Literal["zh", "en"]
    status: Literal["answered", "not_found"]
    answer: str = Field(description="The answer, each claim followed by its [n] marker.")
    mode: str
    citations: list[Citation]
    retrieved: list[Passage]
    timings_ms: dict[str, float]
    notice: Optional[str] = None


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str = Field(description="For the person asking, in the question's language.")
    type: str
    param: Optional[str] = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class DocumentInfo(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    date: str
    language: str
    passages: int
    versions: list[dict]


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class SearchResult(BaseModel):
    passages: list[Passage]


ERRORS = {status: {"model": ErrorBody} for status in (400, 401, 404, 413, 422, 429, 503)}
