"""A checked generated reply turned into answer text and citations: only the supported sentences are kept, their
markers renumbered to one citation per (passage, span), each citation quoting the original."""
from __future__ import annotations

from rag.documents.versions import cite_span
from rag.llm.support import VerifiedSentence
from rag.types import Citation, Passage, Retrieval, SentenceCheck, Support


def originals(retrieval: Retrieval) -> dict[str, tuple[Passage, str]]:
    """Passage id -> (the original paragraph, the provenance of the version in the question's language)."""
    out = {}
    for s in retrieval.sentences:
        v = s.version(retrieval.language)
        out.setdefault(s.passage.id, (s.passage, v.provenance if v else "official"))
    return out


def assemble(verified: list[VerifiedSentence], sources: list[Passage], language: str,
             originals: dict[str, tuple[Passage, str]] | None = None
             ) -> tuple[str, list[Citation], list[SentenceCheck]]:
    """Answer text from the supported sentences, markers renumbered to one citation per (passage, span).
    `sources` are the paragraphs as the prompt showed them (in the answer's language); `originals` maps a passage
    id to its original paragraph and the shown version's provenance, so that each citation quotes the original."""
    citations: list[Citation] = []
    key_to_n: dict[tuple[str, int, int], int] = {}
    parts, report = [], []
    for v in verified:
        ns = []
        for sup in v.supports:
            passage = sources[sup.source - 1]
            key = (passage.id, sup.start, sup.end)
            if key not in key_to_n:
                key_to_n[key] = len(citations) + 1
                original, provenance = (originals or {}).get(passage.id, (passage, "official"))
                citations.append(cite_span(key_to_n[key], original, passage, provenance, sup.start, sup.end))
            if key_to_n[key] not in ns:
                ns.append(key_to_n[key])
        report.append(SentenceCheck(
            sentence=v.text, citations=tuple(ns), source_markers=tuple(v.markers),
            invalid_markers=tuple(v.invalid_markers), supported=v.supported, inferred=v.inferred,
            corrected=v.corrected, support=tuple(Support(s.source, s.score, s.method) for s in v.supports)))
        if v.supported:
            parts.append(v.text + "".join(f"[{n}]" for n in ns))
    joiner = "" if language == "zh" else " "
    return joiner.join(parts), citations, report
