"""`wifiplan materials|profiles|radios|channels`: the shipped library as tables and JSON."""

from __future__ import annotations

import json

import pytest

from tests.reliability.test_corpus import run_inproc
from wifiplan.library import load_library


@pytest.mark.parametrize("command,attr", [("materials", "materials"), ("profiles", "profiles")])
def test_json_lists_every_entry_with_its_source(command: str, attr: str) -> None:
    code, out, _ = run_inproc([command, "--format", "json"])
    assert code == 0
    rows = json.loads(out)
    assert sorted(r["name"] for r in rows) == sorted(getattr(load_library(), attr))
    assert all(r["source"].strip() for r in rows)


def test_tables_show_short_citations() -> None:
    code, out, _ = run_inproc(["materials"])
    assert code == 0 and "drywall" in out and "[S11]" in out
    code, out, _ = run_inproc(["radios"])
    assert code == 0 and "wifi6e-2x2" in out and "laptop" in out


@pytest.mark.parametrize("args,count", [
    (["channels", "JP", "--band", "5", "--width", "80", "--format", "json"], 5),
    (["channels", "JP", "--band", "5", "--width", "20", "--avoid-dfs", "--format", "json"], 4),
    (["channels", "US", "--band", "2.4", "--format", "json"], 11),
    (["channels", "JP", "--band", "6", "--width", "160", "--format", "json"], 3),
    (["channels", "DE", "--band", "2.4", "--format", "json"], 13),
])
def test_channel_counts(args: list[str], count: int) -> None:
    code, out, err = run_inproc(args)
    assert code == 0, err
    assert len(json.loads(out)) == count


@pytest.mark.parametrize("args,fragment", [
    (["channels", "XX"], "JP, US"),
    (["channels", "JP", "--band", "7"], "unknown band"),
    (["channels", "JP", "--band", "2.4", "--width", "80"], "not used"),
    (["materials", "--format", "xml"], "table or json"),
])
def test_bad_options_exit_2(args: list[str], fragment: str) -> None:
    code, out, err = run_inproc(args)
    assert code == 2
    assert fragment in out + err
