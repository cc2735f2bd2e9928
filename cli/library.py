"""`python -m rag add|list|remove`: the user's document library (rag/documents/library.py), indexed one document
at a time (rag/retrieval/index.py): adding, replacing or removing a document indexes only that document."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from cli.errors import EXIT_CORPUS, EXIT_USER, VERBOSE_HELP, err, errors, fail, setup_logging
from cli.output import out


def _settings():
    from rag.config import Settings

    return Settings.from_env()


class _Indexer:
    """Indexes one document at a time with encoders loaded once for all the files of one `add`."""

    def __init__(self, settings):
        self.settings = settings
        self._encoders = None

    def index(self, versions) -> int:
        """Index `versions` (completed as the pipeline will serve them); returns its passages."""
        from rag.documents.load import complete
        from rag.retrieval.index import open_index
        from vectorstore.embeddings import USEEmbeddings, load_e5

        loaded = complete(versions, self.settings, lambda m: err.print(f"[yellow]{m}[/]", highlight=False))
        if self._encoders is None:
            self._encoders = {"e5": load_e5(self.settings.model_dir), "use": USEEmbeddings()}
        open_index(self.settings, loaded.versions, self._encoders, on_notice=lambda m: None, payload=loaded.payload)
        return len(loaded.versions.original.passages())


def add(
    files: list[Path] = typer.Argument(..., help="Text files as extracted from UN PDFs, or PDF files."),
    language: Optional[str] = typer.Option(None, "--language", help="zh or en (default: read from the text)."),
    symbol: Optional[str] = typer.Option(None, "--symbol", help="The document symbol (default: read from the text)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list, one object per document."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
):
    """Add documents to the library (a document already there in that language is replaced: a revision)."""
    from rag.documents.corpus import CorpusError
    from rag.documents.library import AddResult, Library, LibraryError, read_file

    setup_logging(verbose)
    if language not in (None, "zh", "en"):
        fail(f"unknown --language {language!r}; choose zh or en", EXIT_USER)
    settings = _settings()
    library, indexer = Library(settings.library_dir), _Indexer(settings)
    results, failed = [], 0
    for path in files:
        try:
            with errors(passing=(CorpusError, LibraryError)):
                parsed, text = read_file(path, language, symbol)
                staged, replaced = library.stage(parsed, text, source=path.name)
                # indexed before it joins the library: killed half-way, the library is the one it was
                units = indexer.index(library.load_staged(staged, parsed.document.id))
                library.commit(staged, parsed.document.id)
        except (CorpusError, LibraryError) as e:  # this file only: the others are still added
            err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        doc = parsed.document
        result = AddResult(doc.id, doc.kind, doc.language, units, replaced, parsed.warnings)
        results.append(result)
        if not as_json:
            note = " (replaced the earlier version)" if replaced else ""
            out.print(f"{doc.id}  {doc.kind}  {doc.language}  {units} passages{note}", highlight=False)
            for w in parsed.warnings:
                err.print(f"[yellow]{doc.id}: {w}[/]", highlight=False)
    if as_json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1))
    if failed:
        raise typer.Exit(EXIT_CORPUS)


def list_documents(as_json: bool = typer.Option(False, "--json", help="Print the library as JSON."),
                   verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP)):
    """List the library's documents: symbol, kind, title, date, language versions, passages."""
    from rag.documents.catalogue import catalogue

    setup_logging(verbose)
    with errors():
        entries = catalogue(_settings())
    if as_json:
        print(json.dumps({"documents": [e.to_dict() for e in entries]}, ensure_ascii=False, indent=1))
        return
    for e in entries:
        langs = ", ".join(f"{v.language} ({v.provenance})" for v in e.versions)
        out.print(f"{e.symbol}  {e.kind}  {e.date}  {e.passages} passages  [{langs}]\n    {e.title}", highlight=False,
                  markup=False)


def remove(symbol: str = typer.Argument(..., help="The symbol of the document to remove, e.g. S/PV.7857."),
           verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP)):
    """Remove a document (all its versions) from the library, and its index."""
    from rag.documents.library import Library, LibraryError
    from rag.documents.load import project_symbol
    from rag.retrieval.index import remove_index

    setup_logging(verbose)
    settings = _settings()
    with errors():
        if symbol == project_symbol(settings):
            fail(f"{symbol} is the project's own document (data/); it cannot be removed", EXIT_USER)
        try:
            Library(settings.library_dir).remove(symbol)
        except LibraryError as e:
            fail(str(e), EXIT_USER)
        remove_index(settings, symbol)
    err.print(f"removed {symbol}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command("list")(list_documents)
    app.command()(remove)
