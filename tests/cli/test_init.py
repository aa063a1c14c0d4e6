"""`wifiplan init`: a starter building that validates clean and plans, never overwritten without --force."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tests.reliability.test_corpus import run_inproc


def test_starter_validates_and_is_not_overwritten(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        code, _, err = run_inproc(["init", "b.yaml"])
        assert code == 0, err
        text = Path("b.yaml").read_text()
        assert text.startswith("# yaml-language-server: $schema=")
        code, out, err = run_inproc(["validate", "--strict", "b.yaml"])
        assert code == 0, out + err
        Path("b.yaml").write_text(text + "# edited\n")
        code, _, err = run_inproc(["init", "b.yaml"])
        assert code == 2 and "--force" in err
        assert Path("b.yaml").read_text().endswith("# edited\n")
        code, _, _ = run_inproc(["init", "b.yaml", "--force"])
        assert code == 0 and Path("b.yaml").read_text() == text


def test_starter_to_stdout(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        code, out, _ = run_inproc(["init", "-"])
    assert code == 0 and "format: 1" in out and list(tmp_path.iterdir()) == []
