"""Load test: many users asking at once through the real server, as programs do.

    python benchmarks/load_test.py [--path rest|openai|gradio] [--users 50] [--questions 4] [--url URL] [--json]

Paths: `rest` posts to /api/v1/ask, `openai` to /v1/chat/completions (not streamed), `gradio` calls the chat app's
`ask` endpoint through gradio_client. Without --url it starts `python -m rag serve` on a free port (extractive
answers, the default; the per-client rate limit off, since every user comes from 127.0.0.1), waits until it
answers, and stops it at the end; `--env NAME=VALUE` passes settings to that server (e.g. RAG_API_WORKERS=40).

The users run in separate processes (`--procs`, default 4), so that the load generator does not starve the server
of the GIL; each user is a thread that asks its questions one after the other (taken in turn from the development
questions, so users ask different things), all starting at the same moment. During a rest or openai run one more
client asks the chat page (gradio `ask`) a question every second: `page_*` says whether the page kept answering.

Prints {"path", "users", "requests", "failures", "p50_s", "p95_s", "max_s", "requests_per_s", ...}; with a server
it started, also `server_cpu_ms_per_request` (the server process's CPU time over the run ÷ requests), which other
work on the machine disturbs less than the timings.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
sys.path.insert(0, str(ROOT))

from rag.evaluation.score import percentile  # noqa: E402

PATHS = ("rest", "openai", "gradio")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer within {timeout_s:g} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def asker(path: str, url: str, key: str | None):
    """A function question -> ok, for one user of `path`."""
    if path == "gradio":
        from gradio_client import Client

        client = Client(url, verbose=False, download_files=False, httpx_kwargs={"timeout": 120})

        def ask(q: str) -> bool:
            a = client.predict(q, api_name="/ask")
            return isinstance(a, dict) and a.get("status") in ("answered", "not_found")
        return ask
    import httpx

    headers = {"authorization": f"Bearer {key}"} if key else {}
    http = httpx.Client(base_url=url, timeout=120, headers=headers)
    if path == "rest":
        def ask(q: str) -> bool:
            r = http.post("api/v1/ask", json={"question": q})
            return r.status_code == 200 and r.json()["status"] in ("answered", "not_found")
    else:
        def ask(q: str) -> bool:
            r = http.post("v1/chat/completions", json={"model": "unrag", "messages": [{"role": "user", "content": q}]})
            return r.status_code == 200 and "citations" in r.json()
    return ask


def users_process(path: str, url: str, key: str | None, user_ids: list[int], per_user: int, questions: list[str],
                  start_at: float, out) -> None:
    """One load-generating process: a thread per user; sends back [(latency, ok, error), ...]."""
    results: list[tuple[float, bool, str]] = []
    lock = threading.Lock()
    asks = {k: asker(path, url, key) for k in user_ids}  # clients made before the clock starts

    def user(k: int) -> None:
        time.sleep(max(0.0, start_at - time.time()))
        for j in range(per_user):
            q = questions[(k * per_user + j) % len(questions)]
            t0 = time.perf_counter()
            try:
                ok, error = asks[k](q), ""
            except Exception as e:  # counted, not fatal
                ok, error = False, repr(e)[:200]
            with lock:
                results.append((time.perf_counter() - t0, ok, error))

    threads = [threading.Thread(target=user, args=(k,)) for k in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((results, time.time()))


def page_probe(url: str, stop: threading.Event, start_at: float, found: list[float]) -> None:
    """The chat page's own endpoint, asked once a second during the run."""
    ask = asker("gradio", url, None)
    time.sleep(max(0.0, start_at - time.time()))
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            ok = ask("秘书长说战争是不可避免的吗？")
        except Exception:
            ok = False
        found.append(time.perf_counter() - t0 if ok else float("inf"))
        stop.wait(1.0)


def run(path: str, url: str, users: int, per_user: int, questions: list[str], procs: int, key: str | None) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 8 + users * 0.05  # time for every process to import and make its clients
    groups = [list(range(users))[i::procs] for i in range(min(procs, users))]
    workers = [ctx.Process(target=users_process, args=(path, url, key, g, per_user, questions, start_at, out))
               for g in groups]
    for w in workers:
        w.start()
    stop, page = threading.Event(), []
    probe = threading.Thread(target=page_probe, args=(url, stop, start_at, page)) if path != "gradio" else None
    if probe:
        probe.start()
    parts = [out.get() for _ in workers]
    stop.set()
    for w in workers:
        w.join()
    if probe:
        probe.join()
    results = [r for rs, _ in parts for r in rs]
    wall = max(end for _, end in parts) - start_at
    latencies = sorted(r[0] for r in results)
    failures = [r[2] or "wrong answer" for r in results if not r[1]]
    report = {"path": path, "users": users, "requests": len(results), "failures": len(failures),
              "p50_s": round(percentile(latencies, 0.5), 2), "p95_s": round(percentile(latencies, 0.95), 2),
              "max_s": round(max(latencies, default=0.0), 2), "requests_per_s": round(len(results) / wall, 1),
              "first_failures": failures[:3]}
    if probe:
        ok = sorted(p for p in page if p != float("inf"))
        report |= {"page_asked": len(page), "page_answered": len(ok), "page_max_s": round(max(ok, default=0.0), 2)}
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", choices=PATHS, default="gradio")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--questions", type=int, default=4, help="questions per user")
    ap.add_argument("--procs", type=int, default=4, help="load-generating processes")
    ap.add_argument("--url", help="a running server; default: start one")
    ap.add_argument("--key", default=os.environ.get("RAG_API_KEY"), help="bearer token for rest and openai")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the started server")
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--json", action="store_true", help="print only the JSON line (the default output too)")
    args = ap.parse_args()
    questions = [json.loads(line)["question"] for line in args.dev.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    proc, url = None, args.url
    if url is None:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "RAG_API_RATE_PER_MINUTE": "0",
               **dict(e.split("=", 1) for e in args.env)}
        proc = subprocess.Popen([sys.executable, "-m", "rag", "serve", "--port", str(port)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        wait_until_up(url, proc)
    try:
        cpu0 = cpu_seconds(proc.pid) if proc else 0.0
        report = run(args.path, url, args.users, args.questions, questions, args.procs, args.key)
        if proc:  # the server's own CPU per request (page probes included): steadier than timings on a shared machine
            report["server_cpu_ms_per_request"] = round((cpu_seconds(proc.pid) - cpu0) * 1000 / report["requests"], 1)
        print(json.dumps(report))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
