"""The no-Chinese grammar of the local model's English answers, without a model: what it admits, and who gets it."""
import re

from rag.llm.token_mask import NO_CJK_GRAMMAR, generation_kwargs
from rag.llm.xllama import ChatXLlamaCpp


def admitted() -> re.Pattern:
    """The grammar's one rule, `root ::= [^…]*`, read as a Python pattern."""
    m = re.fullmatch(r"root ::= (\[\^[^\]]+\])\*", NO_CJK_GRAMMAR)
    assert m, NO_CJK_GRAMMAR
    return re.compile(m.group(1).encode().decode("unicode_escape") + "*")


def test_grammar_admits_english_and_digits_but_no_chinese_character_or_punctuation():
    ok = admitted()
    assert ok.fullmatch("He said that war is never inevitable [1]. Article 99, 10 January 2017 — Wallström.")
    for text in ("战争", "。", "，", "（", "ア", "\u3400"):
        assert not ok.fullmatch(f"War {text}"), text


class ChatOllama:  # any chat model that is not the local one
    pass


def test_only_the_local_model_answering_english_gets_the_grammar():
    local = ChatXLlamaCpp(model_path="unused.gguf")  # not loaded: nothing is read until the first request
    assert generation_kwargs(local, "en") == {"grammar": NO_CJK_GRAMMAR}
    assert generation_kwargs(local, "zh") == {}
    assert generation_kwargs(local, "en", enabled=False) == {}
    assert generation_kwargs(ChatOllama(), "en") == {}
