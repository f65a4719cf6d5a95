"""The mixture skip on the molecules (experiment log, section 3d): how many components, and is the model copying?

Parts (from the repository root, one at a time, under nice; results accumulate in molecules_mix.json):
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_mix.py ksweep
        the skip alone (ModeMixture sampled directly) on the *training* conformers only: 160 fit / 40 validation,
        3 random splits; NN MSE to the validation conformers, 5-fold held-out log-likelihood and BIC, for each K
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_mix.py check RUN [RUN ...]
        for trained runs (molecules_try.py train ...): NN MSE generated -> nearest training conformer against held-out
        -> nearest training conformer (a copy of the training set would score 0), and NN MSE on heavy atoms only
        (precision: generated -> held-out; recall: held-out -> generated) for the run, the baselines and the training
        set itself
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/molecules_mix.py skip_alone
        the skip alone as a generator (K by BIC, and K = 32), scored like molecules_try.py (all five metrics)
"""
import json, os, sys, time
from pathlib import Path
import numpy as np
import torch

HERE = Path(__file__).parent
OUT = HERE / 'molecules_mix.json'
DATA = '/tmp/graph/moldata2'  # `physml graph data --out /tmp/graph/moldata2`
torch.set_num_threads(1)
from physml.graph.evaluate import nn_mse  # noqa: E402


def load_res():
    return json.loads(OUT.read_text()) if OUT.exists() else {}


def save_res(res):
    res['load_avg_1min'], res['utc'] = os.getloadavg()[0], time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    OUT.write_text(json.dumps(res, indent=1, default=float))
    print('wrote', OUT)


def ksweep(ks=(1, 2, 4, 8, 16, 32, 48)):
    from sklearn.mixture import GaussianMixture
    from sklearn.model_selection import KFold
    from physml.graph.data import GraphSet
    from physml.graph.sde import LaplacianSDE
    from physml.graph.gaussian import ModeMixture
    train = GraphSet.load(f'{DATA}/train.h5')
    out = {}
    for g, name in enumerate(train.names):
        sde = LaplacianSDE(train.laplacian(g), 1.0, 1.0, 4.0)
        X = torch.as_tensor(train.samples(g)).double()
        Z = sde.to_modes(X).reshape(len(X), -1).numpy()
        rows = {}
        for K in ks:
            v = []
            for rep in range(3):
                perm = np.random.default_rng(rep).permutation(len(X))
                va, tr = perm[:40], perm[40:]
                mx = ModeMixture.fit(sde, X[tr], K, seed=rep)
                v.append(nn_mse(mx.sample(50, torch.Generator().manual_seed(rep)).numpy(), X[va].numpy()))
            cv = [GaussianMixture(K, covariance_type='diag', reg_covar=1e-4, random_state=0).fit(Z[a]).score(Z[b])
                  for a, b in KFold(5, shuffle=True, random_state=0).split(Z)]
            bic = GaussianMixture(K, covariance_type='diag', reg_covar=1e-4, random_state=0, n_init=2).fit(Z).bic(Z)
            rows[K] = {'val_nn_mse': float(np.mean(v)), 'cv_loglik': float(np.mean(cv)), 'bic': float(bic)}
        out[name] = rows
        print(name, {K: round(r['val_nn_mse'], 4) for K, r in rows.items()}, flush=True)
    res = load_res()
    res['ksweep'] = {'ks': list(ks), 'n_train': int(len(X)), 'per_molecule': out}
    save_res(res)


def check(*runs):
    from physml.graph.train import load_trained
    from physml.graph.evaluate import sample_graph, baseline_samples
    res = load_res()
    res.setdefault('check', {})
    for run in runs:
        mod, data = load_trained(run)
        train, test = data[0], data[1]
        rows = {}
        for g, name in enumerate(train.names):
            N = int(train.n_nodes[g])
            heavy = train.node_feat[g, :N, 0] == 0  # element one-hot: column 0 is H
            ref = np.asarray(test.samples(test.names.index(name)), np.float64)
            tr = np.asarray(train.samples(g), np.float64)
            gens = {'diffusion': sample_graph(mod, train, g, 50, 50, seed=0),
                    'train_set': tr[np.random.default_rng(0).choice(len(tr), 50, replace=False)]}
            for k in ('gaussian', 'interpolation', 'random', 'mixture'):
                gens[k] = baseline_samples(k, tr, 50, 0, L=train.laplacian(g))
            rows[name] = {'heldout_to_train': nn_mse(ref, tr),
                          **{f'{k}_to_train': nn_mse(X, tr) for k, X in gens.items() if k != 'train_set'},
                          **{f'{k}_prec': nn_mse(X, ref) for k, X in gens.items()},
                          **{f'{k}_heavy_prec': nn_mse(X, ref, heavy) for k, X in gens.items()},
                          **{f'{k}_heavy_rec': nn_mse(ref, X, heavy) for k, X in gens.items()}}
            print(Path(run).name, name, {k: round(v, 4) for k, v in rows[name].items()}, flush=True)
        res['check'][Path(run).name] = rows
        save_res(res)


def skip_alone(ks=(0, 32)):
    from physml.graph.data import GraphSet
    from physml.graph.sde import LaplacianSDE
    from physml.graph.gaussian import ModeMixture
    from physml.graph.evaluate import molecule_metrics
    train, test = GraphSet.load(f'{DATA}/train.h5'), GraphSet.load(f'{DATA}/test.h5')
    res = load_res()
    res.setdefault('skip_alone', {})
    for K in ks:
        rows = {}
        for g, name in enumerate(train.names):
            N = int(train.n_nodes[g])
            mx = ModeMixture.fit(LaplacianSDE(train.laplacian(g), 1.0, 1.0, 4.0), train.samples(g), K, seed=0)
            X = mx.sample(50, torch.Generator().manual_seed(0)).numpy()
            rows[name] = {**molecule_metrics(X, test.samples(test.names.index(name)), train.adj[g, :N, :N],
                                             train.smiles[g]), 'K': mx.k}
        cols = [c for c in rows[train.names[0]]]
        rows['mean'] = {c: float(np.mean([rows[n][c] for n in train.names])) for c in cols}
        res['skip_alone'][f'K={K or "BIC"}'] = rows
        print(K, {c: round(v, 4) for c, v in rows['mean'].items()}, flush=True)
    save_res(res)


if __name__ == '__main__':
    part = sys.argv[1]
    {'ksweep': ksweep, 'check': check, 'skip_alone': skip_alone}[part](*sys.argv[2:])
