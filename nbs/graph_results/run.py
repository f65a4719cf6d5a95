"""Experiments of the graph-diffusion log (nbs/38_graph.experiments.ipynb); each part writes a JSON file here.

Usage (from the repository root, one part at a time, under nice):
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/run.py curves|gmrf_trained RUN|molecules RUN DATA|bench
"""
import copy, json, os, sys, time
from pathlib import Path
import numpy as np
import torch

HERE = Path(__file__).parent
torch.set_num_threads(1)

def dump(name, obj):
    obj = {**obj, 'load_avg_1min': os.getloadavg()[0], 'utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}
    (HERE/name).write_text(json.dumps(obj, indent=1, default=float))
    print('wrote', HERE/name)

def curves():
    "W2 vs steps for every sampler with the exact eps on the 4 x 4 GMRF, 3 seeds, n = 4000."
    from physml.graph.sde import LaplacianSDE, grid_laplacian
    from physml.graph.gaussian import GMRF, w2_floor
    from physml.graph.sample import w2_curve
    sde = LaplacianSDE(grid_laplacian(4, 4), gamma=1.0, lam=0.0, beta=2.0)
    gm = GMRF(sde, tau=1.0, kappa=0.5)
    steps = (2, 4, 8, 16, 32, 64, 128)
    out = {'setup': '4x4 grid, gamma 1, lam 0, beta 2 (constant), T 1, GMRF tau 1 kappa 0.5, n 4000, time grid rho 2',
           'floor': w2_floor(gm.sample, 4000, 10, seed=99), 'curves': {}}
    for name in ('ancestral', 'ancestral_full', 'ddim', 'pc'):
        out['curves'][name] = [w2_curve(sde, gm, name, steps, 4000, seed) for seed in (0, 1, 2)]
        print(name, [round(r['w2'], 3) for r in out['curves'][name][0]])
    out['curves']['adaptive'] = [w2_curve(sde, gm, 'adaptive', (0.3, 0.1, 0.03, 0.01, 0.003, 0.001), 4000, seed)
                                 for seed in (0, 1, 2)]
    dump('w2_curves.json', out)

def gmrf_trained(run):
    "Trained network (run folder) on the GMRF: W2 vs floor at 16 and 64 steps, ancestral and DDIM, and inpainting."
    from physml.graph.train import load_trained, eps_fn_for
    from physml.graph.gaussian import GMRF, gaussian_w2, w2_floor
    from physml.graph.sample import ancestral_sample, ddim_sample, prior_sample, inpaint_sample
    mod, data = load_trained(run)
    cfg = mod.cfg
    sde = cfg.sde(data[0].laplacian(0))
    gm = GMRF(sde, cfg.gmrf_tau, cfg.gmrf_kappa)
    n = 2000
    floor = w2_floor(gm.sample, n, 10, seed=99)
    res = {'run': str(run), 'summary': json.loads((Path(run)/'train_summary.json').read_text()), 'floor': floor,
           'rows': []}
    for steps in (16, 64):
        for name in ('ancestral', 'ddim'):
            for which, fn in (('trained', eps_fn_for(mod)), ('exact', gm.eps)):
                g = torch.Generator().manual_seed(5)
                xT = prior_sample(sde, n, 1, var0=gm.var0, generator=g)
                t0 = time.perf_counter()
                x = ancestral_sample(sde, fn, xT, steps, generator=g) if name == 'ancestral' else ddim_sample(sde, fn, xT, steps)
                sec = time.perf_counter() - t0
                res['rows'].append({'sampler': name, 'steps': steps, 'eps': which, 'w2': gaussian_w2(x, gm.sample(n, g)),
                                    'seconds': sec})
                print(res['rows'][-1])
    dump('gmrf_trained.json', res)

def gmrf_cond(run, n=1000, steps=64):
    "Conditional sampling (3 nodes fixed) with the trained network and with the exact eps vs the exact conditional."
    from physml.graph.train import load_trained, eps_fn_for
    from physml.graph.gaussian import GMRF, gaussian_w2, w2_floor
    from physml.graph.sample import prior_sample, inpaint_sample
    mod, data = load_trained(run)
    sde = mod.cfg.sde(data[0].laplacian(0))
    gm = GMRF(sde, mod.cfg.gmrf_tau, mod.cfg.gmrf_kappa)
    n, steps = int(n), int(steps)
    fixed, vals = [0, 5, 15], np.array([[1.5], [-1.0], [0.5]])
    m, C, free = gm.conditional(fixed, vals)
    Lc = torch.linalg.cholesky(torch.tensor(C))
    def exact_cond(k, g): return (torch.tensor(m[:, 0]) + torch.randn(k, len(free), generator=g, dtype=torch.float64) @ Lc.T)[..., None]
    fl = w2_floor(exact_cond, n, 10, seed=98)
    g = torch.Generator().manual_seed(6)
    cond = {'floor': fl}
    # 'trained_autograd' is the first version (D = Phi^{-1}(x - Sigma^{1/2} eps), J by autograd through the network)
    for which, fn, jac in (('exact', gm.eps, 'gaussian'), ('trained', eps_fn_for(mod, 0), 'gaussian'),
                           ('exact_autograd', gm.eps, 'autograd'), ('trained_autograd', eps_fn_for(mod, 0, grad=True), 'autograd')):
        xT = prior_sample(sde, n, 1, var0=gm.var0, generator=g)
        out = inpaint_sample(sde, fn, xT, fixed, vals, gm.var0, steps=steps, generator=g, jacobian=jac).detach()
        finite = bool(torch.isfinite(out).all())
        if not finite:   # keep the failure as a result
            cond[which] = {'finite': False, 'fraction_finite': float(torch.isfinite(out).all(2).all(1).double().mean())}
        else:
            cond[which] = {'finite': True, 'w2': gaussian_w2(out[:, free], exact_cond(n, g)),
                           'max_mean_err': float(np.abs(out[:, free, 0].mean(0).numpy() - m[:, 0]).max()),
                           'max_cov_err': float(np.abs(np.cov(out[:, free, 0].numpy().T) - C).max())}
        print(which, cond[which])
    dump('gmrf_cond.json', {'run': str(run), 'n': n, 'steps': steps, 'conditional': cond})

def molecules(run, data_dir, n=50, out='molecules.json'):
    "Real-data table of a molecule run against the original's baselines on the held-out conformers (+ OOD molecule)."
    from physml.graph.train import load_trained
    from physml.graph.evaluate import real_data_table
    from physml.graph.data import GraphSet
    mod, data = load_trained(run)
    train, test = data[0], data[1]
    t0 = time.time()
    n = int(n)
    rows = real_data_table(mod, train, test, n=n, steps=50, seed=0)
    res = {'run': str(run), 'summary': json.loads((Path(run)/'train_summary.json').read_text()),
           'n_generated': n, 'steps': 50, 'molecules': list(train.names), 'table': rows, 'seconds': time.time() - t0}
    # out of distribution: a molecule the network never saw; its first 25 conformers give the per-mode moments (prior,
    # Gaussian skip) and fit the baselines, the other 25 are held out
    from physml.graph.train import build, state_from_checkpoint
    ood = data[2]
    k = len(ood)//2
    ref_set, held = ood.subset(np.arange(k)), ood.subset(np.arange(k, len(ood)))
    cfg = copy.copy(mod.cfg)
    if cfg.skip_components > 1:  # a K-component skip needs many conformers: the OOD molecule's 25 get K by BIC
        cfg.skip_components = 0
    mod_ood, _, _ = build(cfg, (ref_set, held, None))
    mod_ood.net.load_state_dict(mod.net.state_dict())
    mod_ood.eval()
    res['ood'] = {'molecule': ood.names[0], 'n_reference': k, 'n_heldout': len(ood) - k,
                  'table': real_data_table(mod_ood, ref_set, held, n=min(n, len(ood) - k), steps=50, seed=0)}
    dump(out, res)

def bench():
    "Exact eigh precompute vs the original's Euler recursion; Chebyshev noising at 1e4 / 1e5 nodes; sampling time."
    from physml.graph.sde import LaplacianSDE, grid_laplacian, euler_phi_sigma, chebyshev_noising, forward_noising_batch
    out = {'eigh_vs_euler': [], 'chebyshev': []}
    for nx, ny, steps in ((10, 10, 100), (40, 25, 100), (100, 50, 2)):
        L = grid_laplacian(nx, ny)
        t0 = time.perf_counter(); sde = LaplacianSDE(L, 1.0, 0.1, 2.0); Phi, Sig = sde.phi(1.0), sde.sigma(1.0)
        t_exact = time.perf_counter() - t0
        t0 = time.perf_counter(); P, S = euler_phi_sigma(sde, 1.0, steps); t_euler = time.perf_counter() - t0
        row = {'N': nx*ny, 'eigh_s': t_exact, 'euler_steps': steps, 'euler_s': t_euler, 'ratio': t_euler/t_exact,
               'euler_err_phi': float(np.abs(P - Phi).max()), 'euler_err_sigma': float(np.abs(S - Sig).max())}
        out['eigh_vs_euler'].append(row); print(row)
        del P, S, Phi, Sig
    # Chebyshev vs exact on a checkable graph, then 1e4 and 1e5 nodes
    L = grid_laplacian(50, 40)
    sde = LaplacianSDE(L, 1.0, 0.0, 1.0)
    S0 = np.random.default_rng(0).normal(size=(4, 2000, 3)); eps = np.random.default_rng(1).normal(size=S0.shape)
    ref, _ = forward_noising_batch(sde, S0, 0.5, eps=eps)
    for tol in (1e-4, 1e-8, 1e-12):
        got, _, info = chebyshev_noising(L, S0, 0.5, 1.0, 0.0, 1.0, eps=eps, tol=tol)
        out['chebyshev'].append({'N': 2000, 'tol': tol, 'max_err': float(np.abs(got - ref).max()), **info})
        print(out['chebyshev'][-1])
    for nx in (100, 316):
        L = grid_laplacian(nx, nx)
        S0 = np.random.default_rng(0).normal(size=(8, nx*nx, 3))
        ts = []
        for _ in range(3):
            t0 = time.perf_counter(); got, _, info = chebyshev_noising(L, S0, 0.5, 1.0, 0.0, 1.0, tol=1e-8)
            ts.append(time.perf_counter() - t0)
        out['chebyshev'].append({'N': nx*nx, 'batch': 8, 'd': 3, 'tol': 1e-8, 'seconds_median': float(np.median(ts)),
                                 **info})
        print(out['chebyshev'][-1])
    dump('bench.json', out)

if __name__ == '__main__':
    part = sys.argv[1]
    {'curves': curves, 'gmrf_trained': gmrf_trained, 'gmrf_cond': gmrf_cond, 'molecules': molecules, 'bench': bench}[part](*sys.argv[2:])
