"""Sampler bias measured without Monte-Carlo noise (nbs/32a_graph.large, part 3 of issue 20): the exact W2 of the
output law of the ancestral, DDIM, predictor-corrector and DPM-Solver-2 samplers (closed form,
`sampler_variance`) driven by the
exact eps of a GMRF, against the Monte-Carlo floor of n exact samples, for gamma in {1, 10} and a constant and a
linear beta; the adaptive sampler by Monte-Carlo; steps to reach 1.1x the floor. Writes sampler_bias.json here.

Run: .venv/bin/python nbs/graph_results/sampler_bias.py   (a few minutes, 1 thread)"""
import json, math, time
from pathlib import Path
import numpy as np
import torch

torch.set_num_threads(1)
from physml.graph.sde import LaplacianSDE, BetaSchedule, grid_laplacian  # noqa: E402
from physml.graph.gaussian import GMRF, gaussian_w2  # noqa: E402
from physml.graph.sample import prior_sample, adaptive_sample  # noqa: E402
from physml.graph.large import sampler_variance, exact_w2, GridSpectrum, gauss_w2, DENSE_SAMPLERS  # noqa: E402

T0 = time.time()
TAU, KAPPA, NS = 1.0, 0.5, (4000, 40000)
STEPS = [2**k for k in range(1, 13)]
SCHEDS = {'constant': lambda: BetaSchedule('constant', 2.0), 'linear': lambda: BetaSchedule('linear', 0.5, 4.0)}
RATIO = math.sqrt(1.1**2 - 1)  # sqrt(floor² + bias²) <= 1.1 floor  <=>  bias <= 0.458 floor


def floor(gm, n, repeats=10, seed=0):
    "Median W2 of n exact samples against the exact target."
    g = torch.Generator().manual_seed(seed)
    cov = gm.covariance()
    return float(np.median([gaussian_w2(gm.sample(n, g), mean=np.zeros(gm.sde.N), cov=cov) for _ in range(repeats)]))


def first_steps(bias_fn, target):
    "Smallest number of steps (doubling, then bisection) with bias_fn(steps) <= target; None beyond 4096."
    hi = next((k for k in STEPS if bias_fn(k) <= target), None)
    if hi is None:
        return None
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if bias_fn(mid) > target else (lo, mid)
    return hi


out = {'setup': f"4x4 grid (the sampler checks' graph), lam 0, T 1, GMRF tau {TAU} kappa {KAPPA}, d 1, time grid "
                f"rho 2, exact eps; pc: 1 corrector, snr 1; floor: median W2 of n exact samples vs the exact "
                f"covariance (10 draws); steps_to_1.1x: smallest steps with sqrt(floor^2 + bias^2) <= 1.1 floor",
       'rows': [], 'checks': []}
for gamma in (1.0, 10.0):
    for sname, mk in SCHEDS.items():
        sde = LaplacianSDE(grid_laplacian(4, 4), gamma=gamma, lam=0.0, beta=mk())
        gm = GMRF(sde, TAU, KAPPA)
        mu, v0 = sde.mu.numpy(), gm.var0.numpy()
        floors = {n: floor(gm, n) for n in NS}
        for name in ('ancestral', 'ddim', 'pc', 'dpm2'):
            bias = lambda k: exact_w2(sampler_variance(name, mu, v0, sde.beta, steps=k), v0)
            row = {'gamma': gamma, 'beta': sname, 'sampler': name, 'floor': floors,
                   'bias': {k: bias(k) for k in STEPS}, 'nfe_per_step': 2 if name in ('pc', 'dpm2') else 1,
                   'steps_to_1.1x': {n: first_steps(bias, RATIO * floors[n]) for n in NS}}
            out['rows'].append(row)
            print(gamma, sname, name, row['steps_to_1.1x'], {k: round(v, 4) for k, v in row['bias'].items()},
                  flush=True)
        # adaptive: not linear in a fixed grid (its steps depend on the batch), so Monte-Carlo at n = 40,000
        g = torch.Generator().manual_seed(1)
        xT = prior_sample(sde, NS[1], 1, var0=gm.var0, generator=g)
        cov = gm.covariance()
        ad = []
        for tol in (0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4):
            x, info = adaptive_sample(sde, gm.eps, xT, tol=tol)
            ad.append({'tol': tol, 'nfe': info['nfe'], 'w2': gaussian_w2(x, mean=np.zeros(16), cov=cov),
                       'ratio': gaussian_w2(x, mean=np.zeros(16), cov=cov) / floors[NS[1]]})
        out['rows'].append({'gamma': gamma, 'beta': sname, 'sampler': 'adaptive', 'floor': floors, 'mc': ad})
        print(gamma, sname, 'adaptive', [(r['tol'], r['nfe'], round(r['ratio'], 2)) for r in ad], flush=True)
        # the quadrature rule checked by Monte-Carlo: W2 of 40,000 samples vs sqrt(floor² + bias²)
        for name, k in (('ancestral', 64), ('ddim', 16), ('dpm2', 8)):
            gk = torch.Generator().manual_seed(2)
            x = DENSE_SAMPLERS[name](sde, gm.eps, xT, k, **({'generator': gk} if name == 'ancestral' else {}))
            b = exact_w2(sampler_variance(name, mu, v0, sde.beta, steps=k), v0)
            out['checks'].append({'gamma': gamma, 'beta': sname, 'sampler': name, 'steps': k, 'n': NS[1],
                                  'w2_mc': gaussian_w2(x, mean=np.zeros(16), cov=cov), 'bias_exact': b,
                                  'predicted': math.hypot(b, floors[NS[1]]), 'floor': floors[NS[1]]})
            print(out['checks'][-1], flush=True)

# the 10^5-node grid: exact bias on 16 probe nodes (and over all modes) vs the probe floor of n = 160 exact samples
nx, P_n, n_big = 317, 16, 160
spec = GridSpectrum(nx, nx)
rng = np.random.default_rng(0)  # the same probes as large_graph_check(seed=0)
P = np.sort(rng.choice(spec.N, P_n, replace=False))
I_P = np.zeros((P_n, spec.N, 1))
I_P[np.arange(P_n), P, 0] = 1
v0 = 1 / (TAU * (KAPPA + spec.l))
cov = spec.apply(v0, I_P)[:, P, 0]
fl = []
for _ in range(5):
    ex = spec.from_modes(np.sqrt(v0)[:, None] * rng.standard_normal((n_big, spec.N, 1)))[:, P, 0]
    fl.append(gaussian_w2(ex, mean=np.zeros(P_n), cov=cov))
big = {'nodes': spec.N, 'probes': P_n, 'n': n_big, 'floor_probes': float(np.median(fl)), 'gamma': 1.0,
       'beta': 'constant 2', 'rows': []}
sched = BetaSchedule('constant', 2.0)
for name in ('ancestral', 'ddim', 'pc', 'dpm2'):
    probe_bias = lambda k: gauss_w2(spec.apply(sampler_variance(name, spec.l, v0, sched, steps=k), I_P)[:, P, 0], cov)
    row = {'sampler': name, 'bias_probes': {k: probe_bias(k) for k in (8, 16, 25, 32, 50, 64, 128, 256)},
           'bias_all_modes_rel': {k: float(np.linalg.norm(np.sqrt(sampler_variance(name, spec.l, v0, sched, steps=k))
                                                          - np.sqrt(v0)) / np.linalg.norm(np.sqrt(v0)))
                                  for k in (8, 16, 25, 32, 50, 64, 128, 256)},
           'steps_to_1.1x': first_steps(probe_bias, RATIO * big['floor_probes'])}
    big['rows'].append(row)
    print('1e5', name, row['steps_to_1.1x'], {k: round(v, 4) for k, v in row['bias_probes'].items()}, flush=True)
out['grid_1e5'] = big
out['seconds'] = time.time() - T0
Path(__file__).with_name('sampler_bias.json').write_text(json.dumps(out, indent=1) + '\n')
print('done', out['seconds'])
