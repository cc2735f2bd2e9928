"""The project's data types, in one place, by the stage that makes them:

    rag.types.documents   Document, DocumentVersions, Section, Passage, Span   (documents)
    rag.types.retrieval   Query, Hit, SentenceHit, VersionSentence, DocumentEvidence, CrossLingual, Retrieval (analyse,
                          retrieve)
    rag.types.answers     Refusal, Decision, Citation, Generation, Answer, PartAnswer, Turn (decide, compose, verify)

Every other module speaks in these types; `to_dict` methods give the stable JSON contract.
"""
from rag.types.answers import (Answer, Citation, Decision, Fallback, FallbackKind, Generation, PartAnswer,
                               QuoteTranslation, Refusal, Rewrite, SentenceCheck, Status, Support, Turn, cite_sentence, hit_to_dict)
from rag.types.documents import (KINDS, PROVENANCES, AlignmentError, Document, DocumentVersions, Kind, Language,
                                 Passage, Provenance, Section, Span, Speaker, aligned_part, alignment_problems,
                                 document_slug)
from rag.types.retrieval import CrossLingual, DocumentEvidence, Hit, Query, Retrieval, SentenceHit, VersionSentence

__all__ = ["KINDS", "Kind", "Speaker", "document_slug", "PROVENANCES", "AlignmentError", "Answer", "Citation", "CrossLingual", "DocumentEvidence", "Decision", "Document", "DocumentVersions",
           "Fallback", "FallbackKind", "Generation", "Hit", "Language", "PartAnswer", "Passage", "Provenance", "Query",
           "QuoteTranslation", "Refusal", "Retrieval", "Rewrite", "Section", "SentenceCheck", "SentenceHit", "Span",
           "Status", "Support", "Turn", "VersionSentence", "aligned_part", "alignment_problems", "cite_sentence", "hit_to_dict"]
