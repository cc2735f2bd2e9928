"""What the analyse and retrieve stages produce: the analysed question (`Query`), scored passages and sentences
(`Hit`, `SentenceHit`, each sentence with its wording in every version), what each searched document holds of the
question (`DocumentEvidence`) and the whole `Retrieval`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from rag.types.documents import Passage, Span


class Query(NamedTuple):
    """A question as retrieval sees it (rag/analysis/query.py)."""

    text: str
    language: str
    tokens: tuple[str, ...]  # BM25 tokens, for the version in the question's language
    words: tuple[str, ...]  # topic words (Chinese words; English stems)
    names: tuple[str, ...]  # names it depends on (jieba's name tags; capitalised English words)
    numbers: tuple[str, ...]  # numbers of two or more digits
    expects: str | None = None  # the kind of answer asked for (rag.analysis.words.QUESTION_FRAMES), None for any
    about: tuple[str, ...] = ()  # words that must be in the document: the subject it names ("about X", 关于X) and
    # the opposing it presumes ("Why did X reject Y?": reject; rag/analysis/query.py)
    typed: str = ""  # the question as it was typed, when `text` is its normalised form (rag/analysis/normalise.py)


class CrossLingual(NamedTuple):
    """What can be measured across languages for the sentences a question can reach only through the encoders:
    those of the searched documents with no version in the question's language (a document in one language, or the
    units a partly aligned version leaves out). The decision weighs it when the answer would quote such sentences
    (rag/answers/crosslingual.py)."""

    cosine_e5: float  # the best raw cosine of the question and those sentences' original words: multilingual-e5
    cosine_use: float  # and USE-multilingual
    unknown_names: tuple[str, ...]  # what the question depends on that can be looked for in any language (numbers,
    # chapter and article references, countries in any of their names) and no searched document mentions
    sentences: int  # how many such sentences there are


class Hit(NamedTuple):
    """A retrieved passage (of the original version) with its fused relevance score (higher is better)."""

    passage: Passage
    score: float


class VersionSentence(NamedTuple):
    """One sentence as one version words it."""

    language: str
    provenance: str
    passage: Passage  # the paragraph in that version
    span: Span  # the sentence, verbatim in passage.text


class SentenceHit(NamedTuple):
    """A retrieved sentence: where it is in the original, its fused score, and its wording in every version."""

    passage: Passage  # the original's paragraph
    start: int
    end: int
    text: str  # the original's sentence, verbatim in passage.text
    score: float
    index: int = -1  # the sentence's number in the document (the same in every version)
    versions: tuple[VersionSentence, ...] = ()

    def version(self, language: str) -> VersionSentence | None:
        return next((v for v in self.versions if v.language == language), None)


class DocumentEvidence(NamedTuple):
    """What one searched document holds of a question, for the decision (rag/answers/answerability.py)."""

    matched_words: tuple[str, ...]  # the question's topic words its version in the question's language holds
    unknown_names: tuple[str, ...]  # the names and numbers the question depends on that none of its versions mentions
    # the topic words that only name it, when the question names it ("resolution", 2805: rag/retrieval/named.py)
    naming_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Retrieval:
    """Everything retrieval found for one question: every passage and sentence scored, and the evidence the
    refusal decision weighs."""

    query: Query
    hits: list[Hit]  # every passage, best first
    sentences: list[SentenceHit]  # every sentence, best first
    unknown_names: list[str] = field(default_factory=list)  # names and numbers the document never mentions
    matched_words: list[str] = field(default_factory=list)  # topic words found in the question's language version
    best_cooccurrence: int = 0  # most of those words found together in one paragraph
    top_k: int = 5  # how many passages the answer lists as retrieved (the caller's top_k)
    documents: tuple[str, ...] = ()  # the symbols of the documents searched
    # a question about what a delegation said that no searched record holds a statement by: (its name, records)
    no_statement: tuple[str, tuple[str, ...]] | None = None
    # narrowed to the turns of the speakers the question asks about, or to speaker turns ("which delegations …")
    speaker_turns: bool = False
    # the names a question gives the speakers it was narrowed to (squashed): a briefer's office ("the Assistant
    # Secretary-General", rag/retrieval/briefers.py), a delegation's other name (英国 for a record's 联合王国): they
    # name whose turns these are, not something the turns must say
    speaker_names: tuple[str, ...] = ()
    # the question names a unit of the document ("operative paragraph 4 (b)"), and it leads (rag/retrieval/units.py)
    named_unit: bool = False
    # narrowed to the turns of speakers the question names: the topic words of what they are asked about (without
    # the words that name them or ask what they said: "What did Brazil say about mediation?": mediat)
    asked_of_speakers: tuple[str, ...] | None = None
    # per searched document (symbol): its own matched words and unknown names; the two lists above are the union's
    by_document: dict[str, DocumentEvidence] = field(default_factory=dict)
    # the evidence that crosses languages, when some searched sentences have no version in the question's language
    crossing: CrossLingual | None = None

    @property
    def question(self) -> str:
        """The question as it was asked (its normalised form is `query.text`)."""
        return self.query.typed or self.query.text

    @property
    def language(self) -> str:
        return self.query.language

    @property
    def retrieved(self) -> list[Hit]:
        """The top_k passages an answer lists."""
        return self.hits[: self.top_k]
