"""The in-process llama.cpp runtime (rag/llm/xllama.py) with the real model: it answers, streams, stops when asked,
and no HTTP listener of it can be reached from outside the process."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from rag.config import Settings

MODEL = Settings().llm.model_path

pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(not MODEL.is_file(), reason=f"{MODEL.name} not prepared (make setup-llm)"),
]


@pytest.fixture(scope="module")
def model():
    from rag.llm.backends import make_chat_model

    return make_chat_model("local", Settings())


def _own_socket_inodes() -> set[str]:
    out = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[8:-1])
    return out


def _listening(table: str, inodes: set[str]) -> list[str]:
    """Rows of /proc/net/<table> in the LISTEN state (0A) that belong to this process."""
    path = Path("/proc/net") / table
    if not path.exists():
        return []
    rows = path.read_text().splitlines()[1:]
    return [r for r in rows if r.split()[3] == "0A" and r.split()[9] in inodes]


def test_no_listener_is_reachable_from_outside_the_process(model):
    address = model.listening_address()
    assert address.startswith("unix://")
    path = address.removeprefix("unix://")
    assert not Path(path).exists() and not Path(path).parent.exists()  # the socket has no name anyone could open
    with pytest.raises(OSError):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
    inodes = _own_socket_inodes()
    assert _listening("tcp", inodes) == [] and _listening("tcp6", inodes) == []  # no TCP port at all


def test_it_answers_and_streams(model):
    messages = [SystemMessage("Answer in one short sentence."), HumanMessage("What is 2 + 3? Reply with the number.")]
    assert "5" in model.invoke(messages).content
    chunks = [c.content for c in model.stream(messages)]
    assert len(chunks) >= 1 and "5" in "".join(chunks)


def test_a_stream_stopped_early_frees_the_model_for_the_next_request(model):
    stream = model.stream([HumanMessage("Count from 1 to 200, separated by spaces.")], max_tokens=400)
    first = next(stream)
    stream.close()  # the caller gives up after the first piece
    assert first.content
    assert "OK" in model.invoke([HumanMessage("Reply with the single word OK.")], max_tokens=5).content
