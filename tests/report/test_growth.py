"""The expansion-path table, CSV and chart from a hand-made path (arithmetic checked by hand)."""

from __future__ import annotations

import csv
import io

from wifiplan.report.growth import GROWTH_COLUMNS, growth_chart_png, growth_csv, growth_text


def _row(step, added, spares, runs, cost, met=True):
    return {"step": step, "people": 100 * (1 + step), "aps": 10 + added, "aps_added": added, "on_spares": spares,
            "new_positions": added - spares, "new_runs": runs, "switches_added": 0, "spares_left": 3 - spares,
            "cost": cost / 1.1, "cost_incl_tax": cost, "requirements_met": met}


PATH = {
    "building": "B", "currency": "JPY", "decimals": 0, "start": {"aps": 10, "spares": 3, "people": 100},
    "paths": {"with_spares": [_row(0.15, 0, 0, 0, 0.0), _row(0.5, 3, 3, 0, 600_000.0)],
              "without_spares": [_row(0.15, 0, 0, 0, 0.0), _row(0.5, 3, 0, 3, 1_500_000.0, met=False)]},
    "totals_incl_tax": {"with_spares": 600_000.0, "without_spares": 1_500_000.0},
    "prepare_now": {"cost": 300_000.0, "cost_incl_tax": 400_000.0, "spares": 3},
    # saving = 1,500,000 − 600,000 − 400,000 = 500,000
    "saving_incl_tax": 500_000.0,
    "assumptions": ["step s: headcount × (1 + s)"],
}


def test_table_shows_both_paths_the_difference_and_assumptions() -> None:
    text = growth_text(PATH)
    row = next(line for line in text.splitlines() if line.startswith("+50%"))
    assert "3 / 3" in row and "3 / 0" in row and "0 / 3" in row
    assert "600,000" in row and "1,500,000" in row and "900,000" in row      # 1,500,000 − 600,000
    assert "requirements not met: without" in row
    assert "saving of preparing now over the path: 500,000 JPY" in text
    assert "prepared now in the first project (3 spare outlets): 400,000 JPY" in text
    assert text.rstrip().endswith("- step s: headcount × (1 + s)")


def test_csv_one_row_per_path_and_step() -> None:
    rows = list(csv.DictReader(io.StringIO(growth_csv(PATH))))
    assert tuple(rows[0]) == GROWTH_COLUMNS and len(rows) == 4
    last = rows[-1]
    assert (last["path"], last["step"], last["on_spares"], last["new_runs"], last["requirements_met"]) == (
        "without_spares", "0.5", "0", "3", "false")


def test_chart_is_a_png_and_deterministic() -> None:
    a, b = growth_chart_png(PATH), growth_chart_png(PATH)
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == b
