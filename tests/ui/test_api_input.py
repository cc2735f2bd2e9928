"""The API's input checks (ui/api_input.py): every wrong type or value is the documented error object, worded in
the question's language, and nothing of it reaches the pipeline."""
import json

import pytest

from rag.config import Settings
from ui.api_input import ApiInputError, check_ask, check_topic, endpoints

LIMITS = dict(max_chars=50, max_top_k=7, echo_chars=40)


@pytest.mark.parametrize("top_k", ["abc", [3], float("nan"), float("inf"), 1e400, True, 0, 8, 2.5, {"k": 1}])
def test_a_top_k_of_the_wrong_type_or_value_is_an_error_object(top_k):
    with pytest.raises(ApiInputError) as e:
        check_ask("How are conflicts prevented?", None, top_k, **LIMITS)
    out = e.value.to_dict()
    assert set(out) == {"question", "error"} and out["question"] == "How are conflicts prevented?"
    assert "top_k" in out["error"] and "1 to 7" in out["error"]
    json.dumps(out, allow_nan=False)  # a client can read it


@pytest.mark.parametrize("top_k,expected", [(None, None), ("", None), (3, 3), (3.0, 3), (7, 7)])
def test_a_good_top_k_passes(top_k, expected):
    assert check_ask("How are conflicts prevented?", None, top_k, **LIMITS).top_k == expected


def test_errors_are_in_the_question_language():
    with pytest.raises(ApiInputError) as zh:
        check_ask("预防冲突的工具有哪些？", None, "abc", **LIMITS)
    with pytest.raises(ApiInputError) as long_zh:
        check_ask("预防冲突" * 20, None, None, **LIMITS)
    assert "top_k 必须是" in zh.value.message and "太长" in long_zh.value.message
    with pytest.raises(ApiInputError) as en:
        check_ask("word " * 20, None, None, **LIMITS)
    assert "too long" in en.value.message


@pytest.mark.parametrize("question", [5, 1.5, 10**40, True, {"a": 1}, ["q"]])
def test_a_question_that_is_not_text(question):
    with pytest.raises(ApiInputError) as e:
        check_ask(question, **LIMITS)
    assert e.value.to_dict() == {"question": "", "error": "The question must be text."}


def test_a_lone_surrogate_is_refused_and_echoed_as_a_replacement_character():
    with pytest.raises(ApiInputError) as e:
        check_ask("war\ud800?", **LIMITS)
    out = e.value.to_dict()
    assert out["question"] == "war\ufffd?" and "UTF-8" in out["error"]
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # no UnicodeEncodeError on the way out


@pytest.mark.parametrize("history", [7, 1.5, {"role": "user"}, True])
def test_a_history_of_the_wrong_type(history):
    with pytest.raises(ApiInputError, match="history"):
        check_ask("What did he say?", history, None, **LIMITS)


def test_a_history_list_or_json_string_passes():
    assert check_ask("And then?", ["First question?"], None, **LIMITS).history == ["First question?"]
    assert check_ask("And then?", '["First question?"]', None, **LIMITS).history == ["First question?"]


@pytest.mark.parametrize("topic", [5, 1.5, 10**40, True, {"a": 1}, None, ""])
def test_a_topic_of_the_wrong_type_or_empty(topic):
    with pytest.raises(ApiInputError) as e:
        check_topic(topic, max_chars=30, echo_chars=20)
    assert set(e.value.to_dict()) == {"topic", "error"} and e.value.status == 422


def test_endpoints_check_positional_inputs_and_their_count():
    checked = endpoints(Settings())
    checked["ask"].check_positional("ask", ["Who prevents conflicts?", None, 3], 20)
    with pytest.raises(ApiInputError, match="at most 3 inputs"):
        checked["ask"].check_positional("ask", ["Who prevents conflicts?", None, 3, 4], 20)
    with pytest.raises(ApiInputError, match="topic must be text"):
        checked["brief"].check_positional("brief", [5], 20)
