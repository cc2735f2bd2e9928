"""verify (rag/answers/verify.py) on hand-made answers: an answer that quotes sentences with no version in its
language says, in its language, that it found them in the original through cross-lingual search; one whose quotes
all have a translation, or that quotes its own language, says nothing of the kind."""
from rag.answers.verify import verify
from rag.types import Answer, Citation, Passage, QuoteTranslation

ZH = Passage("D:1:1", "D", "1", ("导言",), 1, "战争从来都不是不可避免的。", ((0, 13),))
ZH2 = Passage("D:1:2", "D", "1", ("导言",), 2, "和平也同样并非必然。", ((0, 10),))
EN = Passage("D:1:1", "D", "1", ("Introduction",), 1, "War is never inevitable.", ((0, 24),), language="en")


def answer(language: str, *citations: Citation) -> Answer:
    text = " ".join(f"{c.quote}[{c.n}]" for c in citations)
    return Answer("q", language, "answered", text, "extractive", citations=list(citations))


def test_an_answer_quoting_the_original_across_languages_says_so_in_its_language():
    a = verify(answer("en", Citation(1, ZH, ZH.text)))
    assert a.notice == ("Found in the original through cross-lingual search: the document has no English version "
                        "of this passage, so the quotes are its Chinese text.")
    two = verify(answer("en", Citation(1, ZH, ZH.text), Citation(2, ZH2, ZH2.text)))
    assert "these passages" in two.notice
    assert verify(two).notice == two.notice  # said once, however often it is checked
    zh = verify(answer("zh", Citation(1, EN, EN.text)))
    assert zh.notice == "通过跨语言检索在原文中找到：文件没有该段落的中文本，引文为英文原文。"


def test_an_answer_with_translations_or_in_the_original_language_has_no_such_notice():
    translated = Citation(1, ZH, ZH.text, QuoteTranslation("en", EN.text, EN.text, "unofficial"))
    assert verify(answer("en", translated)).notice == ""
    assert verify(answer("zh", Citation(1, ZH, ZH.text))).notice == ""
