"""Atomic outputs: no partial files, no overwrite without force, never over an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from wifiplan.errors import InputError, OutputExistsError
from wifiplan.io import atomic


def test_write_then_refuse_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "a.txt"
    atomic.write_text(atomic.check_output(out), "one\n")
    assert out.read_text() == "one\n"
    with pytest.raises(OutputExistsError, match="--force"):
        atomic.check_output(out)
    atomic.write_text(atomic.check_output(out, force=True), "two\n")
    assert out.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temp files left


def test_input_is_never_overwritten_even_with_force(tmp_path: Path) -> None:
    src = tmp_path / "b.yaml"
    src.write_text("x")
    with pytest.raises(OutputExistsError, match="input"):
        atomic.check_output(src, force=True, inputs=[src])


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        atomic.check_output(tmp_path / "nope" / "x.txt")


def test_interrupted_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "c.txt"
    out.write_text("old")

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(out, "new")
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.txt"]
