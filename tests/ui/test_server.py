"""The real server (`python -m rag serve`), called through gradio_client's `ask` endpoint."""
import pytest

pytestmark = pytest.mark.server


def _verbatim(answer: dict) -> None:
    assert answer["citations"], answer
    for c in answer["citations"]:
        assert c["quote"] and c["quote"] in c["text"], c
        assert f"[{c['n']}]" in answer["answer"]
        assert c["passage_id"].startswith("S_2017_105:")


def test_chinese_question(client):
    a = client.predict("秘书长说战争是不可避免的吗？", api_name="/ask")
    assert a["status"] == "answered" and a["language"] == "zh"
    _verbatim(a)
    assert any("战争从来都不是不可避免的" in c["quote"] for c in a["citations"])
    assert a["citations"][0]["label"].startswith("§2 ")
    assert set(a) >= {"question", "language", "status", "answer", "mode", "citations", "retrieved", "timings_ms"}


def test_english_question(client):
    a = client.predict("Who bears the primary responsibility for ending conflicts?", api_name="/ask")
    assert a["status"] == "answered" and a["language"] == "en"
    _verbatim(a)
    assert any("结束冲突的主要责任在国家本身" in c["quote"] for c in a["citations"])


def test_unanswerable_question(client):
    a = client.predict("What is the population of China?", api_name="/ask")
    assert a["status"] == "not_found"
    assert a["citations"] == []


def test_followup_uses_the_history(client):
    a = client.predict("他还说了什么？", '["秘书长说战争是不可避免的吗？"]', 3, api_name="/ask")
    assert a["status"] == "answered" and a["question"] == "他还说了什么？"
    assert a["retrieval_query"] == "秘书长说战争是不可避免的吗？ 他还说了什么？"
    assert len(a["retrieved"]) == 3
    _verbatim(a)


def test_bad_questions_get_a_friendly_error_and_the_server_keeps_serving(client):
    empty = client.predict("", api_name="/ask")
    assert "empty" in empty["error"]
    long = client.predict("x" * 100_000, api_name="/ask")
    assert "too long" in long["error"]
    again = client.predict("Did the Secretary-General say war is inevitable?", api_name="/ask")
    assert again["status"] == "answered"
