"""Which library documents a question names (rag/retrieval/named.py), on made-up documents: by symbol, a resolution
by its number, a verbatim record by its meeting, in Chinese and English; a longer number or symbol is no name."""
from __future__ import annotations

import numpy as np

from rag.retrieval.fusion import lead_document_prior
from rag.analysis.query import analyze
from rag.retrieval.named import named_documents, names_of, naming_words
from rag.types import Document

DOCS = [Document(id="S/2099/402", title="Report", date="2099-06-20", language="en", kind="report"),
        Document(id="S/RES/9805 (2099)", title="Resolution 9805 (2099)", date="2099-10-24", language="en",
                 kind="resolution", meeting="9930"),
        Document(id="S/PV.9812", title="Maintenance of peace", date="2099-03-12", language="en",
                 kind="verbatim_record", meeting="9812"),
        Document(id="S/PRST/2099/4", title="Statement", date="2099-06-18", language="en",
                 kind="presidential_statement", meeting="9878")]


def named(question: str) -> list[str]:
    return [DOCS[i].id for i in named_documents(question, DOCS)]


def test_a_document_is_named_by_its_symbol_in_any_spacing_and_case():
    assert named("Which resolution does S/2099/402 invoke?") == ["S/2099/402"]
    assert named("according to s/res/9805(2099), who …?") == ["S/RES/9805 (2099)"]
    assert named("S/PRST/2099/4 提出了哪些方式？") == ["S/PRST/2099/4"]


def test_a_resolution_by_its_number_and_a_record_by_its_meeting_in_either_language():
    assert named("What does resolution 9805 ask of Member States?") == ["S/RES/9805 (2099)"]
    assert named("第 9805(2099)号决议是在哪一天通过的？") == ["S/RES/9805 (2099)"]
    assert named("第 9812 次会议是几点结束的？") == ["S/PV.9812"]
    assert named("Who spoke first at the 9812th meeting?") == ["S/PV.9812"]
    # the meeting that adopted a resolution or heard a statement does not name them: only a record is its meeting
    assert named("What was said at the 9930th meeting?") == [] and named("第 9878 次会议") == []


def test_a_longer_number_or_symbol_names_nothing():
    assert named("What does S/2099/4021 say?") == [] and named("resolution 98051") == []
    assert named("What does S/2099/40 say?") == [] and named("How many of the 402 delegations spoke?") == []
    assert "s/pv.9812" in names_of(DOCS[2])


def test_the_named_document_ranks_first_whatever_the_others_score():
    scores = np.array([9.0, 8.0, 1.0, 0.5])  # sentences of documents 0, 0, 1, 1 (one passage each)
    owner, passage_document = np.arange(4), np.array([0, 0, 1, 1])
    led = lead_document_prior(scores, owner, passage_document, 3, 1.0, named=[1])
    assert set(np.argsort(-led)[:2]) == {2, 3} and led[2] > led[3]
    assert lead_document_prior(scores, owner, passage_document, 3, 1.0)[0] == 9.0  # unnamed: the strongest leads


def test_a_document_is_named_by_its_kind_and_its_date_in_either_language():
    assert named("Under which item was the presidential statement of 18 June 2099 made?") == ["S/PRST/2099/4"]
    assert named("What did France say at the March 12, 2099 meeting?") == ["S/PV.9812"]
    assert named("2099 年 3 月 12 日的会议上谁发了言？") == ["S/PV.9812"]  # the date opens the question
    assert named("2099年10月24日通过的决议要求什么？") == ["S/RES/9805 (2099)"]
    # a date alone, or with another kind's noun, names nothing
    assert named("What happened on 12 March 2099?") == [] and named("the report of 12 March 2099") == []
    assert named("the statement of 18 June 20991") == [] and named("the statement of 8 June 2099") == []


def test_the_words_that_name_a_document_are_told_from_what_is_asked_of_it():
    def naming(question, doc):
        return naming_words(analyze(question).words, doc)

    res, pv, prst = DOCS[1], DOCS[2], DOCS[3]
    assert set(naming("Does resolution 9805 (2099) say anything about child soldiers?", res)) == {
        stem for stem in analyze("resolution 9805 2099").words}
    assert set(naming("第 9805(2099)号决议对儿童兵作了哪些规定？", res)) == {"9805", "2099", "决议"}
    assert set(naming("What did France say at the 12 March 2099 meeting about the 2030 Agenda?", pv)) == set(
        analyze("12 March 2099 meeting").words)  # 2030 is asked about: no number of the record's
    assert "1990" not in naming("What does the statement of 18 June 2099 say about the 1990 accord?", prst)
