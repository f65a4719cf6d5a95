"""Experiment-log runs of SnapROM against POD, physics-aware POD + GP, POD + RBF and nearest run (issue 18). Usage:
    OMP_NUM_THREADS=1 nice -n 10 python nbs/simvae_results/rom_exp.py STEP [SEED]
STEP: data | predict SEED | curve | ablation | figure | vae. Data under /tmp/simvae/exp2 (regenerated if missing: same seeds,
same runs); results as JSON in nbs/simvae_results/rom_*.json. Validation: 40 of the 256 training-file runs (split by
SEED); the held-out test file (seed 101, 64 runs) and the OOD file (seed 102, radius 0.25-0.3 km, 32 runs) are scored
once per trained model; no choice looks at them.
"""
import json, sys, time, warnings
from pathlib import Path
import numpy as np
import torch

torch.set_num_threads(1)
warnings.filterwarnings('ignore')
W, R = Path('/tmp/simvae/exp2'), Path(__file__).resolve().parent
CURVE_N = (2, 4, 8, 16, 32, 64)


def data():
    from physml.simvae.data import SettlingConfig, generate
    cfg = SettlingConfig(frames=16, frame_px=0.5)
    generate(W / 'train.h5', 256, cfg, seed=100, workers=1, progress=False)
    generate(W / 'test.h5', 64, cfg, seed=101, workers=1, progress=False)
    generate(W / 'ood.h5', 32, cfg.replace(radius_range=(0.25, 0.3)), seed=102, workers=1, progress=False)


def load(seed):
    from physml.simvae.data import load_runs
    from physml.simvae.rom import physics_scales
    if not (W / 'ood.h5').exists():
        data()
    d, te, ood = (load_runs(W / f) for f in ('train.h5', 'test.h5', 'ood.h5'))
    va = np.sort(np.random.default_rng(seed).permutation(len(d['x']))[:40])
    tr = np.setdiff1d(np.arange(len(d['x'])), va)
    return d, te, ood, tr, va, physics_scales(d['config'])


def med(e):
    return round(float(np.median(e)), 5)


def predict(seed):
    "SnapROM (latent 8) vs physics POD+GP (tuned on validation), POD+RBF, nearest: test and OOD, one seed."
    from physml.simvae.rom import SnapROMConfig, fit_snaprom, pod_regression_physics, rel_l2_runs, save_snaprom
    from physml.simvae.evaluate import pod_regression, nearest_run
    d, te, ood, tr, va, sc = load(seed)
    X, P, t = d['x'], d['params'], d['t']
    out = {'seed': seed, 'n_train': len(tr), 'n_val': len(va), 'n_test': len(te['x']), 'n_ood': len(ood['x'])}
    t0 = time.time()
    rom, hist = fit_snaprom(X, P, t, sc, SnapROMConfig(latent=8, epochs=40, seed=seed), tr, va)
    out['snaprom_train_s'], out['snaprom_history'] = round(time.time() - t0), hist
    save_snaprom(W / f'snaprom_s{seed}', rom)
    t0 = time.time()
    grid = [dict(inputs='run', modes=16, kernel='matern'), dict(inputs='run', modes=16, kernel='rbf'),
            dict(inputs='run', modes=64, kernel='matern'), dict(inputs='snapshot', modes=32, kernel='matern')]
    if seed:  # the shared machine's load: seeds 1, 2 search the two settings that led on seed 0's validation runs
        prev = json.loads((R / 'rom_predict_s0.json').read_text())['gp_grid']
        grid = [{k: v for k, v in g.items() if k != 'val'} for g in sorted(prev, key=lambda g: g['val'])[:2]]
    gp, table = pod_regression_physics(X[np.r_[tr, va]], P[np.r_[tr, va]], t, sc, np.arange(len(tr), len(tr) + 40),
                                       grid=grid, seed=seed, refit=False)
    out['gp_train_s'], out['gp_grid'] = round(time.time() - t0), table
    k = 16  # POD size of the raw-parameter baselines (old pod_rbf): chosen on validation below
    val_rbf = {kk: med(rel_l2_runs(pod_regression(P[tr], X[tr], P[va], kk, 'rbf'), X[va])) for kk in (8, 16, 32, 64)}
    k = min(val_rbf, key=val_rbf.get)
    out['pod_rbf_val'] = val_rbf
    for name, s in (('test', te), ('ood', ood)):
        per = {
            'snaprom': rel_l2_runs(rom.predict(s['params'], t), s['x']),
            'snaprom_unsymmetrised': rel_l2_runs(rom.predict(s['params'], t, symmetrise=False), s['x']),
            'pod_regression': rel_l2_runs(gp.predict(s['params'], t), s['x']),
            'pod_rbf': rel_l2_runs(pod_regression(P[tr], X[tr], s['params'], k, 'rbf'), s['x']),
            'nearest': rel_l2_runs(nearest_run(P[tr], X[tr], s['params']), s['x']),
            'ae8_snapshot': rel_l2_runs(rom.reconstruct(s['x'], s['params']), s['x']),
        }
        out[name] = {'median': {m: med(v) for m, v in per.items()}, 'worst': {m: round(float(v.max()), 5)
                     for m, v in per.items()}, 'per_run': {m: np.round(v, 5).tolist() for m, v in per.items()}}
    t1 = time.perf_counter()
    for _ in range(5):
        rom.predict(te['params'][:1], t)
    out['snaprom_predict_s_batch1'] = (time.perf_counter() - t1) / 5
    (R / f'rom_predict_s{seed}.json').write_text(json.dumps(out, indent=1))
    print(seed, out['test']['median'], out['ood']['median'], flush=True)


def curve():
    "Error vs latent size n: POD of whole runs, POD of scaled snapshots, SnapROM's snapshot autoencoder (test runs)."
    from physml.simvae.rom import SnapROMConfig, fit_snaprom, SnapshotPOD, scaled_snapshots, rel_l2_runs, nondim
    from physml.simvae.evaluate import POD
    d, te, ood, tr, va, sc = load(0)
    X, P, t = d['x'], d['params'], d['t']
    Xt, Pt = te['x'], te['params']
    At = nondim(Pt, t, sc)[0][:, None, None]
    spod = SnapshotPOD(64).fit(scaled_snapshots(X[tr], P[tr], 32, sc))
    rows = []
    for n in CURVE_N:
        pod = POD(n).fit(X[tr])
        sp = SnapshotPOD(n)
        sp.mean, sp.modes, sp.k_used = spod.mean, spod.modes[:n], n
        St = (Xt / At).reshape(-1, Xt.shape[2])
        t0 = time.time()
        ae, hist = fit_snaprom(X, P, t, sc, SnapROMConfig(latent=n, epochs=15, predictor=False), tr, va)
        rows.append({'latent': n,
                     'pod': med(rel_l2_runs(pod.decode(pod.encode(Xt)), Xt)),
                     'pod_snapshot': med(rel_l2_runs(sp.decode(sp.encode(St)).reshape(Xt.shape) * At, Xt)),
                     'ae': med(rel_l2_runs(ae.reconstruct(Xt, Pt), Xt)),
                     'ae_val': min(h['val_ae'] for h in hist if 'val_ae' in h), 'ae_train_s': round(time.time() - t0)})
        print(rows[-1], flush=True)
        (R / 'rom_curve.json').write_text(json.dumps({'rows': rows, 'n_test': len(Xt)}, indent=1))


def ablation():
    "SnapROM (latent 8, seed 0) with one ingredient removed at a time: validation and test medians."
    from physml.simvae.rom import SnapROMConfig, fit_snaprom, rel_l2_runs
    d, te, ood, tr, va, sc = load(0)
    X, P, t = d['x'], d['params'], d['t']
    rows = []
    for name, kw in (('no physics scaling (raw frames, plain time, log A input)', dict(physics=False)),
                     ('no mirror/swap augmentation', dict(augment=False))):
        rom, hist = fit_snaprom(X, P, t, sc, SnapROMConfig(latent=8, epochs=40, **kw), tr, va)
        rows.append({'variant': name, 'val': min(h['val_pred'] for h in hist if 'val_pred' in h),
                     'test': med(rel_l2_runs(rom.predict(te['params'], t), te['x'])),
                     'test_worst': round(float(rel_l2_runs(rom.predict(te['params'], t), te['x']).max()), 5)})
        print(rows[-1], flush=True)
        (R / 'rom_ablation.json').write_text(json.dumps(rows, indent=1))


def figure():
    "Worst and median held-out run of SnapROM (seed 0): truth, prediction, error of vz at three times."
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from physml.simvae.rom import load_snaprom, rel_l2_runs
    d, te, ood, tr, va, sc = load(0)
    rom = load_snaprom(W / 'snaprom_s0')
    pred = rom.predict(te['params'], d['t'])
    e = rel_l2_runs(pred, te['x'])
    order = np.argsort(e)
    picks = [('median', int(order[len(e) // 2])), ('worst', int(order[-1]))]
    frames = (0, 7, 15)
    fig, ax = plt.subplots(6, 3, figsize=(7.5, 14), layout='constrained')
    for r, (label, i) in enumerate(picks):
        for c, k in enumerate(frames):
            vt = te['x'][i, k, 1024:].reshape(32, 32) * 1e9
            vp = pred[i, k, 1024:].reshape(32, 32) * 1e9
            lim = np.abs(vt).max()
            for rr, (img, name) in enumerate(((vt, 'truth'), (vp, 'SnapROM'), (vp - vt, 'error'))):
                a = ax[3 * r + rr, c]
                a.imshow(img, origin='lower', cmap='RdBu_r', vmin=-lim, vmax=lim)
                a.set_xticks([]); a.set_yticks([])
                a.set_title(f"{label} run {i} (rel. L2 {e[i]:.3f}): {name}, frame {k}", fontsize=6)
    fig.suptitle('vz (nm/s), held-out runs, one colour scale per column pair', fontsize=8)
    fig.savefig(R / 'rom_worst_median.png', dpi=80)
    json.dump({'picks': {l: {'run': i, 'rel_l2': round(float(e[i]), 5)} for l, i in picks}},
              open(R / 'rom_figure.json', 'w'), indent=1)


def vae():
    "The hierarchical VAE at latent size 8 (4 main + 4 levels × 1), fixed likelihood (old) vs σ-VAE: test error, KL."
    import logging
    from physml.simvae.train import SimVAETrainConfig, train
    from physml.simvae.vae import VAEConfig
    from physml.simvae.evaluate import SimPredictor, relative_l2
    from physml.simvae.vae import latent_usage
    logging.getLogger('pytorch_lightning').setLevel(logging.ERROR)
    d, te, ood, tr, va, sc = load(0)
    rows = {}
    for lik in ('fixed', 'sigma'):
        arch = VAEConfig(nodes=2048, frames=16, filters='tiny', latent_dim=4, hier_dim=1, likelihood=lik)
        arch.to_yaml(W / f'vae8_{lik}.yaml')
        cfg = SimVAETrainConfig(data=str(W / 'train.h5'), arch=str(W / f'vae8_{lik}.yaml'), conditioner='none',
                                batch_size=16, lr=3e-3, epochs=40, warmup_epochs=2, restart_epochs=40, seed=0,
                                split_seed=0, threads=1, progress=False, max_minutes=6.0, val_fraction=0.15)
        s = train(cfg, W / f'vae8_{lik}')
        sp = SimPredictor.load(W / f'vae8_{lik}' / 'model')
        e = relative_l2(sp.reconstruct(te['x']), te['x'])
        rows[lik] = {'test_median': med(e), 'test_worst': round(float(e.max()), 5), 'epochs': s['epochs_run'],
                     'stopped': s['stopped'], 'minutes': round(s['wall_s'] / 60, 1),
                     'usage': latent_usage(sp.vae, sp.scaler.transform(te['x']))}
        print(lik, rows[lik]['test_median'], rows[lik]['usage']['active'], flush=True)
        (R / 'rom_vae.json').write_text(json.dumps(rows, indent=1))


if __name__ == '__main__':
    step = sys.argv[1] if len(sys.argv) > 1 else ''
    if step == 'data':
        data()
    elif step == 'predict':
        predict(int(sys.argv[2]))
    elif step in ('curve', 'ablation', 'figure', 'vae'):
        globals()[step]()
    else:
        raise SystemExit(__doc__)
