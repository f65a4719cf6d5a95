"""Time and peak memory vs unknowns: direct (augmented Lagrangian + SuperLU) vs Krylov + AMG (issue 21, part 1).

One crystal with a 10^3 viscosity contrast: 2D a circle R = 0.1 in [-1, 1]^2 at 128^2 ... 1024^2 (direct:
`solve_stokes`, Krylov: `solve_stokes_krylov`); 3D a sphere R = 0.2 in [-1, 1]^3 at 16^3 ... 64^3 (`solve_stokes3d`,
direct only while it fits). Each case runs in its own process (its peak RSS is its own) with 1 and then 2 BLAS/OpenMP
threads (the environment, and the Krylov solver's `blas_threads`); the load average is recorded before each
case. Writes scaling.json beside this file.

    .venv/bin/python nbs/crystal_results/stokes3d/scaling.py            # all cases (about 10 minutes here)
    .venv/bin/python nbs/crystal_results/stokes3d/scaling.py --case 2d krylov 128 1   # one case, 1 thread
"""
import json, os, resource, subprocess, sys, time
from pathlib import Path

OUT = Path(__file__).with_name('scaling.json')
CASES = [('2d', m, n) for n in (128, 256, 512, 1024) for m in ('direct', 'krylov')] + \
        [('3d', 'krylov', n) for n in (16, 24, 32, 48, 64)] + [('3d', 'direct', n) for n in (16, 24, 32)]
TIMEOUT = 400


def case(dim, method, n, threads):
    import numpy as np
    from physml.crystal.stokes import solve_stokes
    from physml.crystal.stokes3d import solve_stokes_krylov, solve_stokes3d, ellipsoid_phase, crystal_material
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if dim == '2d':
        xc = -1 + (np.arange(n) + 0.5) * 2 / n
        X, Z = np.meshgrid(xc, xc)
        inside = X**2 + Z**2 < 0.1**2
        eta, rho = np.where(inside, 1e3, 1.0), np.where(inside, 1.0, 0.0)
        t = time.perf_counter()
        if method == 'direct':
            r = solve_stokes(eta, rho, (-1, 1, -1, 1), g=1.0)
        else:
            r = solve_stokes_krylov(eta, rho, (-1, 1, -1, 1), g=1.0, blas_threads=threads)
    else:
        ext = (-1, 1, -1, 1, -1, 1)
        eta, rho = crystal_material(ellipsoid_phase((n,) * 3, ext, [(0, 0, 0)], [0.2]), 1.0, 1e3, 1.0)
        t = time.perf_counter()
        r = solve_stokes3d(eta, rho, ext, g=1.0, method=method, blas_threads=threads)
    sec = time.perf_counter() - t
    i = r.info
    return dict(dim=dim, method=method, n=n, unknowns=i['unknowns'], seconds=sec, iterations=i['iterations'],
                setup_s=i.get('setup_s'), history=i.get('history'), rel_div=r.max_relative_divergence(),
                peak_rss_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, base_rss_gib=rss0 / 2**20)


def fit(rows):
    import numpy as np
    if len(rows) < 2:
        return None
    x, y = np.log([r['unknowns'] for r in rows]), np.log([r['seconds'] for r in rows])
    return float(np.polyfit(x, y, 1)[0])


def main():
    res = json.loads(OUT.read_text()) if OUT.exists() else {'runs': []}
    done = {(r['dim'], r['method'], r['n'], r['threads']) for r in res['runs'] if 'threads' in r}
    for threads in (1, 2):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        for dim, method, n in CASES:
            if (dim, method, n, threads) in done:
                continue
            load = os.getloadavg()
            try:
                p = subprocess.run([sys.executable, __file__, '--case', dim, method, str(n), str(threads)], env=env,
                                   capture_output=True, text=True, timeout=TIMEOUT)
                row = json.loads(p.stdout.strip().splitlines()[-1]) if p.returncode == 0 else \
                    dict(dim=dim, method=method, n=n, error=p.stderr.strip().splitlines()[-1][:300])
            except subprocess.TimeoutExpired:
                row = dict(dim=dim, method=method, n=n, error=f'over {TIMEOUT} s')
            row.update(threads=threads, load_before=load, load_after=os.getloadavg())
            print({k: v for k, v in row.items() if k != 'history'}, flush=True)
            res['runs'].append(row)
            OUT.write_text(json.dumps(res, indent=1))
    ok = [r for r in res['runs'] if 'error' not in r]
    res['exponents'] = {f"{d} {m} {t}t": fit([r for r in ok if (r['dim'], r['method'], r['threads']) == (d, m, t)
                                              and 'error' not in r])
                        for d in ('2d', '3d') for m in ('direct', 'krylov') for t in (1, 2)}
    res['cpu'] = os.cpu_count()
    OUT.write_text(json.dumps(res, indent=1))
    print(res['exponents'])


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--case':
        print(json.dumps(case(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))))
    else:
        main()
