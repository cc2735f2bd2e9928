"""How the command line fails (cli/errors.py): one line that names the cause, the underlying message included;
the traceback only with --verbose; and every command takes --verbose."""
import logging

import pytest
import typer

from cli.errors import EXIT_FAILURE, errors
from cli.main import app


def _fail_with(exc: BaseException, capsys) -> tuple[int, str]:
    with pytest.raises(typer.Exit) as e:
        with errors():
            raise exc
    return e.value.exit_code, capsys.readouterr().err


def test_an_unexpected_failure_names_its_cause_in_one_line(capsys):
    faiss_like = RuntimeError("Error in void faiss::write_index(...) at index_write.cpp:499: Error: 'ret == (size)'\n"
                              "failed: write error in /tmp/x.faiss: 102355 != 3072000 (File too large)")
    code, err = _fail_with(faiss_like, capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == EXIT_FAILURE and len(lines) == 1, err
    assert "RuntimeError" in err and "File too large" in err and "--verbose" in err and "Traceback" not in err


def test_verbose_shows_the_traceback(capsys, caplog):
    log = logging.getLogger("cli")
    old = log.level
    log.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="cli"):
            code, err = _fail_with(KeyError("the missing key"), capsys)
    finally:
        log.setLevel(old)
    assert code == EXIT_FAILURE and "the missing key" in err and "run again with --verbose" not in err
    assert any(r.exc_info for r in caplog.records)


def test_every_command_takes_verbose():
    group = typer.main.get_command(app)
    assert {"ask", "outline", "eval", "index", "serve", "brief", "add", "list", "remove"} <= set(group.commands)
    for name, command in group.commands.items():
        options = {o for p in command.params for o in p.opts}
        assert "--verbose" in options, name
