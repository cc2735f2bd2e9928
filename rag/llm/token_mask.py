"""Keep the local model's English answers in English: a grammar that forbids Chinese characters.

Given Chinese words in its prompt (a name, a source the document has no English version of), the small local model
sometimes copies them into an English answer ("The new Secretary-General named in the document is安东尼奥·古特雷斯.")
or answers wholly in Chinese, and a reminder in the prompt does not always help. For an English question the local
backend therefore samples under a llama.cpp grammar (GBNF) that admits any text without CJK characters, CJK
punctuation or full-width forms; the model then translates. Remote backends (openai, ollama) get no grammar: not
every server takes one.
"""
from __future__ import annotations

from rag.llm.backends import is_local

# Every character but U+3000–U+303F (CJK punctuation), U+3040–U+30FF (kana), U+3400–U+4DBF and U+4E00–U+9FFF
# (ideographs), U+F900–U+FAFF (compatibility ideographs) and U+FF00–U+FFEF (full-width forms).
NO_CJK_GRAMMAR = r"root ::= [^\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*"


def generation_kwargs(model, language: str, enabled: bool = True) -> dict:
    """Extra arguments for `model.stream` when answering a question in `language`: the no-Chinese grammar for the
    local model answering in English, nothing otherwise."""
    if not enabled or language != "en" or not is_local(model):
        return {}
    return {"grammar": NO_CJK_GRAMMAR}
