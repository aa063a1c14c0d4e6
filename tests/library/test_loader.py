"""Library loading: caching, domains by code or alias, extra files, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from wifiplan.errors import ConfigError
from wifiplan.library import LIBRARY_FILES, data_dir, get_domain, load_library, load_library_from


def test_load_library_is_cached() -> None:
    assert load_library() is load_library()


def test_every_entry_has_a_source() -> None:
    lib = load_library()
    entries = [
        *lib.materials.values(), *lib.profiles.values(),
        *lib.ap_presets.values(), *lib.client_presets.values(), *lib.domains.values(),
    ]
    assert entries
    assert all(entry.source.strip() for entry in entries)
    groups = [g for d in lib.domains.values() for p in d.bands.values() for g in p.groups.values()]
    assert all(g.source.strip() for g in groups)
    assert lib.mcs.source.strip() and lib.mcs.sensitivity_source.strip()


def test_domains_and_aliases() -> None:
    assert sorted(load_library().domains) == ["EU", "JP", "US"]
    assert get_domain("jp").code == "JP"
    assert get_domain(" us ").name == "United States"
    assert get_domain("DE").code == "EU"


def test_unknown_country_lists_known() -> None:
    with pytest.raises(ConfigError, match=r"unknown country 'XX'; known: EU, JP, US"):
        get_domain("XX")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in LIBRARY_FILES:
        (folder / name).write_text(data_dir().joinpath(name).read_text(encoding="utf-8"))
    return folder


def test_extra_yaml_files_are_ignored(data_copy: Path) -> None:
    (data_copy / "costs_jp.yaml").write_text("currency: JPY\nitems: {drop: 25000}\n")
    (data_copy / "notes.txt").write_text("not yaml: [")
    lib = load_library_from(data_copy)
    assert lib.model_dump() == load_library().model_dump()


def test_shipped_folder_holds_every_library_file() -> None:
    names = {p.name for p in data_dir().iterdir()}
    assert set(LIBRARY_FILES) <= names


def test_missing_file_is_config_error(data_copy: Path) -> None:
    (data_copy / "mcs.yaml").unlink()
    with pytest.raises(ConfigError, match="mcs.yaml"):
        load_library_from(data_copy)


def test_bad_entry_gives_located_error(data_copy: Path) -> None:
    path = data_copy / "materials.yaml"
    path.write_text(path.read_text().replace('color: "#c8c8c8"', 'color: "grey"'))
    with pytest.raises(ConfigError, match=r"materials.yaml: materials\.drywall\.color"):
        load_library_from(data_copy)


def test_unknown_client_in_profile_is_error(data_copy: Path) -> None:
    path = data_copy / "profiles.yaml"
    path.write_text(path.read_text().replace("client: tablet", "client: pager", 1))
    with pytest.raises(ConfigError, match="unknown client preset 'pager'"):
        load_library_from(data_copy)


def test_invalid_yaml_and_wrong_format(data_copy: Path) -> None:
    (data_copy / "radios.yaml").write_text("ap_presets: [\n")
    with pytest.raises(ConfigError, match="radios.yaml: invalid YAML"):
        load_library_from(data_copy)
    (data_copy / "radios.yaml").write_text("format: 2\n")
    with pytest.raises(ConfigError, match="format 2"):
        load_library_from(data_copy)


def test_unknown_key_is_rejected(data_copy: Path) -> None:
    path = data_copy / "radios.yaml"
    path.write_text(path.read_text().replace("streams: 2\n", "streams: 2\n    colour: red\n", 1))
    with pytest.raises(ConfigError, match="Extra inputs are not permitted"):
        load_library_from(data_copy)
