"""Benchmark: calibrate a synthetic two-floor building from surveys drawn from a known truth.

Run: ``python benchmarks/calibrate.py [--points 500] [--noise 6] [--seeds 5]``.
For each seed: a survey of ``--points`` random points (every AP whose noise-free RSSI is at
least −92 dBm is read, + Gaussian noise), then the full calibration (features, robust fit,
5-fold spatially blocked cross-validation, multiwall-nl check). Prints recovered values vs
the truth, RMSE before (shipped library, n = 2, no offset) → after (in-sample, held-out), and
the time per step. A second part fits a non-linear truth (w = 0.6) with multiwall and
multiwall-nl.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.calibrate import synth  # noqa: E402
from wifiplan.calibrate.fit import fit_paths  # noqa: E402
from wifiplan.calibrate.paths import build_paths, prior_params  # noqa: E402
from wifiplan.calibrate.run import CalibrationOptions, calibrate  # noqa: E402
from wifiplan.calibrate.survey import read_survey_csv  # noqa: E402


def one(points: int, noise: float, seed: int, tmp: Path, truth=None, model: str = "multiwall") -> tuple[dict, float, float]:
    b = synth.building()
    rows = synth.survey_rows(points, noise_db=noise, seed=seed, truth=truth)
    survey = read_survey_csv(synth.write_survey(tmp / f"s{seed}.csv", rows))
    t0 = time.perf_counter()
    paths = build_paths(b, synth.settings(b), synth.aps(), "5", floor=survey.floor, xy_m=survey.xy_m, ap=[str(a) for a in survey.ap], rss_dbm=survey.rss_dbm)
    t_feat = time.perf_counter() - t0
    prior, _ = prior_params(b, synth.settings(b), "5", model=model)
    t0 = time.perf_counter()
    fit_paths(paths, prior, model=model)
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    cal = calibrate(b, synth.settings(b), synth.aps(), survey, CalibrationOptions(model=model))
    t_all = time.perf_counter() - t0
    band = cal.bands[0]
    out = {r.name: (r.before, r.after, r.sigma, r.n_paths, r.fitted) for r in band.fit.table}
    out["_rmse"] = (band.before_rmse_db, band.fit.rmse_db, band.cv.rmse_db if band.cv else float("nan"))
    out["_n"] = len(band.paths)
    out["_nl"] = band.nl_check
    out["_times"] = (t_feat, t_fit, t_all)
    return out, t_fit, t_all


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=500)
    ap.add_argument("--noise", type=float, default=6.0)
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()
    truth = {**synth.TRUTH_MATERIALS, "path-loss exponent": synth.TRUTH_EXPONENT, "EIRP offset": synth.TRUTH_OFFSET_DB}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        results = [one(args.points, args.noise, s, tmp)[0] for s in range(args.seeds)]
        print(f"Synthetic building: 2 floors 60 x 40 m, 8 APs at 5 GHz; {args.points} points, {args.noise:g} dB noise, "
              f"{args.seeds} seeds; readings per survey: {', '.join(str(r['_n']) for r in results)}")
        print(f"{'parameter':20} {'library':>8} {'truth':>7} {'recovered (mean ± sd over seeds)':>34} {'max |err|':>9} {'σ (fit)':>8} {'paths':>6}")
        for name, value in truth.items():
            got = np.array([r[name][1] for r in results])
            sig = np.mean([r[name][2] or np.nan for r in results])
            paths = int(np.mean([r[name][3] for r in results]))
            print(f"{name:20} {results[0][name][0]:8.2f} {value:7.2f} {got.mean():26.2f} ± {got.std():5.2f} {np.abs(got - value).max():9.2f} {sig:8.2f} {paths:6d}")
        rmse = np.array([r["_rmse"] for r in results])
        print(f"RMSE, dB (mean over seeds): before {rmse[:, 0].mean():.2f} → in-sample {rmse[:, 1].mean():.2f}, "
              f"held-out {rmse[:, 2].mean():.2f} (noise {args.noise:g})")
        times = np.array([r["_times"] for r in results])
        print(f"Time, s (median): features {np.median(times[:, 0]):.3f}, one robust fit {np.median(times[:, 1]):.3f}, "
              f"full calibration incl. 5-fold CV and nl check {np.median(times[:, 2]):.3f}")
        print("suggest multiwall-nl on the linear truth:", sum(bool(r["_nl"].suggest_nl) for r in results), "of", len(results))

        nl_truth = synth.truth_settings(synth.building(), model="multiwall-nl", params={"wall_weight": {"5": 0.6}})
        print("\nNon-linear truth (multiwall-nl, w = 0.6):")
        for model in ("multiwall", "multiwall-nl"):
            rs = [one(args.points, args.noise, s, tmp, truth=nl_truth, model=model)[0] for s in range(args.seeds)]
            rm = np.array([r["_rmse"] for r in rs])
            extra = ""
            if model == "multiwall-nl":
                w = np.array([r["wall weight w"][1] for r in rs])
                extra = f", w = {w.mean():.3f} ± {w.std():.3f}"
            else:
                extra = f", suggests multiwall-nl in {sum(bool(r['_nl'].suggest_nl) for r in rs)} of {len(rs)}"
            print(f"  --model {model:13} held-out RMSE {rm[:, 2].mean():.2f} dB (in-sample {rm[:, 1].mean():.2f}){extra}")


if __name__ == "__main__":
    main()
