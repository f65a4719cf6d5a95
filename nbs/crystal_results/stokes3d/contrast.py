"""Robustness of the Krylov solver to the viscosity contrast (issue 21, part 1): one crystal at contrast 1e3 and 1e6,
2D 256^2 and 512^2 (circle R = 0.1), 3D 32^3 and 48^3 (sphere R = 0.2); iterations, residual history, stop rule.
Writes contrast.json beside this file:

    OPENBLAS_NUM_THREADS=1 .venv/bin/python nbs/crystal_results/stokes3d/contrast.py
"""
import json, os, time
from pathlib import Path
import numpy as np
from physml.crystal.stokes import solve_stokes
from physml.crystal.stokes3d import solve_stokes_krylov, solve_stokes3d, ellipsoid_phase, crystal_material

rows = []
for dim, n in (('2d', 256), ('2d', 512), ('3d', 32), ('3d', 48)):
    for lam in (1e3, 1e6):
        load = os.getloadavg()
        t = time.perf_counter()
        if dim == '2d':
            xc = -1 + (np.arange(n) + 0.5) * 2 / n
            X, Z = np.meshgrid(xc, xc)
            inside = X**2 + Z**2 < 0.1**2
            args = (np.where(inside, lam, 1.0), np.where(inside, 1.0, 0.0), (-1, 1, -1, 1))
            r = solve_stokes_krylov(*args, g=1.0)
            sec = time.perf_counter() - t
            rd = solve_stokes(*args, g=1.0)
            dv = max(abs(r.vx_face - rd.vx_face).max(), abs(r.vz_face - rd.vz_face).max())
            vs_direct = dv / abs(rd.vz_face).max()
        else:
            ext = (-1, 1, -1, 1, -1, 1)
            ph = ellipsoid_phase((n,) * 3, ext, [(0, 0, 0)], [0.2])
            r = solve_stokes3d(*crystal_material(ph, 1.0, lam, 1.0), ext, g=1.0)
            sec, vs_direct = time.perf_counter() - t, None
        i = r.info
        rows.append(dict(dim=dim, n=n, contrast=lam, seconds=sec, vs_direct=vs_direct, iterations=i['iterations'],
                         stop=i['stop'], residual=i['residual'], floor=float(i['floor']), history=i['history'],
                         rel_div=r.max_relative_divergence(), load=load))
        print({k: v for k, v in rows[-1].items() if k != 'history'}, flush=True)
Path(__file__).with_name('contrast.json').write_text(json.dumps({'runs': rows}, indent=1))
