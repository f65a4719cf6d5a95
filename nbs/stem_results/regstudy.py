"""Regulariser study: the same autoencoder and data, trained with a plain Adam loop (StemLoss, as StemModule's step),
for each loss variant; records latent statistics, held-out PSNR and k-means ARI. Writes nbs/stem_results/regularisers.json."""
import json, sys, time, numpy as np, torch
torch.set_num_threads(1)
from pathlib import Path
from physml.core import seed_everything
from physml.stem.simulate import ScanConfig, simulate_scan, save_scan
from physml.stem.io import prepare, PreparedPatterns
from physml.stem.model import StemAutoencoder, StemLoss, latent_stats, m3_divergence, divergence
from physml.stem.evaluate import recon_metrics, kmeans_labels, ari
out = Path('/tmp/stem/reg'); out.mkdir(parents=True, exist_ok=True)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 600
s = simulate_scan(ScanConfig(seed=0, dose=5e4), progress=False)
save_scan(out / 'scan.h5', s); prepare(out / 'scan.h5', out / 'prep.h5', tile=8, seed=0)
ds = PreparedPatterns(out / 'prep.h5', 'all')
X = torch.from_numpy(np.array(ds.patterns)); split = np.array(__import__('h5py').File(out / 'prep.h5')['split'])
tr, te = split == 0, split == 2
Xtr = X[torch.from_numpy(tr)]
lab = s['label'].ravel()[ds.scan_index]
variants = {
 'none (MSE only)': dict(lambda_act=0, lambda_sim=0, lambda_div=0),
 'physml bounded, original lambdas': dict(),
 'M3 published terms, original lambdas': dict(similarity='m3', divergence='m3'),
 'M3 divergence only, x100 (run-away)': dict(lambda_act=0, lambda_sim=0, lambda_div=2e-2, divergence='m3'),
 'bounded divergence only, x100': dict(lambda_act=0, lambda_sim=0, lambda_div=2e-2),
}
res = {}
for name, kw in variants.items():
    seed_everything(0)
    m = StemAutoencoder(32, 32, 16, float(Xtr.mean())); lf = StemLoss(**kw)
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    g = torch.Generator().manual_seed(0); t = time.time(); hist = []
    for step in range(steps):
        idx = torch.randint(0, len(Xtr), (64,), generator=g); x = Xtr[idx]
        y, z = m.forward_with_latent(x); terms = lf(y, x, z)
        if not torch.isfinite(terms['loss']): hist.append({'step': step, 'nonfinite': True}); break
        opt.zero_grad(); terms['loss'].backward(); opt.step()
        if step % 50 == 0 or step == steps - 1:
            hist.append({'step': step, **{k: float(v) for k, v in terms.items()}, 'z_mean': float(z.mean())})
    with torch.no_grad(): Y, Z = m.forward_with_latent(X)
    st = latent_stats(Z)
    r = recon_metrics(Y[torch.from_numpy(te)], X[torch.from_numpy(te)])
    alive = Z.numpy()[:, (Z.numpy() > 0).any(0)]
    a = ari(kmeans_labels(alive, 4), lab) if alive.shape[1] else 0.0
    res[name] = {'lambdas': kw, 'steps': steps, 'psnr_test': r['psnr'], 'ssim_test': r['ssim'], 'ari': a,
                 'mean_cos': st['mean_cos'], 'dead_fraction': st['dead_fraction'], 'zero_rows': st['zero_rows'],
                 'active_per_pattern': st['active_per_pattern'], 'z_mean': float(Z.mean()),
                 'm3_divergence': float(m3_divergence(Z)), 'bounded_divergence': float(divergence(Z)),
                 'wall_s': time.time() - t, 'history': hist}
    print(name, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res[name].items() if k != 'history'}, flush=True)
import os
res['_meta'] = {'data': 'default ScanConfig seed 0, dose 5e4, 48x48 of 32x32', 'batch': 64, 'lr': 1e-3, 'latent': 32,
                'load_avg_1min': os.getloadavg()[0], 'torch_threads': 1}
Path('/work/main/nbs/stem_results/regularisers.json').write_text(json.dumps(res, indent=1))
