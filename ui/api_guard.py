"""The API's HTTP guard: an ASGI middleware that answers malformed API calls before Gradio sees them.

What it answers, and with what (JSON bodies; the connection stays usable):
- a direct call (`POST /gradio_api/run|api|call|call/v2/<name>`) to a name no function has: 404;
- any call naming an `fn_index` no function has: 404; an empty `session_hash`: 422;
- a direct call to `ask` or `brief` whose inputs have the wrong type or value: 422 with the documented error object
  (`{question|topic, error}`, ui/api_input.py), in the question's language; missing optional inputs are filled in
  (Gradio wants every input of a function, the client may send only the question);
- a body longer than `ServingSettings.max_api_body_bytes`: 413.
Calls through the queue (`/gradio_api/queue/join`, what gradio_client and the page use) get the same 404s and
422s for what Gradio cannot handle (fn_index, session hash) and their inputs are filled in; their inputs are
checked by the handlers themselves (ui/app.py, ui/briefing.py), which return the error object as the call's
result, since the queue's protocol carries a result, not a status.

Written by hand: Gradio answers these with a 500 (`{"error": null}`, or a plain-text one from an exception in
its routes) and has no hook before its own request parsing; patching Gradio is not an option.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Mapping

from api.guard import replay_body
from ui.api_input import ApiInputError, Endpoint, check_count

log = logging.getLogger(__name__)

DIRECT = re.compile(r"^/gradio_api/(?:run|api|call|call/v2)/(?P<name>[^/]+)/?$")
QUEUE = re.compile(r"^/gradio_api/queue/join/?$")


class Refusal(Exception):
    def __init__(self, status: int, body: dict) -> None:
        super().__init__(body)
        self.status, self.body = status, body


class ApiGuard:
    """ASGI middleware over the Gradio app: `functions` maps each fn_index to its API name (or None), `checked` the
    API names whose inputs are checked (ui/api_input.endpoints)."""

    def __init__(self, app, *, functions: Mapping[int, str | None], checked: Mapping[str, Endpoint],
                 max_body: int, echo_chars: int) -> None:
        self.app, self.functions, self.checked = app, dict(functions), dict(checked)
        self.names = {name for name in self.functions.values() if name}
        self.max_body, self.echo_chars = max_body, echo_chars

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST":
            return await self.app(scope, receive, send)
        path = scope["path"]
        direct, queued = DIRECT.match(path), QUEUE.match(path)
        if not (direct or queued):
            return await self.app(scope, receive, send)
        try:
            body = await self._body(receive)
            new_body = self._check(body, direct.group("name") if direct else None, "/v2/" in path)
        except Refusal as r:
            return await _respond(send, r.status, r.body)
        if new_body is not body:
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
                     + [(b"content-length", str(len(new_body)).encode())]}
        await self.app(scope, replay_body(new_body, receive), send)

    async def _body(self, receive) -> bytes:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise Refusal(400, {"error": "the client went away"})
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise Refusal(413, {"error": f"the request body is over {self.max_body:,} bytes"})
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _check(self, body: bytes, name: str | None, keywords: bool) -> bytes:
        """The body to pass on (the same, or with missing inputs filled in); Refusal for what must not pass.
        `name`: the API name of a direct call (None: a queue join, whose function is its fn_index)."""
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return body  # Gradio answers malformed JSON with a 422 of its own
        if not isinstance(payload, dict):
            return body
        if payload.get("session_hash") == "":
            raise Refusal(422, {"error": "session_hash must not be empty"})
        direct, fn_index = name is not None, payload.get("fn_index")
        if direct and fn_index is None and name not in self.names:  # with an fn_index (the page's events go to
            raise Refusal(404, {"error": f"no API endpoint named /{name}"})  # /run/predict), Gradio runs that one
        if fn_index is not None:
            if isinstance(fn_index, bool) or not isinstance(fn_index, int) or fn_index not in self.functions:
                raise Refusal(404, {"error": f"no function with fn_index {fn_index!r}"})
            name = self.functions[fn_index]  # Gradio runs the fn_index's function, whatever the route names
        endpoint = self.checked.get(name or "")
        if endpoint is None:
            return body
        if keywords:  # /call/v2: the inputs by name; Gradio fills in the rest
            self._check_inputs(endpoint, name, payload, by_name=True)
            return body
        data = payload.get("data")
        if not isinstance(data, list):
            return body
        if direct:
            self._check_inputs(endpoint, name, data, by_name=False)
        elif len(data) > len(endpoint.inputs):
            try:
                check_count(name, endpoint.inputs, data, data[0], self.echo_chars)
            except ApiInputError as e:
                raise Refusal(e.status, e.to_dict()) from None
        if len(data) < len(endpoint.inputs):
            payload["data"] = data + [None] * (len(endpoint.inputs) - len(data))
            return json.dumps(payload).encode()
        return body

    def _check_inputs(self, endpoint: Endpoint, name: str, values: Any, *, by_name: bool) -> None:
        try:
            if by_name:
                endpoint.check(**{k: values.get(k) for k in endpoint.inputs})
            else:
                endpoint.check_positional(name, values, self.echo_chars)
        except ApiInputError as e:
            raise Refusal(e.status, e.to_dict()) from None


async def _respond(send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})
