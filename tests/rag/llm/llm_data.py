"""Hand-made passages and retrievals for the generative answerer tests: no models loaded."""
from __future__ import annotations

from dataclasses import replace

from rag.analysis.query import analyze
from rag.analysis.text import sentence_spans
from rag.types import Hit, Passage, Retrieval, SentenceHit, VersionSentence

P1 = Passage("S_2017_105:1:1", "S/2017/105", "1", ("导言",), 1,
             "2017 年 1 月 10 日举行的安全理事会关于“预防冲突和保持和平”专题的公开辩论由安全理事会 1 月份主席瑞典组织。"
             "此次会议由瑞典外交大臣兼安全理事会主席马戈特·瓦尔斯特伦主持。")
P2 = Passage("S_2017_105:2:2", "S/2017/105", "2", ("秘书长对前景的设想",), 2,
             "联合国应该采取“全组织”办法执行《2030 年议程》，目标是消除冲突根源。"
             "这包括开展人道主义活动，建设复原能力，确保妇女和女孩的参与，消除青年失业。")
P3 = Passage("S_2017_105:4.3:2", "S/2017/105", "4.3", ("政策建议", "会员国的作用"), 2,
             "许多发言者强调需要以“全社会”办法来对待保持和平问题。与会者还强调了青年人在建设可持续和平方面的作用。")
PASSAGES = [P1, P2, P3]
# A source whose words a small model recombined into a cause it does not state (dev question d06).
FRAGMENTED = Passage("S_2017_105:3.2:1", "S/2017/105", "3.2", ("保持和平的艰巨工作", "联合国系统内的条块分割"), 1,
                     "它们指出，机构各自为政的现象依然存在，阻碍着联合国系统协调一致地努力消除冲突的根源，"
                     "例如得不到发展、侵犯人权和争夺资源。")



def with_sentences(p: Passage) -> Passage:
    return replace(p, sentences=tuple((sp.start, sp.end) for sp in sentence_spans(p.text)))


P1, P2, P3, FRAGMENTED = (with_sentences(p) for p in (P1, P2, P3, FRAGMENTED))
PASSAGES = [P1, P2, P3]


def make_retrieval(question: str, passages=PASSAGES, *, unknown_names=(), sentence_scores=None,
                   **fields) -> Retrieval:
    """`sentence_scores`: one score per sentence of `passages` in document order (default: by passage, then
    sentence order)."""
    passages = [p if p.sentences else with_sentences(p) for p in passages]
    hits = [Hit(p, 1.0 - i * 0.1) for i, p in enumerate(passages)]
    sentences = []
    for i, p in enumerate(passages):
        for j, sp in enumerate(p.spans()):
            sentences.append(SentenceHit(p, sp.start, sp.end, sp.text, 1.0 - i * 0.1 - j * 0.01, len(sentences),
                                         (VersionSentence(p.language, "official", p, sp),)))
    if sentence_scores is not None:
        sentences = [s._replace(score=x) for s, x in zip(sentences, sentence_scores)]
    sentences.sort(key=lambda s: -s.score)
    query = analyze(question)
    # unless a test says otherwise, an on-topic question: the document holds every one of its words
    values = {"matched_words": list(query.words), "best_cooccurrence": len(query.words), "hits": hits,
              "sentences": sentences, "unknown_names": list(unknown_names), **fields}
    return Retrieval(query=query, **values)


class Staged:
    """A composer run as the pipeline runs it (decide -> compose -> verify) on hand-made retrievals: what the tests
    call `.answer(r)`, `.stream(r)` and `.sources(r)` on; everything else is the composer's."""

    def __init__(self, composer):
        from rag.pipeline import RagPipeline

        self.composer = composer
        self.pipeline = RagPipeline(composer.settings if hasattr(composer, "settings") else None, composer)

    def answer(self, retrieval: Retrieval):
        return self.pipeline.answer_from(retrieval)

    def stream(self, retrieval: Retrieval):
        return self.pipeline.stream_from(retrieval)

    def sources(self, retrieval: Retrieval):
        from rag.llm.prompt import sources

        return sources(self.pipeline.decide(retrieval), self.pipeline.settings)

    def __getattr__(self, name):
        return getattr(self.composer, name)


def generative(*args, **kwargs) -> Staged:
    """`GenerativeComposer(*args, **kwargs)`, staged."""
    from rag.llm.generate import GenerativeComposer

    return Staged(GenerativeComposer(*args, **kwargs))


def composer_for(*args, **kwargs) -> Staged:
    """`make_composer(*args, **kwargs)`, staged (a quoted composer runs with default settings)."""
    from rag.answers.modes import make_composer

    composer = make_composer(*args, **kwargs)
    staged = Staged(composer)
    if not hasattr(composer, "settings") and len(args) > 1:
        from rag.pipeline import RagPipeline

        staged.pipeline = RagPipeline(args[1], composer)
    return staged
