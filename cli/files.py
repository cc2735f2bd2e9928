"""Files the command line writes for the user (`brief --out`): never over an existing file unless asked
(`--force`), never through a symbolic link, and atomically (a reader sees the old file or the whole new one).

Written by hand, on the standard library: the note is written to a temporary file beside the target
(`tempfile.mkstemp`: created new, so no link is followed) and moved into place: without `--force` by `os.link`,
which fails when the name exists, so a file that appears meanwhile is not replaced either; with it by `os.replace`,
which swaps a name (never writing through a link that appeared meanwhile). The one maintained package for this
(`atomicwrites`) is archived.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class OutputError(ValueError):
    """The output file cannot be written as asked; the message names the file and the reason."""


def check_target(path: Path, force: bool) -> None:
    """Raise OutputError unless `path` may be written: not a symbolic link, not a folder, and new unless `force`."""
    if path.is_symlink():
        raise OutputError(f"{path} is a symbolic link; it is not followed (give the path of a file instead)")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give the path of a file")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; add --force to replace it")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` (UTF-8) to `path` atomically, as `check_target` allows; OutputError when it cannot be."""
    check_target(path, force)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        _move(tmp, path, force)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _move(tmp: str, path: Path, force: bool) -> None:
    if force:
        if path.is_symlink():  # appeared since the check: replacing the link would still not follow it, but say so
            raise OutputError(f"{path} is a symbolic link; it is not followed (give the path of a file instead)")
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name exists: no file is replaced without --force
    except FileExistsError:
        raise OutputError(f"{path} already exists; add --force to replace it") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        check_target(path, force=False)  # a file system without hard links: check again, then rename
        os.rename(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
