"""Benchmark: score the legacy and the recommended propagation defaults against measured data.

Run: ``python benchmarks/accuracy.py [--feng DIR] [--feng-2023 DIR] [--yu-library FILE] [--detail]
[--previous] [--scan-breakpoints 10,15,20]``.

Scores are RMSE in dB after one EIRP offset per survey (the mean residual is removed, as a
site survey calibrates one offset), so they measure the *shape* of the loss with distance
and walls, not the unknown transmit power.

1. Published per-distance medians (always): ITU-R P.1238-11 site-general office LoS and
   NLoS at 5.5 GHz over their valid distances ([S5]), and P.1238 classic office at 5.2 GHz,
   N = 31, 1-30 m ([S1]). These are medians of many measured buildings; they include
   typical walls, which are not modelled here (no walls given), so the NLoS and classic rows
   favour a steeper slope by construction.
2. Measured surveys, two public data sets by the same group (not shipped: download and pass
   the folders):

   - ``--feng DIR``: Feng, Nguyen & Luo (2024), "WiFi RSS & RTT dataset with different LOS
     conditions", Zenodo doi:10.5281/zenodo.11558792 (GitHub
     Fx386483710/WiFi_RSS_RTT_Dataset_for_Model_Selection, folder ``data/``): a lecture
     theatre, an office and a corridor of a university building.
   - ``--feng-2023 DIR``: Feng, Nguyen & Luo (2024), "WiFi RTT RSS dataset for indoor
     positioning", Zenodo doi:10.5281/zenodo.11558192 (GitHub
     Fx386483710/WiFi-RTT-RSS-dataset, folder ``dataset/``): a whole floor of a university
     building (92 × 15 m, 13 APs), a small office room and an apartment.

   Both give AP positions, reference-point coordinates, RSS and RTT per AP (60 or 120 scans
   per point, averaged in dBm; −200 = not heard, dropped) and a line-of-sight flag per AP.
   - ``--yu-library FILE``: H. Yu et al., RTT indoor localization data set (GitHub
     haiyaoyu/RTT-Indoor-localization-data-set, ``clean_data/dataset_Library.csv``): walks
     through a university library (about 26 × 8 m, 6 Google Wi-Fi APs) with the true
     position and the AP position of every sample, in metres. No line-of-sight flag: every
     pair is scored without walls. Samples are averaged per AP and 1 m cell (rounded true
     position). The set's office survey has no ground truth in the published files.

How the files are read (each point checked against the data's own description):

- **Coordinates are grid indices, not metres.** Both READMEs give the grid size (0.6 m;
  0.455 m for the 2023 office, 0.48 m for the apartment) and testbed sizes that match the
  index ranges times the grid (corridor: 56 × 0.6 = 33.6 m for "35 × 6 m"; floor:
  138 × 0.6 = 83 m of AP spread for "92 × 15 m"). The measured RTT ranges confirm it: per
  AP they grow 0.57–0.79 m per index unit (correlation ≥ 0.92; ``--detail`` prints it).
  Until this version the benchmark read the indices as metres.
- **RSS columns map to the listed AP positions in header order, skipping columns with no
  RSS at all.** The 2024 corridor has five RSS columns for four APs and column AP1 is
  never heard, so AP2..AP5 are the four listed positions (RTT vs distance correlation 0.985
  with this mapping, 0.46 with AP1..AP4 — one AP even anti-correlated). Until this version
  the benchmark paired AP1..AP4 with the positions. The 2023 files name the columns by AP
  id (office: AP1, AP6, AP7); the line-of-sight flags use the same ids.
- No wall geometry is published: a pair flagged non-line-of-sight gets ``--nlos-wall-db``
  (default 4 dB: one drywall at 5 GHz [S12]) in both models; ``--detail`` also fits that
  loss per survey. AP height ``--ap-height`` (not stated; assumed 2.5 m) over receivers at
  1 m (not stated; a phone held in hand). The channel is taken as 5180 MHz (not stated; a
  constant shift, removed by the offset anyway).

``--previous`` adds the 2024 surveys read the old way (indices as metres, corridor columns
AP1..AP4), so the effect of the corrections shows in the same run.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wifiplan.model.plan import Settings  # noqa: E402
from wifiplan.rf.context import PathContext  # noqa: E402
from wifiplan.rf.models import get_model  # noqa: E402
from wifiplan.rf.models_office import OFFICE_DEFAULT_PARAMS  # noqa: E402

MODELS = {
    "legacy multiwall (n=2)": Settings(),
    "multiwall-office": Settings(model="multiwall-office", params=dict(OFFICE_DEFAULT_PARAMS)),
}

#: Issue 12's goal: RMSE after one offset at most this on every measured survey of an office.
GOAL_RMSE_DB = 8.0

#: ITU-R P.1238-11 Table 2 (alpha, beta, gamma) and valid distances, m [S5].
P1238_SITE = {"office LoS": ((1.46, 34.62, 2.03), (2.0, 27.0)), "office NLoS": ((2.46, 29.53, 2.38), (4.0, 30.0))}

#: Survey files: (set, scenario label in the AP-position file, CSV stem, grid size in m from the set's README).
FENG_2024 = (("lecture theatre", "lecture_theatre", 0.6), ("office", "office", 0.6), ("corridor", "corridor", 0.6))
FENG_2023 = (("floor", "building", 0.6), ("office", "office", 0.455), ("apartment", "apartment", 0.48))


@dataclass
class Survey:
    """Point-AP pairs of one measured survey, averaged over scans."""

    name: str
    rss_dbm: np.ndarray  # (k,) mean RSS per (reference point, AP)
    horiz_m: np.ndarray  # (k,) horizontal AP-to-point distance, m
    los: np.ndarray  # (k,) bool, line-of-sight flag of the data set
    ap: np.ndarray  # (k,) index of the AP in the position list
    rtt_m: np.ndarray  # (k,) median RTT range, m (NaN when none)
    los_known: bool = True  # False: the data set has no line-of-sight flag (every pair scored without walls)

    def distance_m(self, ap_height_m: float, rx_height_m: float = 1.0) -> np.ndarray:
        return np.sqrt(self.horiz_m**2 + (ap_height_m - rx_height_m) ** 2)


def predict_db(settings: Settings, freq_mhz: float, distance_m: np.ndarray, wall_db: np.ndarray | None = None) -> np.ndarray:
    """Path loss of a model for same-floor paths (no slabs), dB, with optional wall loss per path."""
    d = np.maximum(np.asarray(distance_m, dtype=float), 1.0).reshape(1, -1)
    ctx = PathContext("5", settings, np.array([[freq_mhz]]), d, 0, 0.0)
    loss = np.asarray(get_model(settings.model)(ctx), dtype=float).reshape(-1)
    return loss + (0.0 if wall_db is None else np.asarray(wall_db, dtype=float))


def rmse_one_offset(measured_loss_db: np.ndarray, predicted_db: np.ndarray) -> tuple[float, float]:
    """(RMSE after removing the mean residual, that offset), dB."""
    resid = np.asarray(measured_loss_db) - np.asarray(predicted_db)
    offset = float(np.mean(resid))
    return float(np.sqrt(np.mean((resid - offset) ** 2))), offset


def published_medians(models: dict[str, Settings] | None = None) -> list[tuple[str, dict[str, float]]]:
    """RMSE of each model (default: ``MODELS``) against the published median curves, 0.5 m steps."""
    models = MODELS if models is None else models
    rows = []
    for name, ((alpha, beta, gamma), (lo, hi)) in P1238_SITE.items():
        d = np.arange(lo, hi + 1e-9, 0.5)
        median = 10 * alpha * np.log10(d) + beta + 10 * gamma * math.log10(5.5)
        rows.append((f"P.1238-11 {name}, 5.5 GHz, {lo:g}-{hi:g} m",
                     {m: rmse_one_offset(median, predict_db(s, 5500.0, d))[0] for m, s in models.items()}))
    d = np.arange(1.0, 30.0 + 1e-9, 0.5)
    classic = 20 * math.log10(5200) + 31 * np.log10(d) - 28
    rows.append(("P.1238 classic office, 5.2 GHz, N=31, 1-30 m",
                 {m: rmse_one_offset(classic, predict_db(s, 5200.0, d))[0] for m, s in models.items()}))
    return rows


def ap_positions(path: Path) -> dict[str, list[tuple[float, float]]]:
    """AP positions per scenario from a data set's position file, in its index units.

    Blocks separated by blank lines: a scenario name (a trailing ``:`` is dropped), then
    ``AP X: x1, x2, ...`` and ``AP Y: y1, y2, ...``. Names are lower-cased.
    """
    out: dict[str, list[tuple[float, float]]] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if len(lines) < 3:
            continue
        name = lines[0].rstrip(":").strip().lower()
        xs = [float(v) for v in lines[1].split(":", 1)[1].split(",")]
        ys = [float(v) for v in lines[2].split(":", 1)[1].split(",")]
        out[name] = list(zip(xs, ys, strict=True))
    return out


def read_survey(files: list[Path], positions: list[tuple[float, float]], *, grid_m: float, name: str,
                skip_silent_columns: bool = True) -> Survey:
    """Average the scans of one survey per (reference point, AP).

    The RSS columns (header order; with ``skip_silent_columns``, those with at least one
    reading) are the listed positions in order; coordinates × ``grid_m`` are metres. Raises
    ValueError when the column count does not match the positions.
    """
    rows: list[dict[str, str]] = []
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    rss_cols = [c for c in rows[0] if c and c.endswith("RSS(dBm)")]
    if skip_silent_columns:
        rss_cols = [c for c in rss_cols if any(float(r[c] or -200) > -199 for r in rows)]
    if len(rss_cols) < len(positions):
        raise ValueError(f"{name}: {len(rss_cols)} RSS columns with readings for {len(positions)} AP positions")
    rss_cols = rss_cols[: len(positions)]
    ap_ids = [re.match(r"AP(\d+)", c).group(1) for c in rss_cols]  # type: ignore[union-attr]
    rss: dict[tuple[float, float, int], list[float]] = {}
    rtt: dict[tuple[float, float, int], list[float]] = {}
    los: dict[tuple[float, float, int], bool] = {}
    for row in rows:
        x, y = float(row["X"]), float(row["Y"])
        flags = set(re.split(r"[\s,;]+", (row.get("LOS APs") or "").strip()))
        for j, col in enumerate(rss_cols):
            value = float(row[col] or -200)
            if value <= -199:
                continue
            key = (x, y, j)
            rss.setdefault(key, []).append(value)
            los[key] = ap_ids[j] in flags
            ranged = float(row.get(col.replace("RSS(dBm)", "RTT(mm)")) or 100000)
            if ranged < 99999:
                rtt.setdefault(key, []).append(ranged / 1000.0)
    keys = sorted(rss)
    xy = np.array([[k[0], k[1]] for k in keys]) * grid_m
    ap_xy = np.array([positions[k[2]] for k in keys]) * grid_m
    return Survey(
        name=name,
        rss_dbm=np.array([np.mean(rss[k]) for k in keys]),
        horiz_m=np.sqrt(np.sum((xy - ap_xy) ** 2, axis=1)),
        los=np.array([los[k] for k in keys]),
        ap=np.array([k[2] for k in keys]),
        rtt_m=np.array([np.median(rtt[k]) if k in rtt else np.nan for k in keys]),
    )


def read_library(path: Path) -> Survey:
    """The Yu et al. library walks, averaged per (AP, 1 m cell of the true position)."""
    cells: dict[tuple[int, int, int], list[tuple[float, float, float]]] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            key = (int(row["AP_idx"]), round(float(row["true_x"])), round(float(row["true_y"])))
            cells.setdefault(key, []).append((float(row["RSS"]), float(row["real_dis"]), float(row["RTT"])))
    keys = sorted(cells)
    mean = np.array([np.mean(cells[k], axis=0) for k in keys])
    return Survey(name="Yu library", rss_dbm=mean[:, 0], horiz_m=mean[:, 1], los=np.ones(len(keys), dtype=bool),
                  ap=np.array([k[0] - 1 for k in keys]), rtt_m=mean[:, 2], los_known=False)


def load_surveys(folder: Path, position_file: str, table: tuple[tuple[str, str, float], ...], label: str,
                 *, previous: bool = False) -> list[Survey]:
    """Every survey of one data set whose files are present (``previous``: the old reading)."""
    positions = ap_positions(folder / position_file)
    out = []
    for scenario, stem, grid_m in table:
        files = sorted(folder.glob(f"database_{stem}_*.csv"))
        if not files or scenario not in positions:
            continue
        out.append(read_survey(files, positions[scenario], grid_m=1.0 if previous else grid_m,
                               name=f"{label} {scenario}", skip_silent_columns=not previous))
    return out


def score(survey: Survey, settings: Settings, *, nlos_wall_db: float, ap_height_m: float) -> tuple[float, float]:
    """(RMSE after one offset, offset) of one model on one survey, dB."""
    walls = np.where(survey.los, 0.0, nlos_wall_db)
    return rmse_one_offset(-survey.rss_dbm, predict_db(settings, 5180.0, survey.distance_m(ap_height_m), walls))


def detail(survey: Survey, *, nlos_wall_db: float, ap_height_m: float) -> list[str]:
    """Diagnostics: geometry check by RTT, fitted slope, residuals per distance bin and LoS flag."""
    d = survey.distance_m(ap_height_m)
    lines = []
    ok = np.isfinite(survey.rtt_m)
    if ok.sum() > 2:
        slope, icpt = np.polyfit(survey.horiz_m[ok], survey.rtt_m[ok], 1)
        corr = np.corrcoef(survey.horiz_m[ok], survey.rtt_m[ok])[0, 1]
        lines.append(f"  geometry: RTT range = {slope:.2f} × distance {icpt:+.2f} m (corr {corr:.3f}; 1.0 = metres right)")
    loss = -survey.rss_dbm
    nlos = (~survey.los).astype(float)
    design = np.column_stack([np.ones_like(d), 10 * np.log10(d)] + ([nlos] if 0 < nlos.sum() < len(d) else []))
    coef = np.linalg.lstsq(design, loss, rcond=None)[0]
    fit = f"  fitted: {coef[1]:.2f}·10·log10(d)" + (f" + {coef[2]:.1f} dB if NLoS" if len(coef) > 2 else "")
    flagged = f"{int(survey.los.sum())}/{len(d)} pairs LoS" if survey.los_known else "no LoS flag, no walls"
    lines.append(fit + f"; d {d.min():.1f}-{d.max():.1f} m, {flagged}")
    bins = (1.0, 5.0, 10.0, 20.0, 30.0, 60.0)
    for name, settings in MODELS.items():
        walls = np.where(survey.los, 0.0, nlos_wall_db)
        resid = loss - predict_db(settings, 5180.0, d, walls)
        resid -= resid.mean()
        parts = [f"{lo:g}-{hi:g} m {resid[(d >= lo) & (d < hi)].mean():+.1f} (n {int(((d >= lo) & (d < hi)).sum())})"
                 for lo, hi in zip(bins[:-1], bins[1:], strict=True) if ((d >= lo) & (d < hi)).any()]
        flag = " ".join(f"{t} {resid[m].mean():+.1f}" for t, m in (("LoS", survey.los), ("NLoS", ~survey.los)) if m.any())
        base = predict_db(settings, 5180.0, d)
        both = np.column_stack([np.ones_like(d)] + ([nlos] if 0 < nlos.sum() < len(d) else []))
        c = np.linalg.lstsq(both, loss - base, rcond=None)[0]
        r = loss - base - both @ c
        fitted = f"; NLoS loss fitted {c[1]:.1f} dB → RMSE {np.sqrt(np.mean(r**2)):.2f}" if len(c) > 1 else ""
        lines.append(f"  {name}: mean residual (measured − predicted) by distance: {'; '.join(parts)} | {flag}{fitted}")
        per_ap = " ".join(f"AP{j + 1} {resid[survey.ap == j].mean():+.1f}/{np.sqrt(np.mean(resid[survey.ap == j] ** 2)):.1f}"
                          for j in np.unique(survey.ap))
        lines.append(f"    per AP (mean/RMS): {per_ap}")
    return lines


def breakpoint_settings(breakpoint_m: float, exponent_beyond: float) -> Settings:
    """multiwall-office settings with another breakpoint / far slope (the rest as shipped)."""
    params = {**OFFICE_DEFAULT_PARAMS, "breakpoint_m": breakpoint_m, "exponent_beyond_breakpoint": exponent_beyond}
    return Settings(model="multiwall-office", params=params)


def scan_breakpoints(surveys: list[Survey], breakpoints_m: list[float], args: argparse.Namespace) -> None:
    """Print the RMSE change against legacy (negative = better) per survey and published median."""
    legacy = MODELS["legacy multiwall (n=2)"]
    measured = [s for s in surveys if "[previous reading]" not in s.name]
    base = [score(s, legacy, nlos_wall_db=args.nlos_wall_db, ap_height_m=args.ap_height)[0] for s in measured]
    print(f"\nmultiwall-office at {args.exponent_beyond:g}·10 dB/decade beyond the breakpoint: RMSE − legacy RMSE, dB")
    labels = [label.split(",")[0] for label, _ in published_medians({"legacy": legacy})] + [s.name for s in measured]
    print("breakpoint  " + " | ".join(labels))
    for bp in breakpoints_m:
        settings = breakpoint_settings(bp, args.exponent_beyond)
        medians = [v["scan"] - v["legacy"] for _, v in published_medians({"legacy": legacy, "scan": settings})]
        deltas = [score(s, settings, nlos_wall_db=args.nlos_wall_db, ap_height_m=args.ap_height)[0] - b
                  for s, b in zip(measured, base, strict=True)]
        print(f"{bp:8g} m  " + " | ".join(f"{v:+.3f}" for v in medians + deltas))


def _fail(message: str) -> NoReturn:
    """Bad input: the message on stderr, exit code 2 (as wifiplan's own commands)."""
    print(f"accuracy.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feng", type=Path, help="folder 'data' of the 2024 LOS-conditions data set (module notes)")
    parser.add_argument("--feng-2023", type=Path, help="folder 'dataset' of the WiFi-RTT-RSS data set (module notes)")
    parser.add_argument("--yu-library", type=Path, help="clean_data/dataset_Library.csv of the Yu et al. data set")
    parser.add_argument("--nlos-wall-db", type=float, default=4.0)
    parser.add_argument("--ap-height", type=float, default=2.5)
    parser.add_argument("--previous", action="store_true", help="also score the 2024 surveys read as before this version")
    parser.add_argument("--detail", action="store_true", help="geometry check and residuals per survey")
    parser.add_argument("--scan-breakpoints", metavar="M,M,...",
                        help="RMSE change against legacy per survey for multiwall-office at these breakpoints")
    parser.add_argument("--exponent-beyond", type=float, default=OFFICE_DEFAULT_PARAMS["exponent_beyond_breakpoint"],
                        help="far slope used by --scan-breakpoints (default: the model's)")
    args = parser.parse_args()
    names = list(MODELS)
    print("RMSE after one offset per survey, dB")
    print(f"{'reference':58s} " + " ".join(f"{n:>24s}" for n in names) + f" {'new - legacy':>13s}")
    for label, scores in published_medians():
        print(f"{label:58s} " + " ".join(f"{scores[n]:24.2f}" for n in names) + f" {scores[names[1]] - scores[names[0]]:+13.3f}")
    sets = [(args.feng, "lecture theatre+office+corridor_AP_position.txt", FENG_2024, "Feng 2024"),
            (args.feng_2023, "Floor+office+apartment_AP_coords.txt", FENG_2023, "Feng RTT-RSS")]
    if args.feng is None and args.feng_2023 is None and args.yu_library is None:
        print("(measured surveys: pass --feng DIR, --feng-2023 DIR, --yu-library FILE; see the module notes)")
        return
    surveys: list[Survey] = []
    for folder, position_file, table, label in sets:
        if folder is None:
            continue
        if not (folder / position_file).is_file():
            _fail(f"{folder}: no '{position_file}' here (see the module notes for the folder to pass)")
        try:
            found = load_surveys(folder, position_file, table, label)
            if args.previous and table is FENG_2024:
                found += [Survey(**{**vars(s), "name": s.name + " [previous reading]"})
                          for s in load_surveys(folder, position_file, table, label, previous=True)]
        except (KeyError, ValueError, IndexError) as err:
            _fail(f"{folder}: not in the data set's format ({type(err).__name__}: {err})")
        if not found:
            _fail(f"{folder}: no database_*.csv survey files")
        surveys += found
    if args.yu_library is not None:
        if not args.yu_library.is_file():
            _fail(f"{args.yu_library}: not a file")
        try:
            surveys.append(read_library(args.yu_library))
        except (KeyError, ValueError) as err:
            _fail(f"{args.yu_library}: not the library file's format ({type(err).__name__}: {err})")
    worse, over_goal, counted = [], [], 0
    for survey in surveys:
        scores = {n: score(survey, s, nlos_wall_db=args.nlos_wall_db, ap_height_m=args.ap_height)[0] for n, s in MODELS.items()}
        delta = scores[names[1]] - scores[names[0]]
        row = f"{survey.name} ({len(survey.rss_dbm)} pairs)"
        print(f"{row:58s} " + " ".join(f"{scores[n]:24.2f}" for n in names) + f" {delta:+13.3f}")
        if args.detail:
            print("\n".join(detail(survey, nlos_wall_db=args.nlos_wall_db, ap_height_m=args.ap_height)))
        if "[previous reading]" in survey.name:
            continue
        counted += 1
        worse += [survey.name] if delta > 5e-4 else []
        over_goal += [survey.name] if scores[names[1]] > GOAL_RMSE_DB else []
    if args.scan_breakpoints:
        scan_breakpoints(surveys, [float(v) for v in args.scan_breakpoints.split(",")], args)
    if counted:
        print(f"{names[1]}: worse than legacy (> 0.0005 dB) on {len(worse)} of {counted} measured surveys"
              + (f" ({', '.join(worse)})" if worse else "")
              + f"; above the {GOAL_RMSE_DB:g} dB goal on {len(over_goal)}" + (f" ({', '.join(over_goal)})" if over_goal else ""))


if __name__ == "__main__":
    main()
