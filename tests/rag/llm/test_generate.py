"""The generative answerer with deterministic fake chat models: markers, verification, fallbacks, refusal, stream."""
from __future__ import annotations

import time
from dataclasses import replace

from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from llm_data import FRAGMENTED, P1, P2, make_retrieval, Staged, generative, composer_for
from rag.llm.prompt import build_messages, excerpt
from rag.types import Answer
from tests.tuning import tune

ZH_Q = "这次公开辩论是哪一天举行的？"


def answerer(settings, *responses, **kw) -> Staged:
    """The answerer over the three hand-made passages as sources [1]-[3] (one source per passage)."""
    settings = tune(settings, **({"llm_sources": "passages"} | kw.pop("with_settings", {})))
    return generative(settings, "openai", chat_model=FakeListChatModel(responses=list(responses)), **kw)


class Boom(FakeListChatModel):
    def _call(self, *a, **kw):
        raise ConnectionError("connection refused")

    def _stream(self, *a, **kw):
        raise ConnectionError("connection refused")
        yield


def test_valid_answer_is_verified_and_renumbered(settings):
    a = answerer(settings, "公开辩论于 2017 年 1 月 10 日举行。[1] 秘书长强调确保妇女和女孩的参与。[2]").answer(make_retrieval(ZH_Q))
    assert a.status == "answered" and a.mode == "openai" and not a.notice
    assert [c.passage for c in a.citations] == [P1, P2]
    assert all(c.quote in c.passage.text for c in a.citations)
    assert a.answer.endswith("[2]") and "[1]" in a.answer
    d = a.to_dict()
    assert [v["supported"] for v in d["verified"]] == [True, True]
    assert d["answer_language"] == "zh" and d["generated"].startswith("公开辩论")


def test_invalid_marker_is_dropped(settings):
    a = answerer(settings, "公开辩论于 2017 年 1 月 10 日举行。[1][9]").answer(make_retrieval(ZH_Q))
    assert a.status == "answered" and "[9]" not in a.answer and len(a.citations) == 1
    assert a.generation.verified[0].invalid_markers == (9,)


def test_unsupported_sentence_is_removed_with_notice(settings):
    a = answerer(settings, "公开辩论于 2017 年 1 月 10 日举行。[1] 斯德哥尔摩是瑞典的首都。[1]").answer(make_retrieval(ZH_Q))
    assert a.status == "answered" and "斯德哥尔摩" not in a.answer
    assert [v.supported for v in a.generation.verified] == [True, False]
    assert "1" in a.notice


def test_nothing_verifiable_falls_back_to_extractive(settings):
    a = answerer(settings, "预防冲突需要更多资金和更好的协调。[1][2][3]").answer(make_retrieval(ZH_Q))
    assert a.mode == "extractive (fallback from openai)" and a.fallback.kind == "unverified" and a.notice
    assert a.citations and all(c.quote in c.passage.text for c in a.citations)
    assert a.generation.verified[0].supported is False


def test_wrong_language_falls_back(settings):
    a = answerer(settings, "The debate was held on 10 January 2017 [1].").answer(make_retrieval(ZH_Q))
    assert a.mode == "extractive (fallback from openai)" and a.fallback.kind == "language"


def test_english_question_gets_english_answer(settings):
    def embed(texts):
        return [[1.0, 0.0] if ("Sweden" in t or "瑞典" in t) else [0.0, 1.0] for t in texts]

    q = "Which country organised the debate?"
    a = answerer(settings, "The debate was organised by Sweden, the Council president in January [1].", embed=embed).answer(
        make_retrieval(q))
    assert a.status == "answered" and a.language == "en" and a.generation.answer_language == "en"
    assert a.citations[0].passage == P1 and "瑞典" in a.citations[0].quote


def test_model_saying_not_found_gives_not_found(settings):
    a = answerer(settings, "资料中没有提到这一点。").answer(make_retrieval("谁批准了辩论的预算？"))
    assert a.status == "not_found" and a.answer == "资料中没有提到这一点。" and not a.citations


def test_refusal_happens_before_generation(settings):
    model = FakeListChatModel(responses=["Stockholm is the capital of Sweden [1].", "SPARE"])  # `i` counts calls
    g = generative(settings, "openai", chat_model=model)
    a = g.answer(make_retrieval("What is the capital of Sweden?", matched_words=[], best_cooccurrence=0))
    assert a.status == "not_found" and "Stockholm" not in a.answer and model.i == 0
    a = g.answer(make_retrieval("冈比亚代表说了什么？", unknown_names=["冈比亚"]))
    assert a.status == "not_found" and "冈比亚" in a.answer and model.i == 0


def test_stream_yields_chunks_then_final_answer(settings):
    g = generative(settings, "ollama", chat_model=GenericFakeChatModel(
        messages=iter([AIMessage("公开辩论于 2017 年 1 月 10 日举行。[1]")])))
    items = list(g.stream(make_retrieval(ZH_Q)))
    chunks, final = items[:-1], items[-1]
    assert len(chunks) > 1 and all(isinstance(c, str) for c in chunks)
    assert "".join(chunks) == "公开辩论于 2017 年 1 月 10 日举行。[1]"
    assert isinstance(final, Answer) and final.status == "answered" and final.mode == "ollama"


def test_backend_error_falls_back_with_notice(settings):
    g = generative(settings, "openai", chat_model=Boom(responses=["x"]))
    a = g.answer(make_retrieval(ZH_Q))
    assert a.mode == "extractive (fallback from openai)" and a.fallback.kind == "error" and "ConnectionError" in a.notice


def test_empty_reply_falls_back(settings):
    a = answerer(settings, "   ").answer(make_retrieval(ZH_Q))
    assert a.mode == "extractive (fallback from openai)" and a.fallback.kind == "empty"


def test_slow_model_hits_the_deadline(settings):
    class Slow(FakeListChatModel):
        sleep: float = 0.2

    g = generative(tune(settings, llm_timeout=0.3), "openai",
                           chat_model=Slow(responses=["公开辩论于2017年1月10日举行。[1]"]))
    t = time.perf_counter()
    a = g.answer(make_retrieval(ZH_Q))
    assert time.perf_counter() - t < 3
    assert a.mode == "extractive (fallback from openai)" and "Deadline" in a.notice


def test_unreachable_openai_endpoint_falls_back_quickly(settings):
    g = composer_for("openai", tune(settings, openai_base_url="http://127.0.0.1:9/v1", llm_connect_timeout=1.0,
                                        llm_timeout=5.0))
    assert g.mode == "openai"
    t = time.perf_counter()
    a = g.answer(make_retrieval(ZH_Q))
    assert time.perf_counter() - t < 6
    assert a.mode == "extractive (fallback from openai)" and a.notice and a.fallback.kind == "error" and a.citations


def test_local_backend_without_model_file_falls_back(settings, tmp_path):
    g = composer_for("local", tune(settings, llm_model_path=tmp_path / "missing.gguf"))
    assert "extractive" in g.mode and "local" in g.mode
    a = g.answer(make_retrieval(ZH_Q))
    assert a.mode == "extractive (fallback from local)" and "make setup-llm" in a.notice


def test_make_answerer_names(settings):
    assert composer_for("extractive", settings).mode == "extractive"
    assert composer_for(" Ollama ", settings).mode == "ollama"
    import pytest

    with pytest.raises(ValueError):
        composer_for("gpt9", settings)


def test_auto_without_the_local_model_is_extractive_and_says_why(settings, tmp_path):
    from rag.answers.modes import AUTO_FALLBACK_MODE

    g = composer_for("auto", tune(settings, llm_model_path=tmp_path / "missing.gguf"))
    assert g.mode == AUTO_FALLBACK_MODE and "not prepared" in g.mode
    assert "make setup-llm" in g.unavailable
    a = g.answer(make_retrieval(ZH_Q))
    assert a.status == "answered" and a.to_dict()["mode"] == AUTO_FALLBACK_MODE and a.citations


def test_the_default_is_the_quoted_answer_and_auto_picks_the_prepared_local_model(settings, tmp_path):
    import importlib.util

    import pytest

    from rag.config import Settings

    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")  # only its presence is checked here: the model loads on the first question
    default = composer_for(None, tune(Settings(), llm_model_path=model))
    assert Settings().backend == "extractive" and default.mode == "extractive" and not default.generative
    if importlib.util.find_spec("xllamacpp") is None:
        pytest.skip("xllamacpp is not installed (make setup-llm)")
    g = composer_for("auto", tune(settings, llm_model_path=model))
    assert g.mode == "local" and g.backend == "local" and g.generative


def test_prompt_keeps_section_labels_numbers_and_language(settings):
    r = make_retrieval("What did the Secretary-General say about women?")
    msgs = build_messages(r.question, r.language, generative(
        tune(settings, llm_sources="passages"), "openai", chat_model=FakeListChatModel(responses=["x"])).sources(r))
    user = msgs[1].content
    assert "[1] S/2017/105 §1 导言 ¶1" in user and "[3] S/2017/105 §4.3 政策建议 › 会员国的作用 ¶2" in user
    assert "Answer in English" in user and "only" in msgs[0].content.lower()
    zh = build_messages(ZH_Q, "zh", [(P1, P1.text)])[1].content
    assert "简体中文" in zh


def test_default_sources_are_the_sentences_the_extractive_answer_would_quote(settings):
    from rag.answers.select import select_sentences

    r = make_retrieval(ZH_Q, sentence_scores=[1.0, 0.2, 0.9, 0.1, 0.1, 0.1])
    sources = generative(settings, "openai", chat_model=FakeListChatModel(responses=["x"])).sources(r)
    chosen = select_sentences(r, settings.composing)
    assert [text for _, text in sources] == [s.text for s in chosen] and 0 < len(sources) < len(r.sentences)
    assert [p for p, _ in sources] == [s.passage for s in chosen]


def test_wrong_language_is_asked_once_more_with_a_reminder(settings):
    model = FakeListChatModel(responses=["The debate was held on 10 January 2017 [1].", "公开辩论于 2017 年 1 月 10 日举行。[1]"])
    g = generative(settings, "openai", chat_model=model)
    items = list(g.stream(make_retrieval(ZH_Q)))
    a = items[-1]
    assert a.status == "answered" and a.mode == "openai" and a.generation.attempts == 2 and "1 月 10 日" in a.answer
    assert "\n\n" in items[:-1]  # the second try's words follow the first one's in the stream
    reminder = build_messages(ZH_Q, "zh", g.sources(make_retrieval(ZH_Q)), remind=True)[1].content
    assert "必须用简体中文回答" in reminder


def test_best_sentence_sources_have_their_labels(settings):
    r = make_retrieval(ZH_Q)
    g = generative(tune(settings, llm_sources="sentences", llm_max_sentences=2), "openai",
                           chat_model=FakeListChatModel(responses=["x"]))
    sources = g.sources(r)
    assert [text for _, text in sources] == [s.text for s in r.sentences[:2]]
    assert all(text in p.text for p, text in sources)
    user = build_messages(r.question, r.language, sources)[1].content
    assert f"[1] {r.sentences[0].passage.label}\n{r.sentences[0].text}" in user and "[3]" not in user


def test_long_passage_excerpt_is_verbatim_best_sentences():
    r = make_retrieval(ZH_Q)
    text = excerpt(P2, r, 40)
    assert len(text) < len(P2.text)
    assert all(part in P2.text for part in text.split("…"))


def test_unreachable_ollama_endpoint_falls_back_quickly(settings):
    g = composer_for("ollama", tune(settings, ollama_url="http://127.0.0.1:9", llm_connect_timeout=1.0,
                                        llm_timeout=5.0))
    t = time.perf_counter()
    a = g.answer(make_retrieval(ZH_Q))
    assert time.perf_counter() - t < 6
    assert a.mode == "extractive (fallback from ollama)" and a.notice and a.fallback.kind == "error"


def test_answer_language_tolerates_quoted_chinese_names():
    from rag.analysis.text import answer_language

    assert answer_language("The new Secretary-General is 安东尼奥·古特雷斯.") == "en"
    assert answer_language("秘书长安东尼奥·古特雷斯在 2017 年 1 月 10 日首次会见安理会成员（见 S/PV.7857）。") == "zh"
    assert answer_language("辩论于2017年1月10日举行。") == "zh"


def test_a_cause_the_source_does_not_state_falls_back_to_the_quote(settings):
    q = "机构各自为政带来了什么后果？"
    a = answerer(settings, "机构各自为政带来了得不到发展、侵犯人权和争夺资源的后果。[1]").answer(make_retrieval(q, [FRAGMENTED]))
    assert a.fallback.kind == "unverified" and a.notice and a.generation.verified[0].supported is False
    assert a.citations and "阻碍着联合国系统协调一致地努力消除冲突的根源" in a.answer
