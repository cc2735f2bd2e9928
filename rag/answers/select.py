"""Which sentences an answer would quote: the best sentence of the top passages, plus up to two more that score
nearly as well, each with the sentences it needs to be read right (the one before a sentence that points back, the
items after a lead-in: rag/answers/context.py). Selected once per question (by the decide stage); the quoted answer
quotes them, the generated one gives them to the model as its sources."""
from __future__ import annotations

import numpy as np

from rag.answers.context import with_context
from rag.config import ComposingSettings
from rag.types import Retrieval, SentenceHit


def select_sentences(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The sentences an answer quotes: `answering_sentences`, each with the sentences before it that it points back
    to (rag/answers/context.py)."""
    return with_context(_best(retrieval, settings), retrieval.sentences, settings.max_context_sentences,
                        settings.max_list_items)


def answering_sentences(retrieval: Retrieval, settings: ComposingSettings) -> list[SentenceHit]:
    """The sentences that answer, which the decision weighs: the best ones and the items a lead-in among them
    introduces, without the sentences brought only so that a pronoun can be read."""
    return with_context(_best(retrieval, settings), retrieval.sentences, 0, settings.max_list_items)


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
    return chosen
