"""Can a cheap change make the diffusion model beat linear interpolation on the molecule table (molecules.json)?

Variants: sampler changes on an existing run (no retraining), and short retrainings with a regulariser or another
time weighting. Every variant is scored like `run.py molecules` (50 structures per molecule vs the 50 held-out
conformers, the five metrics of `molecule_metrics`), with the baselines recomputed once for reference.
Results accumulate in molecules_try.json (one entry per variant).

Usage (from the repository root, one process at a time, under nice):
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_try.py diag RUN
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_try.py sample RUN NAME SAMPLER STEPS \
        [RHO] [T_END]
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_try.py train NAME OUT key=value ...
    .venv/bin/python nbs/graph_results/molecules_try.py table [NAME ...]   (per-molecule table vs the baselines)
`train` takes any GraphTrainConfig field, e.g. `arch=egnn hidden=32` for the E(3)-equivariant EGNN eps-network;
`max_minutes=8` is the default time cap (raise it for slower networks).
"""
import json, os, sys, time
from pathlib import Path
import numpy as np
import torch

HERE = Path(__file__).parent
OUT = HERE / 'molecules_try.json'
DATA = '/tmp/graph/moldata2'  # `physml graph data --out /tmp/graph/moldata2` (200 train + 50 held-out, 5 molecules)
COLS = ('bond_w1', 'angle_w1', 'energy_median', 'mse_nn', 'smooth_gap')
torch.set_num_threads(1)


def load_res():
    return json.loads(OUT.read_text()) if OUT.exists() else {'variants': {}}


def save_res(res):
    OUT.write_text(json.dumps(res, indent=1, default=float))
    print('wrote', OUT)


def mean_rows(rows, names):
    return {c: float(np.mean([rows[nm][c] for nm in names])) for c in COLS}


def baselines(res, train, test, n=50, seed=0):
    "The original's baselines, once (the same seed and n as run.py molecules)."
    if 'baselines' in res:
        return res['baselines']
    from physml.graph.evaluate import baseline_samples, molecule_metrics
    out = {}
    for k in ('gaussian', 'interpolation', 'random'):
        rows = {}
        for g, name in enumerate(train.names):
            N = int(train.n_nodes[g])
            ref = test.samples(test.names.index(name))
            rows[name] = molecule_metrics(baseline_samples(k, train.samples(g), n, seed), ref,
                                          train.adj[g, :N, :N], train.smiles[g])
        out[k] = {'per_molecule': rows, 'mean': mean_rows(rows, train.names)}
    res['baselines'] = out
    return out


def grid_for(steps, rho, t_end, T=1.0):
    "Time grid 0, t_end, ..., T with t_k = t_end + (T - t_end)(k/steps)^rho (t_end = 0: the samplers' default)."
    u = (torch.arange(steps, dtype=torch.float64) / (steps - 1)) ** rho if t_end > 0 else None
    if u is None:
        return None
    return torch.cat([torch.zeros(1, dtype=torch.float64), t_end + (T - t_end) * u])


def diffusion_rows(mod, train, test, sampler='ancestral', steps=50, rho=2.0, t_end=0.0, n=50, seed=0):
    "molecule_metrics of n generated structures per molecule with the given sampler settings."
    from physml.graph.evaluate import molecule_metrics
    from physml.graph.sample import ancestral_sample, ddim_sample, prior_sample, mode_moments
    from physml.graph.train import eps_fn_for
    rows = {}
    for g, name in enumerate(train.names):
        N = int(train.n_nodes[g])
        sde = mod.cfg.sde(train.laplacian(g))
        m0, v0 = mode_moments(sde, train.samples(g))
        gen = torch.Generator().manual_seed(seed)
        xT = prior_sample(sde, n, train.d, m0, v0, gen)
        fn = eps_fn_for(mod, g)
        grid = grid_for(steps, rho, t_end, sde.T)
        t0 = time.perf_counter()
        if sampler == 'ddim':
            x = ddim_sample(sde, fn, xT, steps, rho, grid=grid)
        else:
            x = ancestral_sample(sde, fn, xT, steps, rho, generator=gen, grid=grid)
        secs = time.perf_counter() - t0
        ref = test.samples(test.names.index(name))
        rows[name] = {**molecule_metrics(x.numpy(), ref, train.adj[g, :N, :N], train.smiles[g]),
                      'seconds_per_structure': secs / n}
    return {'per_molecule': rows, 'mean': mean_rows(rows, train.names)}


def record(name, run, settings, rows, train, test):
    res = load_res()
    base = baselines(res, train, test)
    summary = json.loads((Path(run) / 'train_summary.json').read_text())
    interp = base['interpolation']['mean']
    res['variants'][name] = {
        'run': str(run), **settings,
        'training': {k: summary.get(k) for k in ('epochs_run', 'global_step', 'wall_s', 'best_score', 'stopped',
                                                 'load_avg_1min')},
        'diffusion': rows,
        'beats_interpolation': {c: rows['mean'][c] < interp[c] for c in COLS},
        'load_avg_1min_eval': os.getloadavg()[0],
        'utc': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    }
    save_res(res)
    print(name, {c: round(rows['mean'][c], 4) for c in COLS}, 'interp', {c: round(interp[c], 4) for c in COLS})


def sample(run, name, sampler='ancestral', steps='50', rho='2', t_end='0'):
    "Score an existing run with one sampler setting."
    from physml.graph.train import load_trained
    mod, data = load_trained(run)
    train, test = data[0], data[1]
    t0 = time.time()
    rows = diffusion_rows(mod, train, test, sampler, int(steps), float(rho), float(t_end))
    record(name, run, {'sampler': sampler, 'steps': int(steps), 'rho': float(rho), 't_end': float(t_end),
                       'eval_s': time.time() - t0}, rows, train, test)


def diag(run, n_per=50):
    "One-shot denoising on held-out conformers: noise to t, x̂0 = Ŝ0(S_t, eps_hat); bond W1 and RMSE of x̂0 per t."
    from physml.graph.train import load_trained
    from physml.graph.evaluate import bond_lengths
    from scipy.stats import wasserstein_distance
    mod, data = load_trained(run)
    train, test = data[0], data[1]
    sp = mod.spectra
    out = {}
    for t in (4e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1):
        r = {'bond_w1': [], 'rmse': [], 'eps_mse': []}
        for g, name in enumerate(train.names):
            N, Nm = int(train.n_nodes[g]), sp.U.shape[1]
            ref = torch.as_tensor(test.samples(test.names.index(name)))[:n_per]
            S0 = torch.cat([ref, ref.new_zeros(len(ref), Nm - N, 3)], 1)
            gg = torch.full((len(S0),), g, dtype=torch.long)
            tt = torch.full((len(S0),), t, dtype=torch.float64)
            St, eps = sp.noise(S0, gg, tt, torch.randn(S0.shape, generator=torch.Generator().manual_seed(1)))
            with torch.no_grad():
                e = mod.predict_eps(St, gg, tt)
                Sh = sp.hat_S0(St, e, gg, tt)[:, :N].double().numpy()
            adj = train.adj[g, :N, :N]
            r['bond_w1'].append(wasserstein_distance(bond_lengths(Sh, adj).ravel(), bond_lengths(ref, adj).ravel()))
            r['rmse'].append(float(np.sqrt(((Sh - ref.double().numpy()) ** 2).sum(-1).mean())))
            r['eps_mse'].append(float(((e - eps)[:, :N] ** 2).mean()))
        out[str(t)] = {k: float(np.mean(v)) for k, v in r.items()}
        print(t, out[str(t)])
    res = load_res()
    res.setdefault('diag', {})[str(run)] = out
    save_res(res)


def parse(v):
    for f in (int, float):
        try:
            return f(v)
        except ValueError:
            pass
    return {'true': True, 'false': False}.get(v.lower(), v)


def train_variant(name, out, *kv):
    "Train the molecules.json config (base, lam 1, beta 4, batch 64, Gaussian skip) with changes; score it."
    from physml.graph.train import preset, train, load_trained
    changes = {k: parse(v) for k, v in (s.split('=', 1) for s in kv)}
    cfg = preset('base', data=DATA, epochs=60, lam=1.0, beta_min=4.0, beta_max=4.0, max_minutes=8.0, progress=False,
                 batch_size=64, gaussian_skip=True, threads=1)
    for k, v in changes.items():
        setattr(cfg, k, v)
    cfg.validate()
    load0 = os.getloadavg()[0]
    summary = train(cfg, out)
    print(summary)
    mod, data = load_trained(out)
    t0 = time.time()
    rows = diffusion_rows(mod, data[0], data[1], 'ancestral', 50)
    record(name, out, {'changes': changes, 'sampler': 'ancestral', 'steps': 50, 'load_avg_1min_start': load0,
                       'eval_s': time.time() - t0}, rows, data[0], data[1])


def table(*names):
    "Print per-molecule and mean rows of the named variants (default: all) and the three baselines."
    res = load_res()
    rows = {f'base:{k}': v for k, v in res['baselines'].items()}
    rows.update({k: v['diffusion'] for k, v in res['variants'].items() if not names or k in names})
    mols = list(res['baselines']['interpolation']['per_molecule'])
    for mol in mols + ['mean']:
        print(f'\n{mol:12s}' + ''.join(f'{c:>15s}' for c in COLS))
        for k, v in rows.items():
            r = v['mean'] if mol == 'mean' else v['per_molecule'][mol]
            print(f'{k:28s}' + ''.join(f'{r[c]:15.4g}' for c in COLS))


if __name__ == '__main__':
    part = sys.argv[1]
    {'diag': diag, 'sample': sample, 'train': train_variant, 'table': table}[part](*sys.argv[2:])
