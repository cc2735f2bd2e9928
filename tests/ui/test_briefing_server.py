"""The real server's `brief` endpoint, called through gradio_client."""
import pytest

pytestmark = pytest.mark.server


def test_brief_returns_a_cited_note_grouped_by_section(client):
    note = client.predict("调解", api_name="/brief")
    assert note["topic"] == "调解" and note["status"] == "ok"
    assert note["document"]["id"] == "S/2017/105"
    sections = note["sections"]
    assert len(sections) >= 2
    assert len({s["section"] for s in sections}) == len(sections)
    for s in sections:
        assert set(s) >= {"section", "title", "points"} and s["points"]
        for p in s["points"]:
            assert set(p) >= {"text", "quote", "passage_id", "label"}
            assert p["passage_id"].startswith(f"S_2017_105:{s['section']}:")
            assert p["label"].startswith(f"S/2017/105 §{s['section']} ") and "¶" in p["label"]  # issue 19: document, then unit
    assert any("调解" in p["quote"] for s in sections for p in s["points"])


@pytest.mark.parametrize("topic", ["核武器", "nuclear weapons"])
def test_a_topic_the_document_does_not_address_has_no_sections(client, topic):
    note = client.predict(topic, api_name="/brief")
    assert note["status"] == "not_addressed"
    assert note["sections"] == []
    assert note["message"]


def test_a_bad_topic_gets_an_error_and_the_server_keeps_serving(client):
    empty = client.predict("", api_name="/brief")
    assert "empty" in empty["error"] and empty["topic"] == ""
    long = client.predict("x" * 5_000, api_name="/brief")
    assert "too long" in long["error"]
    again = client.predict("role of the Security Council", api_name="/brief")
    assert again["status"] == "ok" and again["sections"]
