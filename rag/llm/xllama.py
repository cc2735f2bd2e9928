"""The local GGUF model in this process through `xllamacpp` (a prebuilt llama.cpp wheel: no compiler), behind
LangChain's chat-model interface (`BaseChatModel`: invoke, stream).

xllamacpp runs llama.cpp's server inside the process and is called directly (`handle_chat_completions`); the
server also opens an HTTP listener, which this wrapper makes unreachable: it listens on a Unix socket in a private
temporary folder (mode 0700), with a random API key, and the socket's name is removed from the file system as soon
as the server is up — nothing outside the process can connect to it (tests/rag/llm/test_xllama.py checks).

Streaming: llama.cpp calls back for every piece of the reply on the calling thread; `_stream` runs the request on a
worker thread and hands the pieces over through a queue, so that the caller iterates as usual and can stop early
(the callback then tells llama.cpp to stop).

Written by hand: LangChain has no chat model for xllamacpp.
"""
from __future__ import annotations

import logging
import queue
import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

log = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_DONE = object()


class XLlamaError(RuntimeError):
    """llama.cpp answered a request with an error."""


def _raise_for_error(reply: dict) -> None:
    """Raise XLlamaError when llama.cpp's reply (or a piece of one) is an error."""
    if "error" in reply or reply.get("code", 200) >= 400:
        error = reply.get("error", reply)
        raise XLlamaError(error.get("message", str(error)) if isinstance(error, dict) else str(error))


def _role(message: BaseMessage) -> str:
    return _ROLES.get(message.type, "user")


class ChatXLlamaCpp(BaseChatModel):
    """A GGUF chat model run in-process by xllamacpp. Load it with `load()` (or on first use)."""

    model_path: str
    n_ctx: int = 2048
    n_threads: int = 2
    max_tokens: int = 160
    temperature: float = 0.0
    top_p: float = 1.0
    repeat_penalty: float = 1.05
    seed: int = 0

    _server: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    @property
    def _identifying_params(self) -> dict:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "n_threads": self.n_threads}

    # -- the server ----------------------------------------------------------------------------------------
    def load(self) -> "ChatXLlamaCpp":
        """Load the model (once). Raises RuntimeError when the file is not a model llama.cpp can load."""
        with self._lock:
            if self._server is None:
                self._server = self._start()
        return self

    def _start(self):
        import xllamacpp as xlc

        folder = Path(tempfile.mkdtemp(prefix="unrag-llm-"))  # mode 0700: only this user can even look inside
        socket = folder / "llm.sock"
        params = xlc.CommonParams()
        params.model.path = self.model_path
        params.n_ctx = self.n_ctx
        params.cpuparams.n_threads = self.n_threads
        params.cpuparams_batch.n_threads = self.n_threads
        params.hostnames = [str(socket)]
        params.api_keys = [secrets.token_urlsafe(32)]
        params.verbosity = 1  # errors only: llama.cpp's progress lines would flood the log
        try:
            server = xlc.Server(params)
        except RuntimeError as e:
            raise RuntimeError(f"llama.cpp could not load {Path(self.model_path).name}: {e}") from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # the listener loses its name: nothing can connect to it
        return server

    def listening_address(self) -> str:
        """Where llama.cpp's HTTP listener was bound (a Unix socket whose name no longer exists)."""
        return str(self.load()._server.listening_address)

    def close(self) -> None:
        with self._lock:
            self._server = None

    # -- requests ------------------------------------------------------------------------------------------
    def _request(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool, **kwargs) -> dict:
        request = {
            "messages": [{"role": _role(m), "content": m.content if isinstance(m.content, str) else str(m.content)}
                         for m in messages],
            "max_tokens": kwargs.pop("max_tokens", self.max_tokens),
            "temperature": kwargs.pop("temperature", self.temperature),
            "top_p": self.top_p,
            "repeat_penalty": self.repeat_penalty,
            "seed": self.seed,
            "stream": stream,
        }
        if stop:
            request["stop"] = list(stop)
        grammar = kwargs.pop("grammar", None)
        if grammar:
            request["grammar"] = grammar
        if kwargs.pop("logprobs", False):
            request["logprobs"] = True
            request["top_logprobs"] = int(kwargs.pop("top_logprobs", 5))
        return request

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        """The whole reply. With `logprobs=True` (and `top_logprobs=n`) it is asked for in one piece, and the
        message's `response_metadata["logprobs"]` holds the tokens' log probabilities in OpenAI's layout
        (`{"content": [{"token", "logprob", "top_logprobs": [{"token", "logprob"}]}]}`), as ChatOpenAI gives them."""
        if kwargs.get("logprobs"):
            return self._generate_at_once(messages, stop, **kwargs)
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _generate_at_once(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> ChatResult:
        kwargs.pop("first_token_timeout", None)
        reply = self.load()._server.handle_chat_completions(self._request(messages, stop, stream=False, **kwargs))
        _raise_for_error(reply)
        choice = (reply.get("choices") or [{}])[0]
        message = AIMessage(content=(choice.get("message") or {}).get("content") or "",
                            response_metadata={"logprobs": choice.get("logprobs")})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        """The reply piece by piece. `first_token_timeout` (seconds): raise TimeoutError when llama.cpp is silent
        that long, before the first piece or between two (the request is then cancelled)."""
        server = self.load()._server
        silence = kwargs.pop("first_token_timeout", None)
        request = self._request(messages, stop, stream=True, **kwargs)
        pieces: queue.Queue = queue.Queue()
        cancelled = threading.Event()

        def on_piece(chunk: dict) -> bool:
            pieces.put(chunk)
            return cancelled.is_set()  # True asks llama.cpp to stop

        def run() -> None:
            try:
                server.handle_chat_completions(request, on_piece)
            except Exception as e:  # handed to the caller's thread
                pieces.put(e)
            finally:
                pieces.put(_DONE)

        worker = threading.Thread(target=run, name="xllamacpp-request", daemon=True)
        worker.start()
        try:
            while True:
                try:
                    item = pieces.get(timeout=silence)
                except queue.Empty:
                    raise TimeoutError(f"the local model wrote nothing for {silence:g} s") from None
                if item is _DONE:
                    break
                if isinstance(item, Exception):
                    raise item
                _raise_for_error(item)
                for choice in item.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        if run_manager:
                            run_manager.on_llm_new_token(content)
                        yield ChatGenerationChunk(message=AIMessageChunk(content=content))
        finally:
            cancelled.set()
            worker.join(timeout=30)
