"""The MCP server through the official MCP Python client: streamable HTTP at /mcp on the real server, and
`python -m rag mcp` over stdio."""
import os
import sys

import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.api.conftest import KEY, run_async
from tests.serving import ROOT

pytestmark = pytest.mark.server

TOOLS = {"ask", "brief", "search", "outline", "list_documents"}


async def _exercise(target) -> dict:
    """List the tools and call each one, as an assistant would."""
    async with Client(target) as c:
        out = {"tools": {t.name for t in (await c.list_tools()).tools}}
        for name, args in [("ask_zh", {"question": "秘书长说战争是不可避免的吗？"}),
                           ("ask_en", {"question": "Did the Secretary-General say war is inevitable?"}),
                           ("ask_refused", {"question": "What is the population of China?"}),
                           ("ask_empty", {"question": ""}),
                           ("ask_checked", {"question": "What is the population of China?", "check": True}),
                           ("search", {"query": "调解", "top_k": 3}),
                           ("brief", {"topic": "mediation"}),
                           ("outline", {"language": "en"}),
                           ("list_documents", {})]:
            out[name] = await c.call_tool(name.split("_")[0] if name.startswith("ask") else name, args)
        return out


def _check(out: dict) -> None:
    assert out["tools"] == TOOLS
    for key in ("ask_zh", "ask_en"):
        a = out[key].structured_content
        assert not out[key].is_error and a["status"] == "answered"
        for c in a["citations"]:
            assert c["quote"] in c["text"] and f"[{c['n']}]" in a["answer"]
    assert "战争从来都不是不可避免的" in out["ask_zh"].structured_content["answer"]
    assert out["ask_en"].structured_content["citations"][0]["translation"]["language"] == "en"
    assert out["ask_refused"].structured_content["status"] == "not_found"
    assert out["ask_empty"].is_error and "empty" in out["ask_empty"].content[0].text
    # the servers under test have no local model: a check asked for is refused, saying why
    assert out["ask_checked"].is_error and "local model" in out["ask_checked"].content[0].text
    passages = out["search"].structured_content["result"]
    assert len(passages) == 3 and all(isinstance(p["score"], float) for p in passages)
    assert out["brief"].structured_content["sections"]
    assert out["outline"].structured_content["documents"][0]["language"] == "en"
    assert out["list_documents"].structured_content["result"][0]["id"] == "S/2017/105"


def test_mcp_over_streamable_http(api_url):
    http = httpx2.AsyncClient(headers={"authorization": f"Bearer {KEY}"}, timeout=60)
    _check(run_async(_exercise(streamable_http_client(api_url + "mcp", http_client=http))))


def test_mcp_over_http_needs_the_key(api_url):
    r = httpx2.post(api_url + "mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, timeout=30)
    assert r.status_code == 401


def test_mcp_over_stdio():
    params = StdioServerParameters(command=sys.executable, args=["-m", "rag", "mcp"], cwd=str(ROOT),
                                   env={**os.environ, "RAG_BACKEND": "extractive",
                                        "RAG_LLM_MODEL_PATH": "/nonexistent/unrag-test/model.gguf"})
    _check(run_async(_exercise(params)))
