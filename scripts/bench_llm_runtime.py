"""Time one LLM runtime on the project's GGUF: load, time to first token, decoding speed, on fixed RAG prompts.

    python scripts/bench_llm_runtime.py --runtime xllamacpp          # prebuilt llama.cpp wheel
    python scripts/bench_llm_runtime.py --runtime llama-cpp-python   # compiled by pip (the old `make setup-llm`)

Both runtimes get the same model file, 2 threads, a 2048-token context, greedy decoding, the same three prompts
(the system prompt and numbered sources the composer sends, in Chinese and English) and the same token budget; each
reply is streamed and timed from outside the runtime: time to the first streamed piece, and pieces per second after
it (one piece is one token in both runtimes). Prints one JSON object. Side by side, with the process's wall time and
peak memory measured by the operating system:

    /usr/bin/time -v python scripts/bench_llm_runtime.py --runtime xllamacpp
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SYSTEM = (ROOT / "prompts" / "system.txt").read_text(encoding="utf-8").strip()
PROMPTS = [
    "Sources (资料):\n[1] §2 秘书长对前景的设想 ¶4\n他说，战争从来都不是不可避免的，战争是一种选择；\n\n"
    "Question (问题): 秘书长说战争是不可避免的吗？\n用中文回答，每句话后面标注来源编号。",
    "Sources:\n[1] §4.2 Policy recommendations › The role of the Security Council ¶1\n"
    "Speakers underlined the importance of mediation and encouraged greater investment in that area.\n\n"
    "Question: What did speakers say about mediation?\nAnswer in English; end every sentence with its source number.",
    "Sources:\n[1] §4.3 Policy recommendations › The role of Member States ¶1\n"
    "Member States stressed that the primary responsibility for ending conflict lies with States themselves.\n"
    "[2] §5 Conclusion ¶3\nParticipants stressed that Member States bear the primary responsibility for protecting "
    "their people and preventing conflict.\n\nQuestion: Who bears the primary responsibility for ending conflicts?\n"
    "Answer in English; end every sentence with its source number.",
]
MAX_TOKENS = 96
THREADS = 2
CONTEXT = 2048


def messages(prompt: str) -> list[dict]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}]


def run_xllamacpp(prompts: list[str]):
    import tempfile

    import xllamacpp as xlc

    t0 = time.perf_counter()
    params = xlc.CommonParams()
    params.model.path = str(MODEL)
    params.n_ctx = CONTEXT
    params.cpuparams.n_threads = THREADS
    params.cpuparams_batch.n_threads = THREADS
    params.hostnames = [str(Path(tempfile.mkdtemp()) / "llm.sock")]
    server = xlc.Server(params)
    load = time.perf_counter() - t0

    def generate(prompt: str):
        stamps = []

        def on_chunk(chunk: dict) -> bool:
            choice = (chunk.get("choices") or [{}])[0]
            if (choice.get("delta") or {}).get("content"):
                stamps.append(time.perf_counter())
            return False  # go on

        server.handle_chat_completions(
            {"messages": messages(prompt), "max_tokens": MAX_TOKENS, "temperature": 0, "stream": True}, on_chunk)
        return stamps

    return load, generate


def run_llama_cpp_python(prompts: list[str]):
    from llama_cpp import Llama

    t0 = time.perf_counter()
    llm = Llama(model_path=str(MODEL), n_ctx=CONTEXT, n_threads=THREADS, n_threads_batch=THREADS, verbose=False)
    load = time.perf_counter() - t0

    def generate(prompt: str):
        stamps = []
        for chunk in llm.create_chat_completion(messages(prompt), max_tokens=MAX_TOKENS, temperature=0, stream=True):
            if (chunk["choices"][0].get("delta") or {}).get("content"):
                stamps.append(time.perf_counter())
        return stamps

    return load, generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runtime", choices=["xllamacpp", "llama-cpp-python"], required=True)
    args = ap.parse_args()
    load, generate = (run_xllamacpp if args.runtime == "xllamacpp" else run_llama_cpp_python)(PROMPTS)
    generate("Say OK.")  # warm-up: the first request after loading pays one-off costs
    rows = []
    for prompt in PROMPTS:
        t0 = time.perf_counter()
        stamps = generate(prompt)
        if not stamps:
            rows.append({"first_token_s": None, "tokens": 0, "tokens_per_s": None})
            continue
        decode = stamps[-1] - stamps[0]
        rows.append({"first_token_s": round(stamps[0] - t0, 3), "tokens": len(stamps),
                     "tokens_per_s": round((len(stamps) - 1) / decode, 2) if decode > 0 else None})
    firsts = sorted(r["first_token_s"] for r in rows if r["first_token_s"] is not None)
    speeds = sorted(r["tokens_per_s"] for r in rows if r["tokens_per_s"])
    print(json.dumps({"runtime": args.runtime, "load_s": round(load, 3),
                      "median_first_token_s": firsts[len(firsts) // 2] if firsts else None,
                      "median_tokens_per_s": speeds[len(speeds) // 2] if speeds else None, "prompts": rows}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
