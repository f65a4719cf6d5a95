"""The Bragg-disk-fit baseline (physml.stem.physics.bragg_fit) on specimen v2 (made by specimen_v2.py): strain and
rotation errors against the ground truth at each dose, on random off-wall positions. Writes bragg_v2.json here.

Usage: python nbs/stem_results/bragg_v2.py [--seed 0] [--n 300]
"""
import argparse, json, os, time
from pathlib import Path
import numpy as np
import torch

torch.set_num_threads(1)
from physml.core import PhysmlError
from physml.stem.physics import bragg_fit
from physml.stem.specimen import load_specimen, reciprocal_basis
from physml.stem.simulate import default_cache_dir

p = argparse.ArgumentParser()
p.add_argument('--seed', type=int, default=0)
p.add_argument('--n', type=int, default=300)
a = p.parse_args()
folder = default_cache_dir() / 'specimen_v2'
out = {'seed': a.seed, 'n': a.n, 'load_avg_start': os.getloadavg()[0]}
for edge, dose in [(e, d) for e in (False, True) for d in ('1000', '10000', '100000')]:
    sp = load_specimen(folder / f'specimen_v2_seed{a.seed}_dose{dose}.h5', clean=False)
    B = reciprocal_basis(sp['library_config'])
    ok = np.flatnonzero(~sp['wall'].ravel())
    pick = np.random.default_rng(a.seed).choice(ok, min(a.n, len(ok)), replace=False)
    X = sp['data'].reshape(-1, *sp['data'].shape[2:])
    E, T = sp['strain'].reshape(-1, 3), sp['rotation_deg'].ravel()
    err_e, err_t, fails, t0 = [], [], 0, time.time()
    for i in pick:
        try:
            r = bragg_fit(X[i], B, sp['mrad_per_px'], edge=edge)
        except PhysmlError:
            fails += 1
            continue
        err_e.append(r['strain'] - E[i])
        err_t.append((r['theta_deg'] - T[i] + 45) % 90 - 45)
    err_e, err_t = np.asarray(err_e), np.asarray(err_t)
    out[('edge_' if edge else 'disk_') + dose] = {'strain_rmse_pct': float(100 * np.sqrt((err_e**2).mean())),
                 'strain_rmse_pct_per_component': (100 * np.sqrt((err_e**2).mean(0))).tolist(),
                 'strain_median_abs_pct': float(100 * np.median(np.abs(err_e))),
                 'rotation_rmse_deg': float(np.sqrt((err_t**2).mean())),
                 'rotation_median_abs_deg': float(np.median(np.abs(err_t))),
                 'failed': fails, 'fit_ms': round(1e3 * (time.time() - t0) / len(pick), 1)}
    print(edge, dose, out[('edge_' if edge else 'disk_') + dose], flush=True)
out['load_avg_end'] = os.getloadavg()[0]
Path(__file__).with_name('bragg_v2.json').write_text(json.dumps(out, indent=1))
