"""The real server's API under malformed calls (issue 22's probe): every input of the wrong type or value gets the
documented error object with a 4xx status, unknown endpoints and functions 404, an empty session hash 422, and the
same connection keeps answering. Raw HTTP (httpx) for what gradio_client never sends; gradio_client for the rest."""
import httpx
import pytest

pytestmark = pytest.mark.server
GOOD = "Did the Secretary-General say war is inevitable?"

BAD_TOP_K = ['"abc"', "[3]", "NaN", "Infinity", "1e400", "0", "99", "true", "2.5"]
BAD_TOPICS = ["5", "1.5", str(10**40), "true", '{"a": 1}']


@pytest.fixture(scope="module")
def http(server_url):
    with httpx.Client(base_url=server_url + "gradio_api/", timeout=60) as c:
        yield c


def _post(http, path: str, raw: str) -> httpx.Response:
    return http.post(path, content=raw, headers={"content-type": "application/json"})


def _still_answers(http) -> None:
    r = http.post("run/ask", json={"data": [GOOD]})
    assert r.status_code == 200 and r.json()["data"][0]["status"] == "answered"


@pytest.mark.parametrize("route", ["run/ask", "call/ask"])
@pytest.mark.parametrize("top_k", BAD_TOP_K)
def test_a_bad_top_k_is_a_422_with_the_error_object(http, route, top_k):
    r = _post(http, route, f'{{"data": ["{GOOD}", null, {top_k}]}}')
    assert r.status_code == 422, r.text
    assert r.json()["question"] == GOOD and "top_k" in r.json()["error"]
    _still_answers(http)


def test_the_error_is_in_the_question_language(http):
    r = _post(http, "run/ask", '{"data": ["秘书长说战争是不可避免的吗？", null, "abc"]}')
    assert r.status_code == 422 and "必须是" in r.json()["error"]


@pytest.mark.parametrize("topic", BAD_TOPICS)
def test_a_topic_that_is_not_text_is_a_422_with_the_error_object(http, topic):
    r = _post(http, "run/brief", f'{{"data": [{topic}]}}')
    assert r.status_code == 422 and r.json() == {"topic": "", "error": "The topic must be text."}


def test_a_lone_surrogate_is_a_422_in_json(http):
    r = _post(http, "run/ask", '{"data": ["war\\ud800?"]}')
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/json")
    assert r.json()["question"] == "war\ufffd?" and "UTF-8" in r.json()["error"]
    _still_answers(http)


def test_only_the_question_is_enough(http):
    """Gradio wants every input of a function; the guard fills in the optional ones."""
    r = http.post("run/brief", json={"data": ["调解"]})
    assert r.status_code == 200 and r.json()["data"][0]["status"] == "ok"
    _still_answers(http)


@pytest.mark.parametrize("path,body,status", [
    ("run/no-such-endpoint", {"data": []}, 404),
    ("run/ask", {"data": [GOOD], "fn_index": 9999}, 404),
    ("queue/join", {"data": [GOOD], "fn_index": 9999, "session_hash": "abc123"}, 404),
    ("queue/join", {"data": [GOOD], "fn_index": 0, "session_hash": ""}, 422),
    ("run/ask", {"data": [GOOD], "session_hash": ""}, 422),
])
def test_unknown_functions_and_empty_sessions_do_not_disturb_the_connection(http, path, body, status):
    r = http.post(path, json=body)
    assert r.status_code == status and "error" in r.json(), r.text
    _still_answers(http)


def test_gradio_client_gets_the_error_object_for_bad_inputs(client):
    bad = client.predict(GOOD, None, "abc", api_name="/ask")
    assert bad["question"] == GOOD and "top_k" in bad["error"]
    topic = client.predict(5, api_name="/brief")
    assert topic == {"topic": "", "error": "The topic must be text."}
    assert client.predict(GOOD, api_name="/ask")["status"] == "answered"
