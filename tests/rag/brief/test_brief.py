"""Briefing lookups (issue 5): JSON shape, coverage on tests/rag/brief/topics.jsonl, unaddressed topics, Markdown."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag import brief as briefing
from rag.brief.evaluate import evaluate_topics, load_topics
from rag.config import PROJECT_ROOT

pytestmark = pytest.mark.slow

TOPICS = Path(__file__).with_name("topics.jsonl")
# Measured with the committed selection rule: recall 1.0 and off-topic share 0.038 (2 of 53 points) on the 14
# addressed topics. The bars leave room for retrieval tuning elsewhere without hiding a real regression.
MIN_RECALL = 0.9
MAX_OFF_TOPIC = 0.15


@pytest.fixture(scope="module")
def pipeline():
    from rag.config import Settings
    from rag.pipeline import RagPipeline

    p = RagPipeline(Settings.from_env())
    p.warm_up()
    return p


@pytest.fixture(scope="module")
def report(pipeline):
    return evaluate_topics(pipeline, load_topics(TOPICS), verbose=False)


def test_topics_file_is_well_formed(pipeline):
    ids = {p.id for p in pipeline.document.passages()}
    rows = load_topics(TOPICS)
    assert len(rows) >= 12
    langs = {"zh" if any("\u4e00" <= c <= "\u9fff" for c in r["topic"]) else "en" for r in rows}
    assert langs == {"zh", "en"}
    for r in rows:
        for pid in r.get("must", []) + r.get("related", []):
            assert pid in ids, (r["topic"], pid)
        assert r.get("must") or r.get("addressed") is False


def test_json_shape(pipeline):
    note = briefing.brief(pipeline, "调解")
    d = json.loads(json.dumps(briefing.to_dict(note), ensure_ascii=False))
    assert d["topic"] == "调解"
    assert d["status"] == "ok"
    assert d["document"] == {"id": "S/2017/105", "title": pipeline.document.title, "date": pipeline.document.date}
    assert d["sections"], d
    texts = {p.id: p.text for p in pipeline.document.passages()}
    order = [s.number for s in pipeline.document.walk()]
    assert [s["section"] for s in d["sections"]] == sorted((s["section"] for s in d["sections"]), key=order.index)
    for s in d["sections"]:
        assert set(s) == {"document", "section", "title", "points"} and s["points"] and s["document"] == "S/2017/105"
        for p in s["points"]:
            assert set(p) == {"text", "quote", "passage_id", "label"}
            assert p["quote"] in texts[p["passage_id"]]  # verbatim
            assert p["passage_id"].split(":")[1] == s["section"]
            assert p["label"].startswith(f"S/2017/105 §{s['section']} ")
    found = {p["passage_id"] for s in d["sections"] for p in s["points"]}
    assert {"S_2017_105:2:3", "S_2017_105:4.2:1", "S_2017_105:4.3:2"} <= found


def test_security_council_role_covers_both_subsections(pipeline):
    for topic in ("role of the Security Council", "安全理事会的作用"):
        sections = {s.section for s in briefing.brief(pipeline, topic).sections}
        assert {"3.3", "4.2"} <= sections, (topic, sections)


def test_coverage_on_topics(report):
    assert report["false_refusals"] == 0, report["per_topic"]
    assert report["recall"] >= MIN_RECALL, report["per_topic"]
    assert report["off_topic_share"] <= MAX_OFF_TOPIC, report["per_topic"]
    right, total = map(int, report["refusals_right"].split("/"))
    assert right == total, report["per_topic"]


@pytest.mark.parametrize("topic", ["nuclear weapons", "网络安全"])
def test_unaddressed_topic(pipeline, topic):
    note = briefing.brief(pipeline, topic)
    assert not note.addressed
    assert note.sections == () and note.points == []
    d = briefing.to_dict(note)
    assert d["status"] == "not_addressed" and d["sections"] == []
    assert d["message"] == briefing.NOT_ADDRESSED[note.language]
    md = briefing.to_markdown(note)
    assert briefing.NOT_ADDRESSED[note.language] in md and "## " not in md and "S_2017_105:" not in md


def test_markdown_export(pipeline):
    note = briefing.brief(pipeline, "women")
    md = briefing.to_markdown(note)
    assert md.startswith("# Briefing note: women\n")
    assert "S/2017/105" in md and pipeline.document.date in md
    for s in note.sections:
        assert f"## §{s.section} {s.title}" in md
        for p in s.points:
            # an English note quotes the English version, with the authoritative Chinese sentence under it
            assert p.translation is not None and p.translation.language == "en"
            assert f"“{p.text}”" in md and p.quote in md and p.translation.label in md and p.passage_id in md
    assert "ensuring the participation of women and girls" in md and "确保妇女和女孩的参与" in md
    assert "Unofficial English translation" in md


def test_empty_topic_is_an_error(pipeline):
    with pytest.raises(briefing.TopicError):
        briefing.brief(pipeline, "   ")


def test_cli_writes_markdown(tmp_path):
    out = tmp_path / "note.md"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "rag", "brief", "mediation", "--format", "json", "--out", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    d = json.loads(proc.stdout)
    assert d["topic"] == "mediation" and d["sections"]
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Briefing note: mediation") and "S_2017_105:4.2:1" in md
