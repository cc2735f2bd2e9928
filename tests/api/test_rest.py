"""The REST API (/api/v1) of the real server, through HTTP as a program calls it."""
import json

import httpx
import pytest

from tests.api.conftest import KEY, assert_verbatim

pytestmark = pytest.mark.server

CONTRACT = {"question", "language", "status", "answer", "mode", "citations", "retrieved", "timings_ms"}


def test_chinese_question_gets_verbatim_citations(http):
    r = http.post("api/v1/ask", json={"question": "秘书长说战争是不可避免的吗？"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    a = r.json()
    assert set(a) >= CONTRACT and a["status"] == "answered" and a["language"] == "zh"
    assert_verbatim(a)
    assert any("战争从来都不是不可避免的" in c["quote"] for c in a["citations"])


def test_english_question_is_answered_in_english_quoting_the_chinese(http):
    a = http.post("api/v1/ask", json={"question": "Who bears the primary responsibility for ending conflicts?",
                                      "top_k": 2}).json()
    assert a["status"] == "answered" and a["language"] == "en" and len(a["retrieved"]) == 2
    assert_verbatim(a)
    assert any("结束冲突的主要责任在国家本身" in c["quote"] for c in a["citations"])
    assert all(c["translation"]["language"] == "en" for c in a["citations"])


def test_refusal(http):
    a = http.post("api/v1/ask", json={"question": "What is the population of China?"}).json()
    assert a["status"] == "not_found" and a["citations"] == [] and a["closest"]


def test_follow_up_uses_the_history(http):
    a = http.post("api/v1/ask", json={"question": "他还说了什么？", "history": ["秘书长说战争是不可避免的吗？"]}).json()
    assert a["question"] == "他还说了什么？" and a["status"] == "answered"
    assert a["retrieval_query"] == "秘书长说战争是不可避免的吗？ 他还说了什么？"


def test_streamed_answer_is_server_sent_events(http):
    with http.stream("POST", "api/v1/ask", json={"question": "妇女在预防冲突中可以担任什么角色？", "stream": True}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events, name = [], None
        for line in r.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
    assert [e for e, _ in events] == ["delta", "answer"]
    final = events[-1][1]
    assert events[0][1]["text"] == final["answer"]
    assert_verbatim(final)


@pytest.mark.parametrize("body, status, code, words", [
    ({"question": "   "}, 400, "question_empty", "empty"),
    ({"question": "请问" * 1500}, 413, "question_too_long", "问题太长"),
    ({"question": "war " * 600}, 413, "question_too_long", "too long"),
    ({"top_k": 3}, 422, "malformed", "question"),
    ({"question": "战争", "top_k": "many"}, 422, "malformed", "请求格式不对"),
    ({"question": "秘书长说了什么？", "backend": "local"}, 503, "backend_unavailable", "不可用"),
    ({"question": "What did the Secretary-General say?", "check": True}, 503, "check_unavailable", "local model"),
    ({"question": "What did the Secretary-General say?", "documents": ["S/2099/1"]}, 404, "unknown_document", "no such"),
])
def test_errors_are_json_in_the_question_language_with_nothing_internal(http, body, status, code, words):
    r = http.post("api/v1/ask", json=body)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code and error["status"] == status
    assert words in error["message"]
    assert "Traceback" not in r.text and "/nonexistent" not in r.text and "model.gguf" not in r.text


def test_a_body_beyond_the_cap_is_refused_unread(http):
    r = http.post("api/v1/ask", content=json.dumps({"question": "x" * 100_000}),
                  headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    r = http.post("api/v1/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_the_key_is_required(api_url):
    for headers in ({}, {"authorization": "Bearer wrong-key-000000"}):
        r = httpx.post(api_url + "api/v1/ask", json={"question": "战争"}, headers=headers, timeout=30)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.headers["x-frame-options"] == "DENY"


def test_brief_outline_documents_and_schema(http):
    note = http.post("api/v1/brief", json={"topic": "调解"}).json()
    assert note["status"] == "ok" and note["sections"]
    assert all(p["quote"] and p["passage_id"] for s in note["sections"] for p in s["points"])
    outline = http.get("api/v1/outline", params={"language": "en"}).json()
    assert outline["documents"][0]["language"] == "en"
    assert http.get("api/v1/outline", params={"language": "fr"}).status_code == 404
    docs = http.get("api/v1/documents").json()["documents"]
    assert [d["id"] for d in docs] == ["S/2017/105"] and {v["language"] for v in docs[0]["versions"]} == {"zh", "en"}
    found = http.post("api/v1/search", json={"query": "调解", "top_k": 3}).json()["passages"]
    assert len(found) == 3 and found[0]["score"] >= found[-1]["score"] and found[0]["label"]
    schema = http.get("api/v1/openapi.json").json()
    assert {"/ask", "/brief", "/outline", "/documents"} <= set(schema["paths"])
    assert "AskRequest" in schema["components"]["schemas"]


def test_security_headers_and_no_cors_unless_configured(http):
    for path in ("api/v1/documents", "v1/models"):
        r = http.get(path, headers={"origin": "https://elsewhere.example"})
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in r.headers


def test_a_client_beyond_its_rate_is_told_when_to_come_back(api_url):
    """From a second loopback address (its own bucket): beyond the burst, 429 with Retry-After; others go on."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(transport=transport, base_url=api_url, timeout=30,
                      headers={"authorization": f"Bearer {KEY}"}) as flood:
        statuses = [flood.get("api/v1/health") for _ in range(230)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited and all(r.status_code in (200, 429) for r in statuses)
    assert int(limited[0].headers["retry-after"]) >= 1 and limited[0].json()["error"]["code"] == "rate_limited"
    ok = httpx.get(api_url + "api/v1/health", headers={"authorization": f"Bearer {KEY}"}, timeout=30)
    assert ok.status_code == 200
