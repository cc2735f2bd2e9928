"""The command line as a user runs it: JSON contract, batch mode, outline, eval, exit codes."""
import json

import pytest

pytestmark = pytest.mark.slow
KEYS = {"question", "language", "status", "answer", "mode", "citations", "retrieved", "timings_ms"}


def test_ask_json_contract(run_cli):
    r = run_cli("ask", "--json", "Did the Secretary-General say war is inevitable?")
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert KEYS <= a.keys() and a["status"] == "answered" and a["mode"] == "extractive"
    c = a["citations"][0]
    assert {"n", "passage_id", "section", "section_path", "paragraph", "label", "quote", "text"} <= c.keys()
    assert c["quote"] in c["text"] and c["label"].startswith(f"§{c['section']} ")
    assert {"retrieve", "answer", "total"} <= a["timings_ms"].keys()


def test_ask_batch_from_stdin_keeps_order_and_reports_bad_lines(run_cli):
    r = run_cli("ask", "--json", "-", stdin="妇女在预防冲突中可以担任什么角色？\n\nWhat is the weather in New York today?\n" + "x" * 3000 + "\n")
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [line.get("status", "error") for line in lines] == ["answered", "not_found", "error"]
    assert "too long" in lines[2]["error"]
    assert r.returncode == 2  # one line could not be asked


def test_plain_output_lists_sources(run_cli):
    r = run_cli("ask", "秘书长说战争是不可避免的吗？")
    assert r.returncode == 0
    assert "Sources:" in r.stdout and "§2 秘书长对前景的设想 ¶4" in r.stdout


def test_empty_question_exit_code_and_no_traceback(run_cli):
    r = run_cli("ask", "  ")
    assert r.returncode == 2 and "empty" in r.stderr and "Traceback" not in r.stderr


def test_outline_json_ids_match_passage_ids(run_cli, pipeline):
    r = run_cli("outline", "--json")
    doc = json.loads(r.stdout)["documents"][0]
    ids = []

    def walk(sections):
        for s in sections:
            ids.extend(p["id"] for p in s["paragraphs"])
            walk(s["sections"])

    walk(doc["sections"])
    assert ids == [p.id for p in pipeline.document.passages()]
    assert doc["id"] == "S/2017/105" and doc["date"] == "2017-01-31"


def test_corpus_that_is_not_utf8_exits_3_with_a_message(run_cli, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = run_cli("ask", "秘书长说了什么？", env={"RAG_CORPUS": str(bad), "RAG_INDEX_DIR": str(tmp_path / "idx")})
    assert r.returncode == 3 and "not UTF-8" in r.stderr and "Traceback" not in r.stderr


def test_eval_prints_scores_per_language(run_cli, tmp_path):
    qs = tmp_path / "q.jsonl"
    qs.write_text('{"id":"a","lang":"zh","question":"秘书长说战争是不可避免的吗？","answerable":true,'
                  '"gold":["战争从来都不是不可避免的"],"answer_all":[["不可避免"]]}\n'
                  '{"id":"b","lang":"en","question":"What is the weather in New York today?","answerable":false}\n',
                  encoding="utf-8")
    r = run_cli("eval", str(qs), "--json")
    scores = json.loads(r.stdout)["scores"]
    assert scores["zh"]["hit@1"] == 1.0 and scores["zh"]["facts_found"] == 1.0
    assert scores["en"]["refusals_right"] == "1/1" and scores["all"]["citations_verified"].split("/")[0] != "0"


def test_default_backend_without_the_local_model_says_so_in_mode(run_cli, tmp_path):
    from rag.llm import AUTO_FALLBACK_MODE

    env = {"RAG_BACKEND": "auto", "RAG_LLM_MODEL_PATH": str(tmp_path / "missing.gguf")}
    r = run_cli("ask", "--json", "秘书长说战争是不可避免的吗？", env=env)
    a = json.loads(r.stdout)
    assert r.returncode == 0 and a["status"] == "answered" and a["mode"] == AUTO_FALLBACK_MODE
    assert all(c["quote"] in c["text"] for c in a["citations"])
