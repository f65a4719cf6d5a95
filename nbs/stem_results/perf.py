"""Performance: training throughput at batch 512/2048 (64x64 patterns, latent 32), inference over a 256x256 scan of 64x64
patterns (65 536), PCA/NMF fit + transform on the same data size; medians of 3 repeats at batch 512, 1 at 2048, one thread. Writes nbs/stem_results/perf.json."""
import json, os, time, numpy as np, torch
torch.set_num_threads(1)
from pathlib import Path
from physml.stem.model import StemAutoencoder
from physml.stem.evaluate import throughput
res = {'load_avg_1min_start': os.getloadavg()[0], 'threads': 1}
m = StemAutoencoder(64, 32, 16)
for b in (512, 2048):
    res[f'train_b{b}'] = throughput(m, 64, b, repeats=3 if b == 512 else 1, steps=1, infer_n=65536 if b == 512 else None)
    print(res[f'train_b{b}'], flush=True)
from sklearn.decomposition import PCA, NMF
x = np.random.default_rng(0).random((4096, 64 * 64), dtype=np.float32)
for name, est in (('pca', PCA(32, random_state=0)), ('nmf', NMF(32, init='nndsvda', max_iter=50, random_state=0))):
    t = time.perf_counter(); est.fit(x); fit = time.perf_counter() - t
    t = time.perf_counter(); est.transform(x[:4096]); tr = time.perf_counter() - t
    res[name] = {'fit_s_4096x4096': fit, 'transform_s_per_65536': tr * 16}
    print(name, res[name], flush=True)
res['load_avg_1min_end'] = os.getloadavg()[0]
Path('/work/main/nbs/stem_results/perf.json').write_text(json.dumps(res, indent=1))
