"""Which sentences an answer would quote: the best sentence of the top passages, plus up to two more that score
nearly as well, each with the sentences it needs to be read right (the one before a sentence that points back, the
items after a lead-in: rag/answers/context.py). Selected once per question (by the decide stage); the quoted answer
quotes them, the generated one gives them to the model as its sources."""
from __future__ import annotations

import re

import numpy as np

from rag.analysis.text import english_words, stem
from rag.analysis.words import AGENT_ACT
from rag.answers.context import with_context
from rag.config import ComposingSettings
from rag.types import Retrieval, SentenceHit


def select_sentences(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The sentences an answer quotes: `answering_sentences`, each with the sentences before it that it points back
    to (rag/answers/context.py); for a question that names a unit, that unit (`named_unit`)."""
    if retrieval.named_unit:
        return named_unit(retrieval, settings)
    return with_context(_best(retrieval, settings), retrieval.sentences, settings.max_context_sentences,
                        settings.max_list_items)


def answering_sentences(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The sentences that answer, which the decision weighs: the best ones and the items a lead-in among them
    introduces, without the sentences brought only so that a pronoun can be read."""
    if retrieval.named_unit:
        return named_unit(retrieval, settings)
    return with_context(_best(retrieval, settings), retrieval.sentences, 0, settings.max_list_items)


def named_unit(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The unit a question names ("operative paragraph 4 (b)": rag/retrieval/units.py), which leads the ranking:
    its sentences in order, up to `max_answer_sentences`, after the lead-in of the paragraph a sub-item belongs to
    ("Requests the Secretary-General:" before "(b) to support…")."""
    unit = retrieval.hits[0].passage
    own = sorted((s for s in retrieval.sentences if s.passage.id == unit.id), key=lambda s: s.index)
    parent = re.sub(r"\s*\([a-z]\)$", "", unit.unit)
    lead = [] if parent == unit.unit else sorted(
        (s for s in retrieval.sentences if s.passage.doc_symbol == unit.doc_symbol and s.passage.unit == parent),
        key=lambda s: s.index)[:1]
    return lead + own[:settings.max_answer_sentences]


def _saying_the_act(chosen: list[SentenceHit], retrieval: Retrieval, allowed: set[str]) -> list[SentenceHit]:
    """For a question asking who did an act (presided, signed, organised: rag.analysis.words.AGENT_ACT), when no
    chosen sentence says the act, the best sentence of the top passages that does, after the chosen ones: "Who
    presided over the debate?" is answered by "The meeting was presided over by the Minister…", not by the
    sentence before it in the paragraph on who organised it."""
    query = retrieval.query
    act = AGENT_ACT.search(query.text) if query.expects == "agent" else None
    if act is None:
        return chosen
    verb = act.group(0)

    def says(s: SentenceHit) -> bool:
        texts = [v.span.text for v in s.versions if v.language == query.language] or [s.text]
        if query.language == "zh":
            return any(verb in t for t in texts)
        return stem(verb) in {stem(w) for t in texts for w in english_words(t)}

    if any(says(s) for s in chosen):
        return chosen
    saying = next((s for s in retrieval.sentences if s.passage.id in allowed and says(s)), None)
    return chosen if saying is None else [*chosen, saying]


def _best(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The best sentence of the `candidate_passages` top passages, and those nearly as good.

    "Nearly as good" is measured against the typical sentence: a sentence joins when its lift over the median
    sentence score is at least `extra_sentence_ratio` of the best sentence's lift.
    """
    allowed = {h.passage.id for h in retrieval.hits[: settings.candidate_passages]}
    pool = [s for s in retrieval.sentences if s.passage.id in allowed]
    if not pool:
        return []
    median = float(np.median([s.score for s in retrieval.sentences]))
    best = pool[0]
    lift = best.score - median
    chosen = [best]
    for s in pool[1:]:
        if len(chosen) >= settings.max_answer_sentences:
            break
        if lift > 0 and (s.score - median) >= settings.extra_sentence_ratio * lift:
            chosen.append(s)
    return _saying_the_act(chosen, retrieval, allowed)
