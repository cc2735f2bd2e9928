"""Who said what: a question about what a delegation or a person said is answered from that speaker's turns in
the verbatim records searched, and one about a delegation that did not speak is refused ("S/PV.… records no
statement by X"), never answered with someone else's words.

Applied after retrieval when the searched documents include a verbatim record (passages with a `speaker`) and the
question asks what someone said (rag.analysis.words.SPEECH): the countries and people it names are resolved to one
entity each (rag/analysis/entities.py: Russian Federation / Russia / 俄罗斯联邦 / 俄罗斯), and the retrieval is
narrowed to the passages of their turns. "Which delegations …?" (or "who …") narrows the records to their
speaker turns. Other documents' passages always stay: a summary of what was said is nobody's words, and a "who"
question may not be about speeches at all (信末签名的常驻代表是谁？ asks who signed S/2017/105).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import Callable

from rag.analysis.entities import Entities, Entity
from rag.analysis.words import SPEECH, WHICH_SPEAKERS
from rag.types import Passage, Retrieval

_TITLE = re.compile(r"^(?:Mr|Ms|Mrs|Miss|Sir|Dame|Dr|H\.E\.)\.?\s+|(?:先生|女士|夫人|小姐)$")


class Speakers:
    """The speakers of the library's verbatim records, and the entities that stand for them."""

    def __init__(self, passages: list[Passage]):
        self.passages = [p for p in passages if p.speaker is not None]

    @cached_property
    def entities(self) -> Entities:
        return Entities(p.speaker.country for p in self.passages if p.speaker.country)

    def entity_of(self, p: Passage) -> Entity | None:
        return self.entities.resolve(p.speaker.country) if p.speaker and p.speaker.country else None

    def named(self, question: str) -> list[str]:
        """Surnames of record speakers the question names ("What did Mr. Dupont say?")."""
        out = []
        for p in self.passages:
            surname = _TITLE.sub("", p.speaker.name).strip()
            if len(surname) >= 2 and surname not in ("The President", "主席") and surname.lower() in question.lower():
                out.append(p.speaker.name)
        return list(dict.fromkeys(out))

    def attribute(self, retrieval: Retrieval, mentioned: Callable[[Entity], bool] = lambda e: False) -> Retrieval:
        """The retrieval without the turns of other speakers than those the question asks about (the searched
        documents' other passages stay: a summary of what was said is nobody's words), or marked with the
        delegation the records hold no statement by — unless another searched document `mentioned` it, and then
        without any turn; unchanged when the question asks no such thing."""
        in_scope = {p.id for p in self.passages if p.doc_symbol in retrieval.documents}
        question = retrieval.question
        if not in_scope or not SPEECH.search(question):
            return retrieval
        names = self.named(question)
        entities = self.entities.in_text(question)
        if names:
            keep = {p.id for p in self.passages if p.id in in_scope and p.speaker.name in names}
        elif entities:
            speaking = {e for p in self.passages if p.id in in_scope for e in [self.entity_of(p)] if e}
            asked = [e for e in entities if e in speaking]
            if not asked and not any(mentioned(e) for e in entities):
                records = sorted({p.doc_symbol for p in self.passages if p.id in in_scope})
                return replace(retrieval, no_statement=(entities[0].shown(retrieval.language), tuple(records)))
            keep = {p.id for p in self.passages if p.id in in_scope and self.entity_of(p) in asked}
        elif WHICH_SPEAKERS.search(question):  # the speakers themselves: the records' turns, which name them
            records = {p.doc_symbol for p in self.passages}
            return _kept(retrieval, lambda p: p.id in in_scope or p.doc_symbol not in records)
        else:
            return retrieval
        return _kept(retrieval, lambda p: p.id in keep or p.id not in in_scope)


def _kept(retrieval: Retrieval, keep: Callable[[Passage], bool]) -> Retrieval:
    hits = [h for h in retrieval.hits if keep(h.passage)]
    sentences = [s for s in retrieval.sentences if keep(s.passage)]
    return replace(retrieval, hits=hits, sentences=sentences) if hits else retrieval
