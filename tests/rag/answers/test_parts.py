"""A question in parts joined into one answer (rag/answers/parts.py), on made-up answers."""
from rag.analysis.query import analyze
from rag.answers.parts import join_parts
from rag.types import Answer, Citation, Hit, Passage, Retrieval

P = Passage("D:1:1", "D", "1", ("t",), 1, "The envoy spoke about water. Roads were discussed.", ((0, 28), (29, 50)),
            "en")


def answered(text: str, quotes: list[str]) -> Answer:
    cites = [Citation(n, P, q) for n, q in enumerate(quotes, 1)]
    return Answer("q", "en", "answered", text, "extractive", cites)


def test_parts_are_joined_with_citations_numbered_through_and_a_line_for_a_part_not_addressed():
    question = "What about water, and what about roads, and what about fuel?"
    r = Retrieval(query=analyze(question), hits=[Hit(P, 1.0)], sentences=[])
    parts = ["What about water?", "What about roads?", "What about fuel?"]
    answers = [answered("The envoy spoke about water.[1]", ["The envoy spoke about water."]),
               answered("Roads were discussed.[1]", ["Roads were discussed."]),
               Answer("q", "en", "not_found", "The document does not say.", "extractive")]
    a = join_parts(r, parts, answers)
    assert a.status == "answered" and a.question == question
    assert [c.n for c in a.citations] == [1, 2] and "[2]" in a.answer and "Roads were discussed.[2]" in a.answer
    assert "The document does not address this part: What about fuel?" in a.answer
    d = a.to_dict()
    assert [p["status"] for p in d["parts"]] == ["answered", "answered", "not_found"]
    assert d["parts"][1]["citations"] == [2] and d["parts"][2]["message"] == "The document does not say."
