"""How good is the closed-form isoviscous flow alone? R² and relative L2 against the solver's fields of a data set.

Usage (from the repository root): .venv/bin/python nbs/crystal_results/iso_prior.py NAME FILE.h5 [NAME FILE.h5 ...]
Appends to nbs/crystal_results/iso_prior.json.
"""
import json, sys, time
from pathlib import Path
import numpy as np
from physml.crystal.evaluate import _load_set, _isoviscous_velocity, field_metrics

OUT = Path(__file__).parent / 'iso_prior.json'
res = json.loads(OUT.read_text()) if OUT.exists() else {}
args = sys.argv[1:]
for name, path in zip(args[::2], args[1::2]):
    ph, true = _load_set(path)
    t0 = time.perf_counter()
    pred = _isoviscous_velocity(ph)
    dt = (time.perf_counter() - t0) / len(ph)
    m = field_metrics(ph, true, pred, name)
    a = float((pred * true).sum() / (pred * pred).sum())  # the best single scale factor, for the record
    res[name] = {'data': path, 'n': len(ph), 'size': list(ph.shape[1:]), 'r2': m['r2'], 'r2_vx': m['r2_vx'],
                 'r2_vz': m['r2_vz'], 'rel_l2': m['rel_l2'], 'hotspot_gt_pred_px_mean': m['hotspot_gt_pred_px_mean'],
                 'best_scale': a, 's_per_sample_batched': dt}
    print(name, {k: round(v, 4) for k, v in res[name].items() if isinstance(v, float)})
OUT.write_text(json.dumps(res, indent=1))
