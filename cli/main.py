"""Command line: `python -m rag ask|outline|eval|index|serve|brief` (also installed as the `unrag` console script).

Exit codes: 0 success; 1 an unexpected failure; 2 a user mistake (empty, too long or undecodable question or
topic, unreadable question file, unknown option value); 3 the corpus cannot be read or parsed; 4 the configuration
cannot be used (a RAG_* variable's value, an index folder that is a file, holds someone else's files, or cannot be
written). Every error is one line on standard error; `--verbose` adds the traceback of an unexpected one.
"""
from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from rag.config import Settings, SettingsError
from rag.documents.corpus import CorpusError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Cited question answering over UN document S/2017/105.")
err = Console(stderr=True)
out = Console()
log = logging.getLogger("cli.main")

EXIT_FAILURE, EXIT_USER, EXIT_CORPUS, EXIT_CONFIG = 1, 2, 3, 4


@contextmanager
def _errors() -> Iterator[None]:
    """Turn every failure into one line on standard error and its exit code."""
    from rag.pipeline import QuestionError
    from vectorstore.e5_onnx import ModelError
    from vectorstore.store import IndexLocationError

    try:
        yield
    except typer.Exit:
        raise
    except QuestionError as e:
        _fail(str(e), EXIT_USER)
    except CorpusError as e:
        _fail(str(e), EXIT_CORPUS)
    except (SettingsError, IndexLocationError, ModelError) as e:
        _fail(str(e), EXIT_CONFIG)
    except KeyboardInterrupt:
        raise typer.Exit(130)
    except Exception as e:
        log.debug("unexpected failure", exc_info=True)
        _fail(f"unexpected failure ({type(e).__name__}); run again with --verbose for the details", EXIT_FAILURE)


def _settings(top_k: Optional[int] = None) -> Settings:
    return Settings.from_env(top_k=top_k)


def _setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("faiss", "bm25s", "httpx", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _fail(message: str, code: int) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _pipeline(top_k: Optional[int] = None, backend: Optional[str] = None):
    from rag.pipeline import RagPipeline

    settings = _settings(top_k)
    pipeline = RagPipeline(settings, answerer=_answerer(backend, settings, lambda: pipeline.encoders),
                           on_notice=lambda m: err.print(f"[yellow]{m}[/]", highlight=False))
    return pipeline


def _answerer(backend: Optional[str], settings: Settings, encoders):
    """The answerer for `--backend` (or RAG_BACKEND): extractive, auto, local, openai, ollama (see rag/llm)."""
    from rag.llm import make_answerer

    try:
        return make_answerer(backend, settings, encoders=encoders)
    except ValueError as e:
        _fail(str(e), EXIT_USER)


def _batch(pipeline, as_json: bool) -> int:
    """`ask -`: one question per line of standard input, one answer per line out, always in step: a line that is not
    UTF-8 text, blank or too long gets an error object in its place and the batch goes on. Returns the failures."""
    from rag.pipeline import QuestionError

    failures = 0
    for n, raw in enumerate(sys.stdin.buffer, 1):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
            answer = pipeline.ask(text).to_dict()
        except UnicodeDecodeError as e:
            answer = {"line": n, "error": f"line {n} is not UTF-8 text (bad byte at offset {e.start})"}
        except QuestionError as e:
            answer = {"line": n, "question": text[:200], "error": str(e)}
        failures += "error" in answer
        if as_json:
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        elif "error" in answer:
            err.print(f"[bold red]line {n}:[/] {answer['error']}", highlight=False)
        else:
            print_answer(answer)
    return failures


BACKEND_HELP = ("Answer generator: extractive (quoted sentences), auto (local once `make setup-llm` prepared it, else "
                "extractive), local (the GGUF in this process), openai, ollama. Default: RAG_BACKEND or extractive.")


def print_answer(answer: dict) -> None:
    """Readable answer: the text, then each cited source with its label and quoted sentence."""
    style = "bold" if answer["status"] == "answered" else "bold yellow"
    out.print(answer["answer"], style=style, highlight=False)
    if answer.get("notice"):
        err.print(f"[yellow]{answer['notice']}[/]", highlight=False)
    if answer["citations"]:
        out.print("\nSources:", style="dim")
        for c in answer["citations"]:
            out.print(f" [{c['n']}] {c['label']}", style="cyan", highlight=False, markup=False)
            out.print(f"     “{c['quote']}”", highlight=False, markup=False)


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, or '-' to read one question per line from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per question (the stable contract)."),
    top_k: Optional[int] = typer.Option(None, "--top-k", min=1, max=30, help="Passages to retrieve."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
):
    """Answer a question with citations to the document's sections and paragraphs."""
    _setup_logging(verbose)
    with _errors():
        pipeline = _pipeline(top_k, backend)
        if question == "-":
            if _batch(pipeline, as_json):
                raise typer.Exit(EXIT_USER)
            return
        answer = pipeline.ask(question).to_dict()
        if as_json:
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        else:
            print_answer(answer)


@app.command()
def outline(as_json: bool = typer.Option(False, "--json", help="Print the outline as JSON."),
            lang: Optional[str] = typer.Option(None, "--lang", help="The language version: zh (the original) or en.")):
    """Show the document's recovered structure: letter, annex, sections, paragraphs (in any language version)."""
    _setup_logging(False)
    from rag.documents.corpus import load_document
    from rag.documents.versions import load_versions

    with _errors():
        s = _settings()
        original = load_document(s.corpus, s.metadata)
        versions = load_versions(original, s.corpus)
    doc = versions.version(lang) if lang else original
    if doc is None:
        _fail(f"{original.id} has no {lang!r} version here; available: {', '.join(versions.languages)}", EXIT_USER)
    if as_json:
        print(json.dumps({"documents": [doc.to_dict()]}, ensure_ascii=False, indent=1))
        return
    out.print(f"[bold]{doc.id}[/]  {doc.date}  {doc.title}", highlight=False)
    if doc.note:
        out.print(doc.note, style="yellow", highlight=False)
    for section in doc.walk():
        depth = section.number.count(".")
        out.print(f"{'  ' * depth}§{section.number} {section.title}  ({len(section.paragraphs)} ¶)", highlight=False)


@app.command("eval")
def evaluate(
    file: Path = typer.Argument(..., help="Questions in JSON lines (see shared/eval/dev.jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: bool = typer.Option(False, "--details", help="Also list every question's outcome."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
):
    """Score retrieval and answers on a question file, per language."""
    _setup_logging(False)
    from rag.evaluation import score as ev

    try:
        rows = ev.load_questions(file)
    except (OSError, ValueError) as e:
        _fail(f"cannot read {file}: {e}", EXIT_USER)
    with _errors():
        pipeline = _pipeline(top_k=max(_settings().top_k, 5), backend=backend)
        pipeline.warm_up()
        results = ev.run(rows, lambda q: pipeline.ask(q).to_dict())
    report = ev.report_dict(ev.aggregate(results))
    if as_json:
        print(json.dumps({"mode": pipeline.answerer.mode, "scores": report,
                          "questions": [r.__dict__ for r in results] if details else []}, ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{file.name} · mode {pipeline.answerer.mode}")
    metrics = ["questions", "hit@1", "recall@3", "mrr", "facts_found", "refusals_right", "false_refusals",
               "citations_verified", "in_question_language", "median_seconds", "p90_seconds",
               "median_first_token_seconds"]
    table.add_column("metric")
    langs = [lang for lang in ("zh", "en", "all") if lang in report]
    for lang in langs:
        table.add_column(lang, justify="right")
    for m in metrics:
        table.add_row(m, *[str(report[lang][m]) for lang in langs])
    out.print(table)
    if details:
        for r in results:
            mark = "ok " if (r.answerable and r.rank == 1 and r.facts_found) or (not r.answerable and r.status == "not_found") else "-- "
            out.print(f"{mark}{r.id} {r.language} rank={r.rank} status={r.status} facts={r.facts_found} {r.answer[:70]}",
                      highlight=False, markup=False)


@app.command()
def index(rebuild: bool = typer.Option(False, "--rebuild", help="Build even if the index is up to date.")):
    """Build the search index if it is missing or out of date (`--rebuild` forces it)."""
    _setup_logging(False)
    with _errors():
        s = _settings()
        pipeline = _pipeline()
        store = pipeline.rebuild_index() if rebuild else pipeline.store
    counts = store.manifest.get("counts", {})
    err.print(f"index ready at {s.index_dir}: {counts}", highlight=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 exposes the app beyond this machine."),
    port: int = typer.Option(7860, "--port", min=1, max=65535, help="Port to listen on."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
):
    """Start the Gradio chat app (chat with cited sources, document outline, `ask` API endpoint)."""
    _setup_logging(verbose)
    from ui.app import MAX_TOP_K
    from ui.server import serve as serve_app

    with _errors():
        default_top_k = _settings().top_k
        pipeline = _pipeline(top_k=max(default_top_k, MAX_TOP_K), backend=backend)  # the UI lists up to MAX_TOP_K
        err.print(f"loading models and index… (answers: {pipeline.answerer.mode})", highlight=False)
        if pipeline.answerer.unavailable:
            err.print(f"[yellow]generated answers are off: {pipeline.answerer.unavailable}[/]", highlight=False)
        pipeline.warm_up()
        err.print(f"serving on http://{host}:{port}", highlight=False)
        serve_app(pipeline, host=host, port=port, default_top_k=default_top_k)


@app.command()
def brief(
    topic: str = typer.Argument(..., help="The topic, e.g. '调解' or 'role of the Security Council'."),
    fmt: str = typer.Option("text", "--format", "-f", help="text (readable, default), md (Markdown) or json."),
    out_file: Optional[Path] = typer.Option(None, "--out", help="Also write the note as Markdown to this file."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
):
    """A briefing note on a topic: every relevant point, grouped by section, each a cited quote."""
    _setup_logging(verbose)
    from rag.brief import note as briefing

    if fmt not in ("text", "md", "json"):
        _fail(f"unknown --format {fmt!r}; choose text, md or json", EXIT_USER)
    with _errors():
        pipeline = _pipeline()
        try:
            note = briefing.brief(pipeline, topic)
        except briefing.TopicError as e:
            _fail(str(e), EXIT_USER)
    if fmt == "json":
        print(json.dumps(briefing.to_dict(note), ensure_ascii=False, indent=1))
    elif fmt == "md":
        print(briefing.to_markdown(note), end="")
    else:
        print(briefing.to_text(note), end="")
    if out_file is not None:
        try:
            out_file.write_text(briefing.to_markdown(note), encoding="utf-8")
        except OSError as e:
            _fail(f"cannot write {out_file}: {e}", EXIT_USER)
        err.print(f"wrote {out_file}", highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130)
