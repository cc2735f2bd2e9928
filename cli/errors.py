"""How the command line fails: one line on standard error and an exit code (README, "Commands").

    0 success; 1 an unexpected failure; 2 a user mistake (empty, too long or undecodable question or topic,
    unreadable question file, unknown option value, an `--out` file that exists or is a link); 3 the corpus cannot be read or parsed; 4 the configuration
    cannot be used (a RAG_* variable's value, an index folder that is a file, holds someone else's files, or cannot
    be written, an e5 model folder whose files do not load).

Every message names its cause, the underlying one included (an unexpected failure: its type and message); the
traceback is shown only with `--verbose`, which every command takes.
"""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from typing import Iterator, NoReturn

import typer
from rich.console import Console

from cli.files import OutputError
from rag.analysis.clean import QuestionError
from rag.config import SettingsError
from rag.documents.corpus import CorpusError

err = Console(stderr=True)
log = logging.getLogger("cli")

EXIT_FAILURE, EXIT_USER, EXIT_CORPUS, EXIT_CONFIG = 1, 2, 3, 4
VERBOSE_HELP = "Log what happens, and show the traceback of an unexpected failure."


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def errors(passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn every failure into one line on standard error and its exit code (`passing`: exceptions the caller
    handles itself, e.g. one file of several that cannot be read)."""
    from api.settings import ApiSettingsError
    from vectorstore.e5_onnx import ModelError
    from vectorstore.store import IndexLocationError

    try:
        yield
    except (typer.Exit, *passing):
        raise
    except (QuestionError, OutputError) as e:
        fail(str(e), EXIT_USER)
    except CorpusError as e:
        fail(str(e), EXIT_CORPUS)
    except (SettingsError, IndexLocationError, ModelError, ApiSettingsError) as e:
        fail(str(e), EXIT_CONFIG)
    except KeyboardInterrupt:
        raise typer.Exit(130)
    except Exception as e:
        log.debug("unexpected failure", exc_info=True)  # the traceback, with --verbose
        hint = "" if log.isEnabledFor(logging.DEBUG) else "; run again with --verbose for the traceback"
        fail(f"unexpected failure: {cause(e)}{hint}", EXIT_FAILURE)


def cause(e: BaseException, limit: int = 300) -> str:
    """One line that names a failure: its type and its own message (whitespace folded, cut at `limit`)."""
    message = " ".join(str(e).split())
    if len(message) > limit:
        message = message[:limit] + "…"
    return f"{type(e).__name__}: {message}" if message else type(e).__name__


def setup_logging(verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("faiss", "bm25s", "httpx", "jieba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
