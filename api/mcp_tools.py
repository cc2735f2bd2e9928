"""The MCP server (official `mcp` SDK; its FastMCP is `MCPServer` since mcp 2): tools `ask`, `brief`, `search`,
`outline` and `list_documents` over one pipeline, served over stdio (`python -m rag mcp`) and as streamable HTTP
at `/mcp` on the running server (ui/server.py mounts it).

Every tool returns the library's dicts as structured content (and the same as JSON text); `ask` returns the JSON
contract of `ask --json`, citations and all. A question that cannot be asked is a tool error whose message is in
the question's language.

Written by hand: tool functions over api/library.py; questions are answered on the same first-come-first-served
pool as the REST API.
"""
from __future__ import annotations

import logging
from typing import Any, Literal, Optional

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from api import library
from api.answering import AnsweringPool
from api.rest import failure

log = logging.getLogger(__name__)

INSTRUCTIONS = ("Cited question answering over UN Security Council document S/2017/105 (Chinese, with an English "
                "version). Use `ask` for a question (answers quote the document, each claim with [n] and a citation "
                "whose `quote` is verbatim), `brief` for everything the document says on a topic, `search` for "
                "passages with scores, `outline` for the structure.")


def build_mcp(pipeline, pool: AnsweringPool) -> MCPServer:
    server = MCPServer(name="unrag", instructions=INSTRUCTIONS, log_level="WARNING")

    async def call(fn, *args, text: str = "") -> Any:
        try:
            return await pool.run(fn, pipeline, *args)
        except Exception as e:
            raise ToolError(failure(pipeline, e, text).body()["error"]["message"]) from None

    @server.tool(description="Answer a question about the document, in its language (Chinese or English), with "
                             "verbatim citations. `history`: earlier user questions, for follow-ups; "
                             "`documents`: the symbols to search (see list_documents; default all); `check`: "
                             "have the local model check that the quoted sentences state what is asked.")
    async def ask(question: str, history: Optional[list[str]] = None, top_k: Optional[int] = None,
                  backend: Optional[Literal["extractive", "auto", "local", "openai", "ollama"]] = None,
                  documents: Optional[list[str]] = None, check: Optional[bool] = None) -> dict[str, Any]:
        return await call(library.ask, question, history, top_k, backend, documents, check, text=question)

    @server.tool(description="A cited briefing note: every place the documents treat a topic, by document and "
                             "section. `documents`: the symbols to search (default all).")
    async def brief(topic: str, documents: Optional[list[str]] = None) -> dict[str, Any]:
        return await call(library.brief, topic, documents, text=topic)

    @server.tool(description="The passages that best match a query, best first, with their fused scores.")
    async def search(query: str, top_k: int = 5) -> list[dict[str, Any]]:
        return await call(library.search, query, max(1, min(top_k, 30)), text=query)

    @server.tool(description="The document's structure (letter, annex sections, paragraphs with ids) in a language "
                             "version: zh (the authoritative original) or en.")
    async def outline(language: Optional[Literal["zh", "en"]] = None) -> dict[str, Any]:
        return await call(library.outline, language)

    @server.tool(description="The documents this server answers about, with their language versions.")
    async def list_documents() -> list[dict[str, Any]]:
        return await call(library.list_documents)

    return server
