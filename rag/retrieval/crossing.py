"""The evidence that crosses languages: what the decision can still measure when the sentences an answer would quote
have no version in the question's language (a document in one language, or the units a partly aligned version
leaves out), so that the question's own words cannot be looked for in them.

Two kinds of evidence hold across languages:
    cosines        the multilingual encoders (e5, USE) compare an English question with Chinese sentences directly:
                   the best raw cosine of the question and those sentences' original words, per encoder
    unknown_names  what a question depends on that can be looked for in any language and no searched document
                   mentions: numbers (99 / 九十九), chapter and article references (Article 99 / 第九十九条), and
                   countries in any of their names (rag/analysis/entities.py: China / 中国). Other names ("Secretary-
                   General") cannot be looked for in a text in another language and are not counted.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from rag.analysis.entities import Entities
from rag.analysis.forms import DocumentForms, absent_everywhere
from rag.retrieval.document_index import ENCODERS, DocumentIndex
from rag.types import CrossLingual, Query


def crossing(query: Query, docs: Sequence[DocumentIndex], raw: Sequence[dict], forms: Sequence[DocumentForms],
             entities: Callable[[], Entities]) -> CrossLingual | None:
    """The cross-lingual evidence of a question over the searched documents (`raw`: each one's raw signals,
    `DocumentIndex.raw_signals`; `entities`: the countries, loaded when needed); None when every searched sentence
    has a version in the question's language."""
    best = [-np.inf] * len(ENCODERS)
    count = 0
    for doc, signals in zip(docs, raw):
        missing = doc.missing(query.language)
        if not missing.any():
            continue
        # the original comes first among the other versions (its language is not the question's, or nothing
        # would be missing)
        original = signals["other_sentence"][0]
        for k in range(len(ENCODERS)):
            best[k] = max(best[k], float(np.max(np.asarray(original[k])[missing])))
        count += int(missing.sum())
    if not count:
        return None
    cosines = dict(zip(ENCODERS, best))
    return CrossLingual(cosines["e5"], cosines["use"], tuple(absent_across_languages(query, docs, forms, entities())),
                        count)


def absent_across_languages(query: Query, docs: Sequence[DocumentIndex], forms: Sequence[DocumentForms],
                            entities: Entities) -> list[str]:
    """The question's numbers, chapter or article references and country names that no searched document
    mentions in any form or language; its other names and the words of its subject are left out (they can only be
    looked for in a text in their own language)."""
    unknown = absent_everywhere(query._replace(names=(), about=()), forms)
    for name in query.names:
        found = entities.in_text(name)
        if found and not any(n in doc.text for e in found for n in entities.names_of(e) if len(n) >= 2
                             for doc in docs):
            unknown.append(name)
    return list(dict.fromkeys(unknown))
