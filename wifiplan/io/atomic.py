"""Atomic output files: write a temporary file beside the target, then rename it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from wifiplan.errors import InputError, OutputExistsError
from wifiplan.testhooks import checkpoint

__all__ = ["check_output", "write_bytes", "write_text"]


def check_output(path: str | os.PathLike[str], *, force: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Check that ``path`` may be written; return it as a Path.

    Raises
    ------
    OutputExistsError
        If ``path`` is one of ``inputs`` (never overwritten, even with ``force``), or
        exists and ``force`` is false.
    InputError
        If its directory does not exist or ``path`` is a directory.
    """
    out = Path(path)
    for item in inputs:
        try:
            if Path(item).resolve() == out.resolve():
                raise OutputExistsError(f"{out}: refusing to overwrite an input file; choose another output name")
        except OSError:
            continue
    if out.is_dir():
        raise InputError(f"{out}: is a directory; give a file name for the output")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{out}: directory {parent} does not exist; create it first")
    if out.exists() and not force:
        raise OutputExistsError(f"{out}: already exists; use --force to overwrite it")
    return out


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temp file in the same directory, fsync, rename.

    An interrupted write (Ctrl-C, crash) leaves the old file or none, never a partial one.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        checkpoint("atomic-write")  # tests: Ctrl-C with the temporary file complete, not yet renamed
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` (``\\n`` line ends) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
