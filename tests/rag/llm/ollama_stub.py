"""A small stand-in for an Ollama server: its HTTP API on a real socket (stdlib `http.server` in a thread).

No Ollama binary can be installed here, so `ChatOllama` (langchain-ollama -> the `ollama` client -> httpx) talks to
this instead. It speaks the parts of Ollama's REST API that the client uses, in Ollama's wire format:

* `GET /` ("Ollama is running"), `GET /api/version`, `GET /api/tags`, `POST /api/show` (what `ollama list/show` and
  `ChatOllama(validate_model_on_init=True)` call first);
* `POST /api/chat`: with `"stream": true` (the default, and what ChatOllama sends) newline-delimited JSON objects
  (`application/x-ndjson`, chunked), one per token group: `{"model", "created_at", "message": {"role": "assistant",
  "content"}, "done": false}`, then a last object with empty content, `"done": true`, `"done_reason": "stop"` and
  the timing/count fields (`total_duration`, `load_duration`, `prompt_eval_count`, `prompt_eval_duration`,
  `eval_count`, `eval_duration`); with `"stream": false` one such object holding the whole message. An unknown model
  gets Ollama's 404 `{"error": "model \"x\" not found, try pulling it first"}`.

The reply is deterministic and verifiable: it reads the prompt it received (rag/llm/generate.py `build_messages`:
"Sources (资料):", numbered blocks "[n] label\\ntext", "Question (问题): ..."), and for a Chinese question answers
with the first sentence of source [1], copied verbatim, followed by "[1]". An English question gets `english`
(a fixed English sentence the test supplies, since a stub cannot translate; a callable gets source [1]'s text).

Misbehaviours, for the fallback tests (`mode`): "malformed" streams one valid chunk and then a line that is not JSON;
"hang" sends the headers and then nothing for `hang_s` seconds; "trickle" sends a chunk every `trickle_s` seconds
for `hang_s` seconds (each read succeeds, the whole answer never ends); "error" answers HTTP 500 like Ollama does
when a runner crashes.
"""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]")


def parse_prompt(prompt: str) -> tuple[dict[int, str], str]:
    """The numbered sources' texts (label line dropped) and the question of a prompt built by `build_messages`."""
    body = prompt.split("Sources (资料):", 1)[-1]
    body, _, rest = body.partition("\nQuestion (问题):")
    question = rest.strip().splitlines()[0].strip() if rest.strip() else ""
    sources = {}
    for m in re.finditer(r"(?ms)^\[(\d+)\] [^\n]*\n(.*?)(?=\n\n\[\d+\] |\Z)", body.strip()):
        sources[int(m.group(1))] = m.group(2).strip()
    return sources, question


def first_sentence(text: str) -> str:
    m = SENTENCE.match(text.replace("…", "。"))
    return (m.group(0) if m else text).strip()


class OllamaStub:
    def __init__(self, model: str = "qwen2.5-coder:1.5b", *, mode: str = "answer",
                 english: str | Callable[[str], str] = "", chunk_chars: int = 6, hang_s: float = 30.0,
                 trickle_s: float = 0.2, delay_s: float = 0.0):
        self.model, self.mode, self.english = model, mode, english
        self.delay_s = delay_s  # pause before each streamed piece, to watch a UI render the words as they come
        self.chunk_chars, self.hang_s, self.trickle_s = chunk_chars, hang_s, trickle_s
        self.requests: list[tuple[str, str, dict | None]] = []  # (method, path, JSON body)
        self.replies: list[str] = []
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "OllamaStub":
        stub = self

        class Handler(_Handler):
            pass

        Handler.stub = stub
        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="ollama-stub", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers that hang or trickle
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "OllamaStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the reply -----------------------------------------------------------------------------------------
    def reply_for(self, messages: list[dict]) -> str:
        prompt = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
        sources, question = parse_prompt(prompt)
        if 1 not in sources:
            return "文件中没有提到。"
        if re.search(r"[\u4e00-\u9fff]", question):
            return first_sentence(sources[1]) + "[1]"
        english = self.english(sources[1]) if callable(self.english) else self.english
        return english or "The sources do not say."

    def chunks(self, text: str) -> list[str]:
        # Ollama streams a token or two per object; split at the citation marker as a tokenizer would.
        parts = re.split(r"(\[\d+\])", text)
        out = []
        for part in parts:
            if re.fullmatch(r"\[\d+\]", part):
                out.append(part)
            else:
                out.extend(part[i:i + self.chunk_chars] for i in range(0, len(part), self.chunk_chars))
        return [c for c in out if c]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that gives up mid-stream (the fallback tests' timeouts) is expected: no traceback on stderr."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


class _Handler(BaseHTTPRequestHandler):
    stub: OllamaStub
    protocol_version = "HTTP/1.1"
    server_version = "ollama-stub"

    def log_message(self, *args) -> None:  # quiet
        pass

    # -- plumbing ------------------------------------------------------------------------------------------
    def _json_body(self) -> dict | None:
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def _send_json(self, obj, status: int = 200) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _line(self, obj) -> None:
        self._chunk(json.dumps(obj, ensure_ascii=False).encode() + b"\n")

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    # -- routes ---------------------------------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        stub = self.stub
        stub.requests.append(("GET", self.path, None))
        if self.path == "/":
            data = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/api/version":
            self._send_json({"version": "0.6.5"})
        elif self.path == "/api/tags":
            self._send_json({"models": [{
                "name": stub.model, "model": stub.model, "modified_at": _now(), "size": 986061892,
                "digest": "0" * 64,
                "details": {"parent_model": "", "format": "gguf", "family": "qwen2", "families": ["qwen2"],
                            "parameter_size": "1.5B", "quantization_level": "Q4_K_M"},
            }]})
        else:
            self._send_json({"error": "404 page not found"}, 404)

    def do_POST(self) -> None:
        stub = self.stub
        body = self._json_body()
        stub.requests.append(("POST", self.path, body))
        if body is None:
            self._send_json({"error": "invalid JSON"}, 400)
            return
        if self.path == "/api/show":
            if body.get("model") != stub.model:
                self._send_json({"error": f"model '{body.get('model')}' not found"}, 404)
                return
            self._send_json({
                "modelfile": f"FROM {stub.model}", "parameters": "", "template": "{{ .Prompt }}",
                "details": {"format": "gguf", "family": "qwen2", "parameter_size": "1.5B",
                            "quantization_level": "Q4_K_M"},
                "model_info": {"general.architecture": "qwen2"}, "capabilities": ["completion"],
            })
            return
        if self.path != "/api/chat":
            self._send_json({"error": "404 page not found"}, 404)
            return
        if body.get("model") != stub.model:
            self._send_json({"error": f'model "{body.get("model")}" not found, try pulling it first'}, 404)
            return
        if stub.mode == "error":
            self._send_json({"error": "llama runner process has terminated: signal: killed"}, 500)
            return
        self._chat(body)

    def _chat(self, body: dict) -> None:
        stub = self.stub
        t0 = time.perf_counter_ns()
        text = stub.reply_for(body.get("messages") or [])
        stop = (body.get("options") or {}).get("stop") or []
        for s in stop:  # Ollama ends the reply before a stop sequence
            text = text.split(s)[0]
        stub.replies.append(text)
        pieces = stub.chunks(text)
        num_predict = (body.get("options") or {}).get("num_predict")
        done_reason = "stop"
        if num_predict is not None and num_predict >= 0 and len(pieces) > num_predict:
            pieces, done_reason = pieces[:num_predict], "length"
        final = {
            "model": stub.model, "created_at": _now(), "message": {"role": "assistant", "content": ""},
            "done": True, "done_reason": done_reason, "total_duration": 0, "load_duration": 1_000_000,
            "prompt_eval_count": sum(len(m.get("content", "")) for m in body.get("messages") or []) // 2,
            "prompt_eval_duration": 1_000_000, "eval_count": len(pieces), "eval_duration": 1_000_000,
        }
        if not body.get("stream", True):
            final["message"]["content"] = "".join(pieces)
            final["total_duration"] = time.perf_counter_ns() - t0
            self._send_json(final)
            return
        self._start_stream()
        if stub.mode == "hang":
            stub._stop.wait(stub.hang_s)
            return  # the connection closes without a chunk
        if stub.mode == "trickle":
            end = time.monotonic() + stub.hang_s
            while time.monotonic() < end and not stub._stop.wait(stub.trickle_s):
                self._line({"model": stub.model, "created_at": _now(),
                            "message": {"role": "assistant", "content": "…"}, "done": False})
            return
        for i, piece in enumerate(pieces):
            if stub.delay_s:
                stub._stop.wait(stub.delay_s)
            self._line({"model": stub.model, "created_at": _now(),
                        "message": {"role": "assistant", "content": piece}, "done": False})
            if stub.mode == "malformed" and i == 0:
                self._chunk(b'{"model": "' + stub.model.encode() + b'", "message": {"role": "assist\n')
                self._end_stream()
                return
        final["total_duration"] = time.perf_counter_ns() - t0
        self._line(final)
        self._end_stream()
