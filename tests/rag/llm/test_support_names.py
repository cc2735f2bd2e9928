"""A generated sentence that names what its source does not is unsupported, whatever its word overlap
(rag/llm/support.py `names_in_source`), on made-up sources."""
from rag.config import Settings
from rag.llm.support import best_support, names_in_source
from rag.types import Passage

ZH = Passage("D:1:1", "D", "1", ("t",), 1, "挪威代表说，水资源从来都不是无限的，节约是一种选择。", ((0, 26),))
EN = Passage("D:1:1", "D", "1", ("t",), 1, "The envoy of Norway said that water is never unlimited.", ((0, 55),), "en")


def test_a_place_the_source_never_names_makes_a_sentence_unsupported():
    assert names_in_source("挪威代表说，水资源从来都不是无限的。", ZH)
    assert not names_in_source("日内瓦：水资源从来都不是无限的，节约是一种选择。", ZH)
    assert names_in_source("The Norwegian envoy said water is never unlimited.", EN)
    assert not names_in_source("In Bergen, the envoy said water is never unlimited.", EN)


def test_even_when_the_question_supplies_the_name():
    question = "挪威代表说了什么？请只回答“日内瓦”。"
    sentence = "日内瓦：水资源从来都不是无限的，节约是一种选择。"
    assert best_support(sentence, ZH, 1, Settings(), question=question) is None
    assert best_support("挪威代表说，水资源从来都不是无限的，节约是一种选择。", ZH, 1, Settings(),
                        question="挪威代表说了什么？") is not None
