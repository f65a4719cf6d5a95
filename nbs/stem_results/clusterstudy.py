"""Which clustering of the AE latents finds the domains? raw k-means vs L2-normalised (cosine) k-means vs k-means
on log1p(z), on the demo runs' trained models; PCA raw for reference. Usage: python clusterstudy.py RUN_DIR..."""
import sys, json, numpy as np, torch
torch.set_num_threads(1)
from physml.stem.train import load_model
from physml.stem.evaluate import encode_prepared, kmeans_labels, ari, _truth, fit_baselines
out = {}
for d in sys.argv[1:]:
    from pathlib import Path
    d = Path(d); m = load_model(d / 'run' / 'model.safetensors') if (d/'run'/'model.safetensors').exists() else None
    res = {}
    for scan in ('main', 'unseen_specimen'):
        enc = encode_prepared(m, d / f'prepared_{scan}.h5')
        tr = _truth(d / f'scan_{scan}.h5'); lab = tr['label'].ravel()[enc['index']]
        z = enc['z']; k = int(tr['label'].max()) + 1
        zn = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
        r = {'raw': ari(kmeans_labels(z, k, 0), lab), 'cosine': ari(kmeans_labels(zn, k, 0), lab),
             'log1p': ari(kmeans_labels(np.log1p(z / z.std()), k, 0), lab)}
        pca = fit_baselines(enc['x'][enc['split'] == 0], enc['x'], z.shape[1], 0, ('pca',))['pca']['z']
        pn = pca / np.linalg.norm(pca, axis=1, keepdims=True)
        r['pca_raw'] = ari(kmeans_labels(pca, k, 0), lab); r['pca_cosine'] = ari(kmeans_labels(pn, k, 0), lab)
        res[scan] = r
        print(d.name, scan, {a: round(b, 3) for a, b in r.items()}, flush=True)
    out[d.name] = res
json.dump(out, open('/tmp/stem/clusterstudy.json', 'w'), indent=1)
