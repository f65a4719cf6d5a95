"""Unseen molecules (experiment log, section 6): scaffold-split NCI molecules, thermal MMFF references, the field's
conformer metrics, RDKit and the original's baselines against physml's model trained on other molecules.

Parts (from the repository root, one at a time, under nice; results go to unseen_*.json next to this file):
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/unseen.py decorrelation
        autocorrelation times of energy and heavy-atom torsions of the reference Monte Carlo on 12 selected molecules
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/unseen.py data [FOLDER]
        the molecule set (train / val / test by scaffold, 16 thermal conformers each); resumable
    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python nbs/graph_results/unseen.py ...
"""
import json, os, sys, time
from pathlib import Path
import numpy as np
import torch

HERE = Path(__file__).parent
DATA = Path(os.environ.get('PHYSML_MOLSET', 'runs/molset'))
SET = dict(n_molecules=240, n_val=24, n_test=24, n_conf=16, chains=4, burn=3000, stride=3000)
torch.set_num_threads(1)


def save(name, res):
    res['load_avg_1min'], res['utc'] = os.getloadavg()[0], time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
    p = HERE / name
    p.write_text(json.dumps(res, indent=1, default=float))
    print('wrote', p)


def decorrelation(n=12, steps=40000):
    from physml.graph.molsets import select_molecules, decorrelation as dec
    mols = select_molecules(SET['n_molecules'], 0)
    pick = [mols[i] for i in np.random.default_rng(1).permutation(len(mols))[:n]]
    rows = []
    for m in pick:
        t0 = time.time()
        r = dec(m['smiles'], steps=steps, record=10, seed=0)
        r['name'], r['seconds'] = m['name'], time.time() - t0
        print(m['name'], m['smiles'], round(r['tau_energy']), {k: round(v) for k, v in r['tau_torsions'].items()})
        rows.append(r)
    save('unseen_decorrelation.json', {'steps': steps, 'record': 10, 'p_torsion': 0.4, 'rows': rows})


def data(folder=DATA):
    from physml.graph.molsets import make_molset
    t0 = time.time()
    paths = make_molset(folder, **SET, chunk=8, workers=2)
    print(paths, f'{time.time() - t0:.0f} s')




# ---- the model and the table ----
RUNS = Path(os.environ.get('PHYSML_UNSEEN_RUNS', 'runs/unseen'))
M_MINIMA = 16


def model_cfg(seed, K, epochs):
    from physml.graph.train import GraphTrainConfig
    return GraphTrainConfig(arch='egnn', hidden=32, layers=3, heads=4, time_dim=32, batch_size=64, lam=1.0,
                            beta_min=4.0, beta_max=4.0, gaussian_skip=True, skip_components=int(K), lambda_B=30.0,
                            bond_hops=3, epochs=int(epochs), seed=int(seed), progress=False, threads=1)


def _minima(split):
    from physml.graph.data import GraphSet
    from physml.graph.unseen import graph_minima, split_molecules
    p = RUNS / f'minima_{split}.h5'
    if p.exists():
        return GraphSet.load(p)
    RUNS.mkdir(parents=True, exist_ok=True)
    mins = graph_minima(split_molecules(DATA, split), M_MINIMA)   # names and SMILES only (molecules.json)
    mins.save(p)
    return mins


def train(seed, K, epochs):
    from physml.graph.molsets import load_molset
    from physml.graph.unseen import train_unseen
    tr = load_molset(DATA, 'train')
    mins = _minima('train')
    out = RUNS / f'K{K}_e{epochs}_s{seed}'
    s = train_unseen(model_cfg(seed, K, epochs), tr, mins, out)
    (out / 'summary.json').write_text(json.dumps(s, indent=1, default=float))
    print(s)


def _score(run, split, gen_seed, methods, K=16):
    from physml.graph.molsets import load_molset
    from physml.graph.unseen import load_unseen, unseen_generate, unseen_score
    mod = load_unseen(RUNS / run, load_molset(DATA, 'train'), _minima('train')) if run else None
    cfg = mod.cfg if mod is not None else model_cfg(0, K, 1)
    gen, mins, secs = unseen_generate(mod, DATA, split, 2, M_MINIMA, 50, gen_seed, methods, cfg)
    sc = unseen_score(gen, DATA, split)
    for m in sc:
        sc[m]['seconds_per_structure'] = secs[m]
    return sc


def val(*runs):
    "Validation molecules, generation seed 0: baselines once, then each run (model and its skip)."
    from physml.graph.unseen import UNSEEN_METHODS
    p = HERE / 'unseen_val.json'
    res = json.loads(p.read_text()) if p.exists() else {'split': 'val', 'gen_seed': 0, 'runs': {}}
    if 'baselines' not in res:
        res['baselines'] = _score(None, 'val', 0, [m for m in UNSEEN_METHODS if m not in ('model', 'skip')])
    for run in runs:
        res['runs'][run] = _score(run, 'val', 0, ('model', 'skip'))
        for m in ('model', 'skip'):
            print(run, m, {k: round(v, 3) for k, v in res['runs'][run][m]['mean'].items() if np.isscalar(v)})
    for m, r in res['baselines'].items():
        print(m, {k: round(v, 3) for k, v in r['mean'].items() if np.isscalar(v)})
    save('unseen_val.json', res)


TEST_SEED = 1000


def test(*runs):
    "Test molecules, generation seed TEST_SEED, touched once: every method; the model for each training seed."
    from physml.graph.unseen import UNSEEN_METHODS
    p = HERE / 'unseen_test.json'
    if p.exists():
        raise SystemExit(f'{p} exists: the test split is scored once')
    res = {'split': 'test', 'gen_seed': TEST_SEED, 'runs': {}}
    res['baselines'] = _score(None, 'test', TEST_SEED, [m for m in UNSEEN_METHODS if m not in ('model', 'skip')])
    for run in runs:
        res['runs'][run] = _score(run, 'test', TEST_SEED, ('model', 'skip'))
    save('unseen_test.json', res)
    for run in runs:
        print(run, {k: round(v, 3) for k, v in res['runs'][run]['model']['mean'].items() if np.isscalar(v)})
    for m, r in res['baselines'].items():
        print(m, {k: round(v, 3) for k, v in r['mean'].items() if np.isscalar(v)})


def indist(folder='runs/moldata_old', n=50, seeds=(0, 1, 2)):
    "The in-distribution table's data (log section 3): copy-the-training-conformers control vs the baselines."
    from physml.graph.data import GraphSet, make_molecule_data
    from physml.graph.evaluate import baseline_samples, nn_mse, conformer_metrics
    make_molecule_data(folder, 200, 50, 0, progress=False)
    tr, te = GraphSet.load(f'{folder}/train.h5'), GraphSet.load(f'{folder}/test.h5')
    rows = {}
    for meth in ('copy', 'interpolation', 'gaussian', 'random'):
        per = {}
        for g, name in enumerate(tr.names):
            N = int(tr.n_nodes[g])
            X, R = tr.samples(g), te.samples(te.graph_index(name))
            heavy = tr.node_feat[g, :N, 0] == 0
            adj = tr.adj[g, :N, :N]
            vals = []
            for s in seeds:
                gen = (X[np.random.default_rng(s).choice(len(X), n, replace=False)] if meth == 'copy'
                       else baseline_samples(meth, X, n, s))
                cm = conformer_metrics(gen, R, tr.smiles[g], adj, heavy)
                vals.append({'nn_mse': nn_mse(gen, R), **{k: cm[k] for k in ('nn_rmsd', 'cov_r', 'mat_r', 'cov_p',
                                                                               'mat_p', 'bond_w1', 'energy_rel_median')}})
            per[name] = {k: float(np.mean([v[k] for v in vals])) for k in vals[0]}
            per[name]['nn_mse_sd'] = float(np.std([v['nn_mse'] for v in vals]))
        rows[meth] = {'per_molecule': per, 'mean': {k: float(np.mean([p[k] for p in per.values()]))
                                                    for k in next(iter(per.values()))}}
        print(meth, {k: round(v, 4) for k, v in rows[meth]['mean'].items()})
    save('unseen_indist.json', {'n': n, 'seeds': list(seeds), 'molecules': list(tr.names), 'table': rows})


def valskip(*Ks):
    "Validation molecules: the skip mixture alone for each K (picks the model's K without training)."
    p = HERE / 'unseen_val.json'
    res = json.loads(p.read_text()) if p.exists() else {'split': 'val', 'gen_seed': 0, 'runs': {}}
    res.setdefault('skip_alone', {})
    for K in Ks:
        res['skip_alone'][str(K)] = _score(None, 'val', 0, ('skip',), int(K))['skip']
        print('skip K', K, {k: round(v, 3) for k, v in res['skip_alone'][str(K)]['mean'].items() if np.isscalar(v)})
    save('unseen_val.json', res)


def test_part(what):
    "One piece of the test table ('baselines' or a run name), computed once into runs/unseen/test_parts/ (parallel)."
    from physml.graph.unseen import UNSEEN_METHODS
    d = RUNS / 'test_parts'
    d.mkdir(parents=True, exist_ok=True)
    p = d / f'{what}.json'
    if p.exists():
        raise SystemExit(f'{p} exists: the test split is scored once')
    if what == 'baselines':
        r = _score(None, 'test', TEST_SEED, [m for m in UNSEEN_METHODS if m not in ('model', 'skip')])
    else:
        r = _score(what, 'test', TEST_SEED, ('model', 'skip'))
    p.write_text(json.dumps(r, default=float))


def test_merge(*runs):
    "unseen_test.json from the pieces of test_part."
    p = HERE / 'unseen_test.json'
    if p.exists():
        raise SystemExit(f'{p} exists: the test split is scored once')
    d = RUNS / 'test_parts'
    res = {'split': 'test', 'gen_seed': TEST_SEED, 'baselines': json.loads((d / 'baselines.json').read_text()),
           'runs': {r: json.loads((d / f'{r}.json').read_text()) for r in runs}}
    save('unseen_test.json', res)
    for run in runs:
        print(run, {k: round(v, 3) for k, v in res['runs'][run]['model']['mean'].items() if np.isscalar(v)})
    for m, r in res['baselines'].items():
        print(m, {k: round(v, 3) for k, v in r['mean'].items() if np.isscalar(v)})


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {'decorrelation': decorrelation, 'data': data, 'train': train, 'val': val, 'test': test, 'indist': indist, 'valskip': valskip,
     'test_part': test_part, 'test_merge': test_merge}[cmd](*args)
