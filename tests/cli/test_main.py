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
    assert c["quote"] in c["text"] and c["label"].startswith(f"{c['document']} §{c['section']} ")
    assert {"retrieve", "answer", "total"} <= a["timings_ms"].keys()


def test_ask_batch_gives_one_line_out_for_every_line_in(run_cli):
    """Blank lines, undecodable bytes and a too-long line each get an error object in their place; the batch goes
    on, and the exit code says that some lines could not be asked."""
    stdin = ("妇女在预防冲突中可以担任什么角色？\n\nWhat is the weather in New York today?\n".encode()
             + b"\xff\xfe bad\n" + ("x" * 3000 + "\n").encode() + "war?\n".encode())
    r = run_cli("ask", "--json", "-", stdin=stdin)
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 6, r.stdout
    assert [line.get("status", "error") for line in lines] == ["answered", "error", "not_found", "error", "error",
                                                                 lines[5]["status"]]
    assert lines[5]["status"] in ("answered", "not_found")  # the line after the bad ones was still asked
    assert "empty" in lines[1]["error"] and lines[1]["line"] == 2
    assert "not UTF-8" in lines[3]["error"] and lines[3]["line"] == 4
    assert "too long" in lines[4]["error"]
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_undecodable_bytes_as_one_question_are_a_user_error(run_cli):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    r = subprocess.run([sys.executable, "-m", "rag", "ask", os.fsdecode(b"\xff\xfe bad")], capture_output=True,
                       env={**os.environ, "RAG_INDEX_DIR": run_cli.index_dir}, cwd=ROOT, timeout=180)
    assert r.returncode == 2 and b"not UTF-8" in r.stderr and b"Traceback" not in r.stderr


@pytest.mark.parametrize("env,code,message", [
    ({"RAG_TOP_K": "abc"}, 4, "RAG_TOP_K"),
    ({"RAG_FUSION_LEXICAL": "nan"}, 4, "finite"),
    ({"RAG_BACKEND": "gpt-9"}, 4, "unknown backend"),
])
def test_operator_mistakes_are_one_line_and_an_exit_code(run_cli, env, code, message):
    r = run_cli("ask", "秘书长说了什么？", env=env)
    assert r.returncode == code and message in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len([line for line in r.stderr.splitlines() if line.strip()]) == 1


def test_a_corpus_path_that_is_a_folder_exits_3(run_cli, tmp_path):
    r = run_cli("ask", "秘书长说了什么？", env={"RAG_CORPUS": str(tmp_path), "RAG_INDEX_DIR": str(tmp_path / "idx")})
    assert r.returncode == 3 and "Traceback" not in r.stderr and str(tmp_path) in r.stderr


def test_an_index_folder_that_is_a_file_exits_4_and_leaves_nothing(run_cli, tmp_path):
    target = tmp_path / "index"
    target.write_text("mine")
    r = run_cli("ask", "秘书长说了什么？", env={"RAG_INDEX_DIR": str(target)})
    assert r.returncode == 4 and "is a file" in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"] and target.read_text() == "mine"


def test_an_index_folder_of_someone_elses_files_exits_4_and_keeps_them(run_cli, tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    r = run_cli("ask", "秘书长说了什么？", env={"RAG_INDEX_DIR": str(tmp_path)})
    assert r.returncode == 4 and "did not make" in r.stderr and (tmp_path / "notes.txt").read_text() == "keep me"


def test_killed_rebuild_leaves_the_old_index_answering(run_cli, session_index, tmp_path):
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    index = tmp_path / "index"
    shutil.copytree(session_index, index)
    before = (index / "S_2017_105" / "manifest.json").read_text()
    env = {**os.environ, "RAG_INDEX_DIR": str(index)}
    proc = subprocess.Popen([sys.executable, "-m", "rag", "index", "--rebuild"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(index.glob(".S_2017_105.building-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # mid-way through embedding
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert (index / "S_2017_105" / "manifest.json").read_text() == before  # the old index is untouched
    r = run_cli("ask", "--json", "秘书长说战争是不可避免的吗？", env={"RAG_INDEX_DIR": str(index)})
    assert r.returncode == 0 and json.loads(r.stdout)["status"] == "answered"
    assert "building it now" not in r.stderr  # served as it was, no rebuild needed


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
    report = json.loads(r.stdout)
    scores = report["scores"]
    assert scores["zh"]["hit@1"] == 1.0 and scores["zh"]["facts_found"] == 1.0
    # S/2017/105 alone: its own ranking is the library's, and nothing comes from another document
    assert report["document"] == "S/2017/105" and scores["zh"]["document_hit@1"] == 1.0
    assert scores["zh"]["other_document_first"] == "0/1" and scores["all"]["answered_from_other_documents"] == "0/1"
    assert scores["en"]["refusals_right"] == "1/1" and scores["all"]["citations_verified"].split("/")[0] != "0"


def test_default_backend_without_the_local_model_says_so_in_mode(run_cli, tmp_path):
    from rag.answers.modes import AUTO_FALLBACK_MODE

    env = {"RAG_BACKEND": "auto", "RAG_LLM_MODEL_PATH": str(tmp_path / "missing.gguf")}
    r = run_cli("ask", "--json", "秘书长说战争是不可避免的吗？", env=env)
    a = json.loads(r.stdout)
    assert r.returncode == 0 and a["status"] == "answered" and a["mode"] == AUTO_FALLBACK_MODE
    assert all(c["quote"] in c["text"] for c in a["citations"])


def test_check_without_the_local_model_says_what_to_prepare(run_cli, tmp_path):
    env = {"RAG_LLM_MODEL_PATH": str(tmp_path / "missing.gguf")}
    r = run_cli("ask", "--check", "秘书长说战争是不可避免的吗？", env=env)
    assert r.returncode == 2 and not r.stdout
    assert "--check needs the local model" in r.stderr and "make setup-llm" in r.stderr


def test_a_rebuild_that_cannot_write_names_the_cause_and_leaves_no_partial_folder(run_cli, session_index, tmp_path):
    """`(ulimit -f 100; python -m rag index --rebuild)`: FAISS's write error, in one line; the old index stays."""
    import os
    import resource
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    index = tmp_path / "index"
    shutil.copytree(session_index, index)
    before = sorted(p.name for p in index.iterdir())
    manifest = (index / "S_2017_105" / "manifest.json").read_text()
    limit = 100 * 1024

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run([sys.executable, "-m", "rag", "index", "--rebuild"], env={**os.environ, "RAG_INDEX_DIR": str(index)},
                       cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=small_files)
    lines = [line for line in r.stderr.splitlines() if line.strip() and "Building index" not in line]
    assert r.returncode == 4 and "File too large" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len([line for line in lines if "error" in line]) == 1
    assert sorted(p.name for p in index.iterdir()) == before  # no .S_2017_105.building-<pid> left behind
    assert (index / "S_2017_105" / "manifest.json").read_text() == manifest  # the old index stays


def _rendered_tags(path):
    from tests.rag.brief.test_markdown import rendered

    return rendered(path.read_text(encoding="utf-8"))  # markdown-it-py with raw HTML on


def test_brief_out_writes_a_note_with_no_live_html(run_cli, tmp_path):
    """The probe's topics in one (each CLI run loads the models); tests/rag/brief/test_markdown.py has each alone."""
    from tests.rag.brief.test_markdown import NOTE_TAGS

    topic = "调解<img src=x onerror=alert(1)><script>alert(1)</script>[mediation](javascript:alert(1))"
    note = tmp_path / "note.md"
    r = run_cli("brief", topic, "--out", str(note))
    assert r.returncode == 0, r.stderr
    html = _rendered_tags(note)
    assert set(html.tags) <= NOTE_TAGS and not any("javascript:" in v for v in html.attrs), html.tags


def test_brief_out_keeps_an_existing_file_unless_forced(run_cli, tmp_path):
    mine = tmp_path / "mine.md"
    mine.write_text("my own notes")
    r = run_cli("brief", "调解", "--out", str(mine))
    assert r.returncode == 2 and "already exists" in r.stderr and "--force" in r.stderr
    assert mine.read_text() == "my own notes"
    r = run_cli("brief", "调解", "--out", str(mine), "--force")
    assert r.returncode == 0 and mine.read_text().startswith("# 简报: 调解")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md"]  # no temporary file left


def test_brief_out_never_follows_a_symbolic_link(run_cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "note.md"
    link.symlink_to(victim)
    for extra in ([], ["--force"]):
        r = run_cli("brief", "调解", "--out", str(link), *extra)
        assert r.returncode == 2 and "symbolic link" in r.stderr and "Traceback" not in r.stderr
        assert victim.read_text() == "precious" and link.is_symlink()
