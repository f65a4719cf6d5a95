"""Terminal velocity of a single sphere vs Hadamard-Rybczynski (issue 21, part 2).

A sphere of radius R = 1 at the centre of the free-slip box [-q, q]^3, solved in the quarter box [0, q]^2 x [-q, q]
(free-slip walls are mirror planes), with m cells per radius. For each m the box-wall correction is removed by fitting
v(q) = v_inf + a / q + b / q^3 over q = 2, 3, 4 (the leading image correction of a point force is O(R/L)).
Writes hadamard.json beside this file (resumable: finished runs are kept).

    .venv/bin/python nbs/crystal_results/stokes3d/hadamard.py
"""
import json, os, sys, time
from pathlib import Path
import numpy as np
from physml.crystal.stokes3d import (ellipsoid_phase, crystal_material, solve_stokes3d, crystal_velocity,
                                     hadamard_rybczynski)

OUT = Path(__file__).with_name('hadamard.json')
LAMS, MS, QS = (1e3, 1.0), (4, 6, 8, 12), (2, 3, 4, 6)
MAX_CELLS = 250_000  # m = 12, q = 6 (750k cells) is left out


def run(lam, m, q):
    n = q * m
    ext = (0, q, 0, q, -q, q)
    ph = ellipsoid_phase((2 * n, n, n), ext, [(0, 0, 0)], [1.0], sub=8)
    eta, rho = crystal_material(ph, 1.0, lam, 1.0)
    t = time.perf_counter()
    r = solve_stokes3d(eta, rho, ext, g=1.0, tol=1e-9)
    return dict(lam=lam, m=m, q=q, cells=int(ph.size), v=-crystal_velocity(r, ph), seconds=time.perf_counter() - t,
                iterations=r.info['iterations'], rel_div=r.max_relative_divergence())


def main():
    res = json.loads(OUT.read_text()) if OUT.exists() else {'runs': []}
    done = {(r['lam'], r['m'], r['q']) for r in res['runs']}
    for lam in LAMS:
        for m in MS:
            for q in QS:
                if (lam, m, q) in done or 2 * (q * m) ** 3 > MAX_CELLS:
                    continue
                row = run(lam, m, q)
                print(row, flush=True)
                res['runs'].append(row)
                OUT.write_text(json.dumps(res, indent=1))
    fits = []
    for lam in LAMS:
        vhr = hadamard_rybczynski(1.0, 1.0, 1.0, 1.0, lam)
        for m in MS:
            rows = sorted((r for r in res['runs'] if r['lam'] == lam and r['m'] == m), key=lambda r: r['q'])
            q = np.array([r['q'] for r in rows], float)
            v = np.array([r['v'] for r in rows])
            coef = np.linalg.lstsq(np.stack([np.ones_like(q), 1 / q, 1 / q**3], 1), v, rcond=None)[0]
            fits.append(dict(lam=lam, m=m, qs=q.tolist(), v_inf=float(coef[0]), v_hr=vhr,
                             rel_err=float(coef[0] / vhr - 1),
                             wall_coef=float(-coef[1] / coef[0])))
    res['fits'] = fits
    res['load_average'] = os.getloadavg()
    OUT.write_text(json.dumps(res, indent=1))
    for f in fits:
        print(f)


if __name__ == '__main__':
    main()
