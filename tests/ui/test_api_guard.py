"""The API's HTTP guard (ui/api_guard.py) over a stub app that echoes what reaches it: what it refuses never
reaches the app, and what it passes arrives with every input of the function."""
import json

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from rag.config import Settings
from ui.api_guard import ApiGuard
from ui.api_input import endpoints


async def echo(request):
    body = await request.body()
    try:
        return JSONResponse({"reached": json.loads(body)})
    except ValueError:
        return JSONResponse({"reached": body.decode()})


@pytest.fixture(scope="module")
def client():
    routes = [Route(p, echo, methods=["POST"]) for p in (
        "/gradio_api/run/{name}", "/gradio_api/call/{name}", "/gradio_api/call/v2/{name}", "/gradio_api/queue/join")]
    app = ApiGuard(Starlette(routes=routes), functions={0: "ask", 1: "brief", 2: None}, checked=endpoints(Settings()),
                   max_body=10_000, echo_chars=200)
    return TestClient(app)


def test_bad_inputs_never_reach_the_app(client):
    r = client.post("/gradio_api/run/ask", json={"data": ["Who prevents conflicts?", None, "abc"]})
    assert r.status_code == 422 and "reached" not in r.json() and r.json()["question"] == "Who prevents conflicts?"
    r = client.post("/gradio_api/call/v2/brief", json={"topic": 5})
    assert r.status_code == 422 and r.json() == {"topic": "", "error": "The topic must be text."}
    r = client.post("/gradio_api/run/ask", json={"data": ["Who?", None, 3, "one too many"]})
    assert r.status_code == 422 and "at most 3 inputs" in r.json()["error"]


def test_missing_optional_inputs_are_filled_in(client):
    r = client.post("/gradio_api/run/ask", json={"data": ["Who prevents conflicts?"]})
    assert r.status_code == 200 and r.json()["reached"]["data"] == ["Who prevents conflicts?", None, None]


def test_queue_joins_are_passed_to_the_handlers_but_not_unknown_functions(client):
    r = client.post("/gradio_api/queue/join", json={"data": ["Who?", None, "abc"], "fn_index": 0, "session_hash": "s"})
    assert r.status_code == 200  # the handler returns the error object as the call's result
    for body, status in [({"data": [], "fn_index": 7, "session_hash": "s"}, 404),
                         ({"data": [], "fn_index": True, "session_hash": "s"}, 404),
                         ({"data": [], "fn_index": 2, "session_hash": ""}, 422)]:
        assert client.post("/gradio_api/queue/join", json=body).status_code == status


def test_unknown_endpoints_and_long_bodies(client):
    assert client.post("/gradio_api/run/nothing", json={"data": []}).status_code == 404
    # the page's events without the queue: /run/predict with the fn_index of the function
    r = client.post("/gradio_api/run/predict", json={"data": ["x"], "fn_index": 2, "session_hash": "s"})
    assert r.status_code == 200 and r.json()["reached"]["fn_index"] == 2
    assert client.post("/gradio_api/run/ask", content=b"x" * 20_000).status_code == 413
    r = client.post("/gradio_api/run/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.json() == {"reached": "{not json"}  # passed on: Gradio answers malformed JSON with its own 422
