"""File-system care for what the project writes: ordinary permissions, and folders it may replace.

Written by hand: a few os calls; no library marks a folder as its own.
"""
from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o644  # rw-r--r--: any user of the machine can read what the project prepared
DIR_MODE = 0o755


def make_readable(root: Path) -> None:
    """Give `root` and everything under it ordinary permissions (some writers, safetensors among them, create files
    readable by their owner only: another user then gets "No such file or directory" for a file that is there)."""
    paths = [root, *root.rglob("*")] if root.is_dir() else [root]
    for p in paths:
        try:
            os.chmod(p, DIR_MODE if p.is_dir() else FILE_MODE)
        except OSError:
            pass
