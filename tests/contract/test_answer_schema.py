"""The JSON contract of `ask --json` stays as the README documents it: the keys and types of real answers (Chinese,
English with `translation`, not found with `closest`, generated, a follow-up) equal the stored schema
(tests/contract/answer_schema.json, written by `python -m tests.contract.schema`). It was taken before the pipeline
was reshaped (issue 18), and written again once when the library of documents added keys, and only added them
(issue 19): `document` on every citation, retrieved and closest passage, and `sha256` on every citation and
translation."""
from __future__ import annotations

import json

import pytest

from tests.contract.schema import SCHEMA_PATH, real_answers, shape


@pytest.fixture(scope="module")
def answers(pipeline):
    return real_answers(pipeline)


@pytest.mark.parametrize("kind", ["answered_zh", "answered_en", "not_found", "generated", "followup"])
def test_answers_have_the_stored_keys_and_types(answers, kind):
    stored = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert shape(answers[kind]) == stored[kind]


def test_the_schema_sees_a_changed_type():
    """The comparison is not vacuous: a number where a string was, or a missing key, is a different shape."""
    a = {"citations": [{"n": 1, "quote": "x"}], "status": "answered"}
    assert shape(a) != shape({"citations": [{"n": "1", "quote": "x"}], "status": "answered"})
    assert shape(a) != shape({"citations": [{"n": 1}], "status": "answered"})
