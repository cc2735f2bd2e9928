"""Command line: `python -m rag ask|outline|eval|index|serve|brief|mcp` (also installed as the `unrag` console script).

The commands parse options, call the library and print; failures and exit codes are cli/errors.py, what is printed
for people is cli/output.py. Limits (how many passages may be asked for) come from the settings.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from cli.errors import EXIT_USER, VERBOSE_HELP, err, errors, fail, setup_logging
from cli.files import check_target, write_text
from cli.library import register as register_library
from cli.output import print_answer, print_outline, print_scores
from rag.config import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Cited question answering over UN document S/2017/105.")

BACKEND_HELP = ("Answer generator: extractive (quoted sentences), auto (local once `make setup-llm` prepared it, else "
                "extractive), local (the GGUF in this process), openai, ollama. Default: RAG_BACKEND or extractive.")
CHECK_HELP = ("Also have the local model (make setup-llm) check that the quoted sentences state what is asked, and "
              "refuse when they do not (1-3 s more per answer; RAG_ANSWERABILITY_LLM_CHECK=1).")


def _settings(top_k: Optional[int] = None, check: bool = False) -> Settings:
    settings = Settings.from_env()
    if top_k is not None and not 1 <= top_k <= settings.retrieval.max_top_k:
        fail(f"--top-k must be between 1 and {settings.retrieval.max_top_k} (got {top_k})", EXIT_USER)
    if check:
        from dataclasses import replace

        from rag.llm.backends import check_backend

        reason = check_backend("local", settings)
        if reason:
            fail(f"--check needs the local model: {reason}", EXIT_USER)
        settings = replace(settings, answerability=replace(settings.answerability, llm_check=True))
    return settings.with_top_k(top_k)


def _pipeline(top_k: Optional[int] = None, backend: Optional[str] = None, translate: bool = False,
              check: bool = False):
    from rag.answers.modes import make_composer
    from rag.pipeline import RagPipeline

    settings = _settings(top_k, check)
    try:
        composer = make_composer(backend, settings, encoders=lambda: pipeline.encoders)
    except ValueError as e:
        fail(str(e), EXIT_USER)
    pipeline = RagPipeline(settings, composer=composer,
                           on_notice=lambda m: err.print(f"[yellow]{m}[/]", highlight=False), translate=translate)
    return pipeline


def _batch(pipeline, as_json: bool, docs: Optional[list[str]] = None) -> int:
    """`ask -`: one question per line of standard input, one answer per line out, always in step: a line that is not
    UTF-8 text, blank or too long gets an error object in its place and the batch goes on. Returns the failures."""
    from rag.analysis.clean import QuestionError, echo

    failures = 0
    for n, raw in enumerate(sys.stdin.buffer, 1):
        answer = None
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
            answer = pipeline.ask(text, documents=docs)
            result = answer.to_dict()
        except UnicodeDecodeError as e:
            result = {"line": n, "error": f"line {n} is not UTF-8 text (bad byte at offset {e.start})"}
        except QuestionError as e:
            result = {"line": n, "question": echo(text, pipeline.settings.question.echo_chars), "error": str(e)}
        failures += "error" in result
        if as_json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        elif answer is None:
            err.print(f"[bold red]line {n}:[/] {result['error']}", highlight=False)
        else:
            print_answer(answer)
    return failures


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question, or '-' to read one question per line from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per question (the stable contract)."),
    top_k: Optional[int] = typer.Option(None, "--top-k", help="Passages to retrieve (at most RAG_RETRIEVAL_MAX_TOP_K)."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    docs: Optional[list[str]] = typer.Option(None, "--doc", help="Search only this document (repeatable)."),
    check: bool = typer.Option(False, "--check", help=CHECK_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
):
    """Answer a question with citations to the documents' own units (sections and paragraphs, speaker turns,
    operative paragraphs)."""
    setup_logging(verbose)
    with errors():
        pipeline = _pipeline(top_k, backend, check=check)
        if question == "-":
            if _batch(pipeline, as_json, docs):
                raise typer.Exit(EXIT_USER)
            return
        answer = pipeline.ask(question, documents=docs)
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            print_answer(answer)


@app.command()
def outline(as_json: bool = typer.Option(False, "--json", help="Print the outline as JSON."),
            lang: Optional[str] = typer.Option(None, "--lang", help="The language version: zh (the original) or en."),
            doc_symbol: Optional[str] = typer.Option(None, "--doc", help="The document (default: S/2017/105)."),
            verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP)):
    """Show a document's recovered structure: sections (or turns, operative paragraphs), paragraphs, in any
    language version."""
    setup_logging(verbose)
    from rag.documents.load import load_library

    with errors():
        library = {d.versions.id: d.versions for d in load_library(_settings(), lambda m: None, translate=False)}
    versions = library.get(doc_symbol) if doc_symbol else next(iter(library.values()))
    if versions is None:
        fail(f"the library holds no document {doc_symbol}; `python -m rag list` shows what it holds", EXIT_USER)
    original = versions.original
    doc = versions.version(lang) if lang else original
    if doc is None:
        fail(f"{original.id} has no {lang!r} version here; available: {', '.join(versions.languages)}", EXIT_USER)
    if as_json:
        print(json.dumps({"documents": [doc.to_dict()]}, ensure_ascii=False, indent=1))
        return
    print_outline(doc)


@app.command("eval")
def evaluate(
    file: Path = typer.Argument(..., help="Questions in JSON lines (see shared/eval/dev.jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: bool = typer.Option(False, "--details", help="Also list every question's outcome."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    check: bool = typer.Option(False, "--check", help=CHECK_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
):
    """Score retrieval and answers on a question file, per language."""
    setup_logging(verbose)
    from rag.evaluation import score as ev

    try:
        rows = ev.load_questions(file)
    except (OSError, ValueError) as e:
        fail(f"cannot read {file}: {e}", EXIT_USER)
    retrieval = Settings.from_env().retrieval
    depth = max(retrieval.top_k, 5)  # ranks count within the first `depth` passages (rag/evaluation/score.py)
    with errors():
        # more passages listed than ranks count, so that the question's document's first `depth` are among them
        # when other documents' passages rank above
        pipeline = _pipeline(top_k=retrieval.max_top_k, backend=backend, check=check)
        pipeline.warm_up()
        results = ev.run(rows, lambda q: pipeline.ask(q).to_dict(), document=pipeline.versions.id, depth=depth)
    report = ev.report_dict(ev.aggregate(results))
    mode = pipeline.composer.mode
    if as_json:
        print(json.dumps({"mode": mode, "document": pipeline.versions.id, "documents_searched": len(pipeline.library),
                          "scores": report,
                          "questions": [r.__dict__ for r in results] if details else []}, ensure_ascii=False, indent=1))
        return
    searched = len(pipeline.library)
    print_scores(f"{file.name} · mode {mode} · about {pipeline.versions.id} · {searched} document"
                 f"{'s' if searched > 1 else ''} searched", report)
    if details:
        from cli.output import out

        for r in results:
            mark = "ok " if (r.answerable and r.rank == 1 and r.facts_found) or (not r.answerable and r.status == "not_found") else "-- "
            other = f" top={r.top_document}" if r.other_document_first else ""
            other += f" from={r.answered_from}" if r.from_other_document else ""
            out.print(f"{mark}{r.id} {r.language} rank={r.rank} document_rank={r.document_rank}{other} "
                      f"status={r.status} facts={r.facts_found} {r.answer[:70]}", highlight=False, markup=False)


@app.command()
def index(rebuild: bool = typer.Option(False, "--rebuild", help="Build even if the index is up to date."),
          verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP)):
    """Build the search index if it is missing or out of date (`--rebuild` forces it), and the machine version of
    every document in a language it lacks when the local LLM is prepared (with progress; once, kept in the index)."""
    setup_logging(verbose)
    with errors():
        pipeline = _pipeline(translate=True)
        stores = pipeline.rebuild_index() if rebuild else pipeline.stores
    for symbol, store in stores.items():
        err.print(f"{symbol}: {store.manifest.get('counts', {})}", highlight=False)
    err.print(f"index ready at {pipeline.settings.index_dir} ({len(stores)} document(s))", highlight=False)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 exposes the app beyond this machine."),
    port: int = typer.Option(7860, "--port", min=1, max=65535, help="Port to listen on."),
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
):
    """Start the Gradio chat app (chat with cited sources, document outline, `ask` API endpoint)."""
    setup_logging(verbose)
    from api.settings import ApiSettings
    from ui.server import serve as serve_app

    with errors():
        api_settings = ApiSettings.from_env()
        api_settings.check_host(host)  # before the models load: beyond loopback, programs need RAG_API_KEY
        pipeline = _pipeline(backend=backend)
        composer = pipeline.composer
        err.print(f"loading models and index… (answers: {composer.mode})", highlight=False)
        if composer.unavailable:
            err.print(f"[yellow]generated answers are off: {composer.unavailable}[/]", highlight=False)
        pipeline.warm_up()
        err.print(f"serving on http://{host}:{port}", highlight=False)
        serve_app(pipeline, host=host, port=port, api_settings=api_settings)


@app.command()
def mcp(
    backend: Optional[str] = typer.Option(None, "--backend", help=BACKEND_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
):
    """Serve the MCP tools (ask, brief, search, outline, list_documents) over standard input and output."""
    setup_logging(verbose)  # logs go to standard error: standard output carries the protocol
    import anyio

    from api.app import make_pool
    from api.mcp_tools import build_mcp
    from api.settings import ApiSettings

    with errors():
        settings = ApiSettings.from_env()
        pipeline = _pipeline(backend=backend)
        anyio.run(build_mcp(pipeline, make_pool(pipeline, settings)).run_stdio_async)


@app.command()
def brief(
    topic: str = typer.Argument(..., help="The topic, e.g. '调解' or 'role of the Security Council'."),
    fmt: str = typer.Option("text", "--format", "-f", help="text (readable, default), md (Markdown) or json."),
    out_file: Optional[Path] = typer.Option(None, "--out", help="Also write the note as Markdown to this new file."),
    force: bool = typer.Option(False, "--force", help="Let --out replace an existing file (never through a link)."),
    docs: Optional[list[str]] = typer.Option(None, "--doc", help="Search only this document (repeatable)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
):
    """A briefing note on a topic: every relevant point, grouped by document then section, each a cited quote."""
    setup_logging(verbose)
    from rag import brief as briefing

    if fmt not in ("text", "md", "json"):
        fail(f"unknown --format {fmt!r}; choose text, md or json", EXIT_USER)
    with errors():
        if out_file is not None:
            check_target(out_file, force)  # before any work: a refusal costs nothing
        pipeline = _pipeline()
        try:
            note = briefing.brief(pipeline, topic, docs or None)
        except briefing.TopicError as e:
            fail(str(e), EXIT_USER)
    if fmt == "json":
        print(json.dumps(briefing.to_dict(note), ensure_ascii=False, indent=1))
    elif fmt == "md":
        print(briefing.to_markdown(note), end="")
    else:
        print(briefing.to_text(note), end="")
    if out_file is not None:
        with errors():
            write_text(out_file, briefing.to_markdown(note), force=force)
        err.print(f"wrote {out_file}", highlight=False)


register_library(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130)
