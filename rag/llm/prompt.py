"""What a chat model is shown for one question: the numbered, labelled sources and the instruction in the
question's language (prompts/), and which sentences those sources are (`sources`, by `GenerationSettings.sources`).
"""
from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

import prompts
from rag.config import Settings
from rag.types import Decision, Passage, Retrieval

# The small model sometimes starts echoing the prompt after its answer: stop there.
STOP = ["Sources (资料)", "Question (问题)", "\n\n[1] "]


def excerpt(passage: Passage, retrieval: Retrieval, limit: int) -> str:
    """The passage text, or for a long passage its best-scoring sentences in document order (each verbatim)."""
    if len(passage.text) <= limit:
        return passage.text
    mine = [s for s in retrieval.sentences if s.passage.id == passage.id]  # best first
    chosen, used = [], 0
    for s in mine:
        if chosen and used + len(s.text) > limit:
            continue
        chosen.append(s)
        used += len(s.text)
    if not chosen:
        return passage.text[:limit]
    chosen.sort(key=lambda s: s.start)
    out, last_end = "", None
    for s in chosen:
        if last_end is not None and s.start > last_end:
            out += "…"
        out += s.text
        last_end = s.end
    return out


def best_sentences(retrieval: Retrieval, limit: int, candidate_passages: int) -> list[tuple[Passage, str]]:
    """The `limit` best sentences (verbatim) of the top passages, best first, each shown with its paragraph: the
    quoted answer's pool (the `candidate_passages` top passages), then the best of the other passages; a sentence
    repeated word for word elsewhere in the document is shown once."""
    top = {h.passage.id for h in retrieval.hits[:candidate_passages]}
    ordered = sorted(retrieval.sentences, key=lambda s: s.passage.id not in top)  # stable: best first within each
    out, seen = [], set()
    for s in ordered:
        text = s.text.strip()
        if not text or text in seen:
            continue
        seen.add(text)
        out.append((s.passage, text))
        if len(out) == limit:
            break
    return out


def sources(decision: Decision, settings: Settings) -> list[tuple[Passage, str]]:
    """The numbered sources of the prompt: (paragraph, the text shown for it), best first, in the question's
    language when the document has a version in it. "selected" reuses the sentences the decide stage selected."""
    g, retrieval = settings.llm, decision.retrieval
    if g.sources == "selected":
        chosen = decision.selected[: g.max_sentences]
        shown = [c.version(retrieval.language) for c in chosen]
        return [(v.passage, v.span.text) if v else (c.passage, c.text) for c, v in zip(chosen, shown)]
    if g.sources == "sentences":
        return best_sentences(retrieval, g.max_sentences, settings.composing.candidate_passages)
    hits = retrieval.hits[: g.max_passages]
    return [(h.passage, excerpt(h.passage, retrieval, g.passage_chars)) for h in hits]


def build_messages(question: str, language: str, shown: list[tuple[Passage, str]],
                   remind: bool = False) -> list[BaseMessage]:
    """System prompt + the numbered, labelled sources, the question and the instruction in the question's language
    (`remind`: also insist on that language, for a second try after an answer in the other one)."""
    blocks = [f"[{n}] {p.label}\n{text}" for n, (p, text) in enumerate(shown, 1)]
    instruction = prompts.load(f"instruction_{language}")
    if remind:
        instruction += "\n" + prompts.load(f"reminder_{language}")
    user = prompts.render("user", sources="\n\n".join(blocks), question=question, instruction=instruction)
    return [SystemMessage(prompts.load("system")), HumanMessage(user)]
