"""scripts/setup_llm.py: the SHA-256 check rejects a wrong file; assembly concatenates the parts in order."""
from __future__ import annotations

import importlib.util
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def load_script():
    spec = importlib.util.spec_from_file_location("setup_llm", ROOT / "scripts" / "setup_llm.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_verify_rejects_missing_and_wrong_files(tmp_path):
    s = load_script()
    ok, msg = s.verify(tmp_path / "missing.gguf")
    assert not ok and "missing" in msg
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 10)
    ok, msg = s.verify(bad)
    assert not ok and "expected" in msg
    assert len(s.SHA256) == 64 and s.PARTS == 22


def test_assemble_concatenates_parts_in_order(tmp_path, monkeypatch):
    s = load_script()
    parts = {}
    for i in range(1, s.PARTS + 1):
        f = tmp_path / f"part{i:02d}.bin"
        f.write_bytes(f"<{i}>".encode())
        parts[s.part_module(i)] = types.SimpleNamespace(get_part_path=lambda f=f: str(f))
    monkeypatch.setattr(s.importlib, "import_module", lambda name: parts[name])
    target = tmp_path / "out" / "model.gguf"
    s.assemble(target)
    assert target.read_bytes() == b"".join(f"<{i}>".encode() for i in range(1, s.PARTS + 1))
    assert not target.with_suffix(".gguf.partial").exists()
