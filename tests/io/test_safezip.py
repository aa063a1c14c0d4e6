"""Safe ZIP reading: path traversal, member count, declared size and compression-ratio limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from wifiplan.errors import InputError, LimitError
from wifiplan.io.safezip import check_name, open_zip, read_member


def make(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/passwd", "\\\\server\\x", "C:/x", "..\\x", "a\x00b"])
def test_unsafe_names(name: str) -> None:
    with pytest.raises(InputError, match="unsafe member name"):
        check_name(name, "a.zip")


@pytest.mark.parametrize("name", ["floorPlans.json", "image-1234", "venue/unit.geojson", "a..b.json"])
def test_safe_names(name: str) -> None:
    check_name(name, "a.zip")


def test_member_count_limit(tmp_path: Path) -> None:
    p = make(tmp_path / "many.zip", {f"m{k}.json": b"{}" for k in range(5)})
    with pytest.raises(LimitError, match="5 members exceed the limit of 4"):
        open_zip(p, max_members=4)
    open_zip(p, max_members=5).close()


def test_total_size_limit(tmp_path: Path) -> None:
    p = make(tmp_path / "big.zip", {"a": b"x" * 1000, "b": b"y" * 1000})
    with pytest.raises(LimitError, match="over the limit"):
        open_zip(p, max_total_bytes=1500)


def test_compression_ratio_limit(tmp_path: Path) -> None:
    p = make(tmp_path / "bomb.zip", {"a.json": b"\0" * (3 << 20)})
    with pytest.raises(LimitError, match="zip bomb"):
        open_zip(p)


def test_read_member_stops_at_limit(tmp_path: Path) -> None:
    p = make(tmp_path / "ok.zip", {"a": b"x" * 100})
    with open_zip(p) as zf:
        assert read_member(zf, "a") == b"x" * 100
        with pytest.raises(LimitError, match="beyond 10 bytes"):
            read_member(zf, "a", limit=10)


def test_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_text("hello")
    with pytest.raises(InputError, match="not a ZIP"):
        open_zip(tmp_path / "x.zip")
    with pytest.raises(InputError, match="not found"):
        open_zip(tmp_path / "missing.zip")
