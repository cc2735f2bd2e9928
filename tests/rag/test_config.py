"""Settings grouped by stage (rag/config.py): each group frozen and validated; variables by group, and the names
documented before the grouping still work, with errors that name the variable that was set."""
from __future__ import annotations

import dataclasses

import pytest

from rag.answers.crosslingual import CrossLingualModel
from rag.config import (ComposingSettings, GenerationSettings, RetrievalSettings, ServingSettings, Settings,
                        SettingsError)


def test_groups_are_frozen():
    s = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.retrieval.top_k = 9  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.llm = GenerationSettings()  # type: ignore[misc]


@pytest.mark.parametrize("make,message", [
    (lambda: RetrievalSettings(top_k=0), "top_k"),
    (lambda: RetrievalSettings(top_k=40, max_top_k=30), "max_top_k"),
    (lambda: RetrievalSettings(document_prior=-0.5), "document_prior"),
    (lambda: RetrievalSettings(document_prior_depth=0), "document_prior_depth"),
    (lambda: RetrievalSettings(other_words_cosine=0.0), "other_words_cosine"),
    (lambda: RetrievalSettings(other_words_cosine=1.5), "other_words_cosine"),
    (lambda: RetrievalSettings(other_words_sentences=0), "other_words_sentences"),
    (lambda: ComposingSettings(extra_sentence_ratio=0.0), "extra_sentence_ratio"),
    (lambda: GenerationSettings(sources="everything"), "sources"),
    (lambda: GenerationSettings(timeout=0), "timeout"),
    (lambda: ServingSettings(concurrency=0), "concurrency"),
])
def test_groups_are_validated(make, message):
    with pytest.raises(SettingsError, match=message):
        make()


def test_variables_by_group_and_by_their_earlier_names(monkeypatch):
    monkeypatch.setenv("RAG_TOP_K", "7")
    monkeypatch.setenv("RAG_LLM_TIMEOUT", "12.5")
    monkeypatch.setenv("RAG_FUSION_LEXICAL", "2.0")
    monkeypatch.setenv("RAG_SERVING_CONCURRENCY", "2")
    s = Settings.from_env()
    assert (s.retrieval.top_k, s.llm.timeout, s.retrieval.fusion.lexical, s.serving.concurrency) == (7, 12.5, 2.0, 2)
    monkeypatch.setenv("RAG_RETRIEVAL_TOP_K", "3")  # the grouped name wins
    assert Settings.from_env().retrieval.top_k == 3


def test_a_bad_value_names_the_variable_that_was_set(monkeypatch):
    monkeypatch.setenv("RAG_TOP_K", "many")
    with pytest.raises(SettingsError, match="RAG_TOP_K"):
        Settings.from_env()


def test_with_top_k_changes_only_top_k():
    s = Settings()
    t = s.with_top_k(8)
    assert t.retrieval.top_k == 8 and t.retrieval.fusion == s.retrieval.fusion and s.with_top_k(None) is s


def test_the_cross_lingual_answerability_model_is_a_validated_setting(monkeypatch):
    assert Settings().answerability.crosslingual.threshold == CrossLingualModel().threshold
    monkeypatch.setenv("RAG_ANSWERABILITY_CROSSLINGUAL_THRESHOLD", "0.7")
    assert Settings.from_env().answerability.crosslingual.threshold == 0.7
    monkeypatch.setenv("RAG_ANSWERABILITY_CROSSLINGUAL_THRESHOLD", "1.5")
    with pytest.raises(SettingsError, match="RAG_ANSWERABILITY_CROSSLINGUAL_.*threshold"):
        Settings.from_env()
    monkeypatch.setenv("RAG_ANSWERABILITY_CROSSLINGUAL_THRESHOLD", "0.5")
    monkeypatch.setenv("RAG_ANSWERABILITY_CROSSLINGUAL_WEIGHTS", "1,2")
    with pytest.raises(SettingsError, match="needs 3 weights"):
        Settings.from_env()
