"""Benchmark: score the legacy and the recommended propagation defaults against measured data.

Run: ``python benchmarks/accuracy.py [--feng DIR] [--nlos-wall-db 4] [--ap-height 2.5]``.

Scores are RMSE in dB after one EIRP offset per survey (the mean residual is removed, as a
site survey calibrates one offset), so they measure the *shape* of the loss with distance
and walls, not the unknown transmit power.

1. Published per-distance medians (always): ITU-R P.1238-11 site-general office LoS and
   NLoS at 5.5 GHz over their valid distances ([S5], standards.md §1.3), and P.1238 classic
   office at 5.2 GHz, N = 31, 1-30 m ([S1], standards.md §1.2). These are medians of many
   measured buildings; they include typical walls, which are not modelled here (no walls
   given), so the NLoS and classic rows favour a steeper slope by construction.
2. Measured surveys (``--feng DIR``): Feng, Nguyen & Luo (2024), WiFi RSS & RTT dataset with
   different LOS conditions, Zenodo doi:10.5281/zenodo.11558792 (GitHub
   Fx386483710/WiFi_RSS_RTT_Dataset_for_Model_Selection, ``data/`` folder): a lecture
   theatre, an office and a corridor with AP positions, reference-point coordinates, RSS
   per AP and a line-of-sight flag per AP. No wall geometry is published, so a pair flagged
   non-line-of-sight gets ``--nlos-wall-db`` (default 4 dB: one drywall at 5 GHz [S12]) in
   both models. AP height ``--ap-height`` (assumed 2.5 m) over receivers at 1 m; the
   channel is taken as 5180 MHz (a constant shift, removed by the offset anyway). The data
   is not shipped with wifiplan: download the ``data/`` folder and pass its path.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

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

#: ITU-R P.1238-11 Table 2 (alpha, beta, gamma) and valid distances, m [S5].
P1238_SITE = {"office LoS": ((1.46, 34.62, 2.03), (2.0, 27.0)), "office NLoS": ((2.46, 29.53, 2.38), (4.0, 30.0))}


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


def published_medians() -> list[tuple[str, dict[str, float]]]:
    """RMSE of each model against the published median curves, 0.5 m steps."""
    rows = []
    for name, ((alpha, beta, gamma), (lo, hi)) in P1238_SITE.items():
        d = np.arange(lo, hi + 1e-9, 0.5)
        median = 10 * alpha * np.log10(d) + beta + 10 * gamma * math.log10(5.5)
        rows.append((f"P.1238-11 {name}, 5.5 GHz, {lo:g}-{hi:g} m",
                     {m: rmse_one_offset(median, predict_db(s, 5500.0, d))[0] for m, s in MODELS.items()}))
    d = np.arange(1.0, 30.0 + 1e-9, 0.5)
    classic = 20 * math.log10(5200) + 31 * np.log10(d) - 28
    rows.append(("P.1238 classic office, 5.2 GHz, N=31, 1-30 m",
                 {m: rmse_one_offset(classic, predict_db(s, 5200.0, d))[0] for m, s in MODELS.items()}))
    return rows


def _ap_positions(folder: Path) -> dict[str, list[tuple[float, float]]]:
    text = (folder / "lecture theatre+office+corridor_AP_position.txt").read_text(encoding="utf-8")
    out: dict[str, list[tuple[float, float]]] = {}
    blocks = [b for b in text.split("\n\n") if b.strip()]
    for block in blocks:
        lines = [ln.strip() for ln in block.strip().splitlines()]
        name = lines[0].strip().replace(" ", "_")
        xs = [float(v) for v in lines[1].split(":", 1)[1].split(",")]
        ys = [float(v) for v in lines[2].split(":", 1)[1].split(",")]
        out[name] = list(zip(xs, ys, strict=True))
    return out


def feng_surveys(folder: Path, *, nlos_wall_db: float, ap_height_m: float) -> list[tuple[str, int, dict[str, tuple[float, float]]]]:
    """Per scenario: (name, pairs, {model: (RMSE, offset)}) from the train and test files together.

    RSS is averaged per (reference point, AP) over the scans (−200 = not heard is dropped);
    the measured loss is −RSS (the EIRP is the fitted offset).
    """
    positions = _ap_positions(folder)
    out = []
    for scenario, aps in sorted(positions.items()):
        files = sorted(folder.glob(f"database_{scenario}_*.csv"))
        if not files:
            continue
        sums: dict[tuple[float, float, int], list[float]] = {}
        los: dict[tuple[float, float, int], bool] = {}
        for path in files:
            with path.open(newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    x, y = float(row["X"]), float(row["Y"])
                    flags = {int(v) for v in (row.get("LOS APs") or "").split()}
                    for k in range(1, len(aps) + 1):
                        rss = float(row.get(f"AP{k} RSS(dBm)", "-200") or -200)
                        if rss <= -199:
                            continue
                        sums.setdefault((x, y, k), []).append(rss)
                        los[(x, y, k)] = k in flags
        keys = sorted(sums)
        rss = np.array([np.mean(sums[k]) for k in keys])
        xy = np.array([[k[0], k[1]] for k in keys])
        ap_xy = np.array([aps[k[2] - 1] for k in keys])
        d = np.sqrt(np.sum((xy - ap_xy) ** 2, axis=1) + (ap_height_m - 1.0) ** 2)
        walls = np.array([0.0 if los[k] else nlos_wall_db for k in keys])
        scores = {m: rmse_one_offset(-rss, predict_db(s, 5180.0, d, walls)) for m, s in MODELS.items()}
        out.append((scenario, len(keys), scores))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feng", type=Path, help="folder with the Feng et al. (2024) data files")
    parser.add_argument("--nlos-wall-db", type=float, default=4.0)
    parser.add_argument("--ap-height", type=float, default=2.5)
    args = parser.parse_args()
    names = list(MODELS)
    print("RMSE after one offset per survey, dB")
    print(f"{'reference':55s} " + " ".join(f"{n:>24s}" for n in names))
    for label, scores in published_medians():
        print(f"{label:55s} " + " ".join(f"{scores[n]:24.2f}" for n in names))
    if args.feng is None:
        print("(measured surveys: pass --feng DIR, see the module notes)")
        return
    if not args.feng.is_dir():
        raise SystemExit(f"--feng {args.feng}: not a folder")
    for scenario, pairs, scores in feng_surveys(args.feng, nlos_wall_db=args.nlos_wall_db, ap_height_m=args.ap_height):
        label = f"Feng 2024 {scenario} ({pairs} point-AP pairs)"
        print(f"{label:55s} " + " ".join(f"{scores[n][0]:24.2f}" for n in names))


if __name__ == "__main__":
    main()
