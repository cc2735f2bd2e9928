"""A question in parts (rag/analysis/parts.py), on made-up questions."""
import pytest

from rag.analysis.parts import question_parts


@pytest.mark.parametrize("text,language,expected", [
    ("What did the envoy say about water, and how did the delegates answer on roads?", "en",
     ["What did the envoy say about water?", "How did the delegates answer on roads?"]),
    ("Who opened the session? What did the chair conclude?", "en",
     ["Who opened the session?", "What did the chair conclude?"]),
    ("大会讨论了哪些议题？代表们又提出了什么建议？", "zh", ["大会讨论了哪些议题？", "代表们又提出了什么建议？"]),
    ("主席强调了什么，以及代表们如何回应？", "zh", ["主席强调了什么？", "代表们如何回应？"]),
])
def test_two_questions_are_two_parts(text, language, expected):
    assert question_parts(text, language) == expected


@pytest.mark.parametrize("text,language", [
    ("Why, in the chair's view, do roads and water matter?", "en"),
    ("Did the envoy and the delegates agree?", "en"),
    ("据代表们说，主席什么时候发言？", "zh"),
    ("主席把哪两方面的工作结合起来，以减少分散？", "zh"),
])
def test_one_question_stays_one(text, language):
    assert question_parts(text, language) == [text]


@pytest.mark.parametrize("text,language", [
    ("报告里提到过渡期的水费了吗？怎么说的", "zh"),
    ("Did the envoy mention the ferry tariffs? What did he say?", "en"),
])
def test_a_part_with_no_topic_of_its_own_stays_with_the_one_before(text, language):
    assert question_parts(text, language) == [text]


def test_a_part_with_no_topic_joins_its_predecessor_and_others_stay_apart():
    parts = question_parts("What did the envoy propose on ferry tariffs? And why? Who chaired the harbour board?", "en")
    assert parts == ["What did the envoy propose on ferry tariffs? And why?", "Who chaired the harbour board?"]
