"""A unit a question names (rag/retrieval/units.py): the spellings, the ranking, and the answer quoting that unit,
on the made-up resolution of tests/rag/documents/fixtures/ in a library of the test's own."""
from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

from rag.retrieval.units import named_units, units_first
from tests.conftest import ROOT

RESOLUTION = ROOT / "tests" / "rag" / "documents" / "fixtures" / "res_2999_en.txt"


@pytest.mark.parametrize("question,units", [
    ("What does operative paragraph 2 (b) of resolution 2999 (2024) ask for?", ("op. 2 (b)",)),
    ("What does paragraph 2(c) request?", ("op. 2 (c)",)),
    ("第 2999(2024)号决议第 2 段(a)项要求报告什么？", ("op. 2 (a)",)),
    ("执行部分第三段说了什么？", ("op. 3", "¶3")),
    ("What does preambular paragraph 2 reaffirm?", ("pp. 2",)),
    ("序言部分第 1 段回顾了什么？", ("pp. 1",)),
    ("What does paragraph 12 of the report recommend?", ("op. 12", "¶12")),
    ("How many paragraphs does the resolution have?", ()),
    ("《宪章》第九十九条授权谁？", ()),  # an article of the Charter, no unit of the document
])
def test_the_units_a_question_names(question, units):
    assert named_units(question) == units


def test_the_named_units_sentences_lead_in_their_own_order():
    scores = np.array([5.0, 1.0, 0.5, 3.0])
    owner = np.array([0, 1, 1, 2])
    out = units_first(scores, owner, np.array([False, True, False]))
    assert list(np.argsort(-out)[:2]) == [1, 2] and out[0] == 5.0 and out[3] == 3.0
    assert units_first(scores, owner, np.zeros(3, dtype=bool)) is scores


@pytest.fixture(scope="module")
def with_resolution(pipeline, tmp_path_factory):
    """The session's S/2017/105 and the made-up resolution S/RES/2999 (2024) in a library of the module's own."""
    from rag.documents.library import Library, read_file
    from rag.pipeline import RagPipeline

    root = tmp_path_factory.mktemp("units")
    shutil.copytree(pipeline.settings.index_dir, root / "index")
    library = Library(root / "library")
    parsed, text = read_file(RESOLUTION)
    staged, _ = library.stage(parsed, text, source=RESOLUTION.name)
    library.commit(staged, parsed.document.id)
    p = RagPipeline(replace(pipeline.settings, index_dir=root / "index", library_dir=root / "library",
                            machine_translation=False), on_notice=lambda m: None)
    p.encoders = pipeline.encoders
    return p


@pytest.mark.parametrize("question", ["What does operative paragraph 2 (b) of resolution 2999 (2024) ask for?",
                                      "第 2999(2024)号决议第 2 段(b)项要求报告什么？"])
def test_a_named_sub_item_is_answered_from_it_after_its_lead_in(with_resolution, question):
    a = with_resolution.ask(question).to_dict()
    assert a["status"] == "answered"
    assert [c["label"] for c in a["citations"]] == ["S/RES/2999 (2024) op. 2", "S/RES/2999 (2024) op. 2 (b)"]
    assert "progress of the mission" in a["citations"][1]["quote"]


def test_a_named_unit_does_not_answer_what_the_document_never_mentions(with_resolution):
    a = with_resolution.ask("What does operative paragraph 2 (b) of resolution 2999 (2024) say about Mars?").to_dict()
    assert a["status"] == "not_found" and "Mars" in a["answer"] and not a["citations"]


def test_a_unit_leads_only_in_the_document_named_or_the_one_searched(with_resolution):
    """Over a library, "paragraph 2 (b)" with no document named is no unit of any one document: ranked as any
    question, and the flag the decision and the answer read stays down; searched alone, the document's unit leads."""
    retriever = with_resolution.retriever
    question = "What does paragraph 2 (b) say about the placeholder progress of the mission?"
    library = retriever.retrieve(question)
    assert library.hits[0].passage.unit == "op. 2 (b)"  # first on its words alone: still no unit named
    assert not library.named_unit
    alone = retriever.retrieve(question, documents=["S/RES/2999 (2024)"])
    assert alone.named_unit and alone.hits[0].passage.unit == "op. 2 (b)"
