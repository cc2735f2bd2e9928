"""`--out` files (cli/files.py): an existing file is not replaced without --force, a symbolic link is never
followed, and a write is atomic (no temporary file left, the old content or the new one, never a mix)."""
import os

import pytest

from cli.files import OutputError, write_text


def test_a_new_file_is_written(tmp_path):
    target = tmp_path / "note.md"
    write_text(target, "# note\n")
    assert target.read_text() == "# note\n" and sorted(os.listdir(tmp_path)) == ["note.md"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_an_existing_file_is_kept_without_force(tmp_path):
    target = tmp_path / "mine.md"
    target.write_text("my own notes")
    with pytest.raises(OutputError, match="already exists; add --force"):
        write_text(target, "new")
    assert target.read_text() == "my own notes" and sorted(os.listdir(tmp_path)) == ["mine.md"]


def test_a_read_only_file_is_kept_without_force(tmp_path):
    target = tmp_path / "ro.md"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(OutputError):
        write_text(target, "new")
    assert target.read_text() == "keep"


def test_force_replaces_atomically(tmp_path):
    target = tmp_path / "note.md"
    target.write_text("old")
    inode = target.stat().st_ino
    write_text(target, "new", force=True)
    assert target.read_text() == "new" and target.stat().st_ino != inode  # a new file renamed in, not rewritten
    assert sorted(os.listdir(tmp_path)) == ["note.md"]


@pytest.mark.parametrize("force", [False, True])
def test_a_symbolic_link_is_not_followed(tmp_path, force):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "note.md"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_text(link, "overwritten?", force=force)
    assert victim.read_text() == "precious" and link.is_symlink()


def test_a_dangling_link_is_not_followed_either(tmp_path):
    link = tmp_path / "note.md"
    link.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OutputError, match="symbolic link"):
        write_text(link, "x")
    assert not (tmp_path / "elsewhere.txt").exists()


def test_a_folder_or_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        write_text(tmp_path, "x", force=True)
    with pytest.raises(OutputError, match="does not exist"):
        write_text(tmp_path / "no" / "note.md", "x")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
