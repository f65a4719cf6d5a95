"""Latent maps of the simulation VAE (issue 11): the main-latent means of the training and held-out runs embedded in
2-D by PCA and t-SNE, coloured by each parameter, and how well each parameter is organised in the maps and in the full
latent (cross-validated k-NN R²). For reading the scores: the same score for all 64 latent numbers (main +
hierarchical), for 32 POD coefficients of the same runs, for the one-crystal runs alone, and for the Stokes-speed scale
log10(drho R1² / eta), the combination of viscosity, density contrast and radius that sets how fast a crystal sinks.
Needs the model folder of `run_exp.py vae`. Usage:
    OMP_NUM_THREADS=1 nice -n 10 python nbs/simvae_results/latents.py
Writes nbs/simvae_results/latent_maps.png and latents.json.
"""
import json, time
from pathlib import Path
import numpy as np
import torch

W = Path('/tmp/simvae/exp'); R = Path(__file__).resolve().parent
SEED, K = 0, 10


def main():
    import matplotlib
    matplotlib.use('Agg')
    from physml.simvae.evaluate import latent_means, latent_maps, embedding_organisation, tsne_perplexity, POD
    from physml.simvae.evaluate import SimPredictor
    from physml.simvae.data import load_runs
    torch.set_num_threads(1)
    t0 = time.time()
    parts = {s: latent_means(W / 'vae' / 'model', W / f'{s}.h5') for s in ('train', 'test')}
    z = np.concatenate([parts[s]['z'] for s in parts]); P = np.concatenate([parts[s]['params'] for s in parts])
    names = parts['train']['names']
    t_enc = time.time() - t0
    fig = latent_maps(z, P, names, seed=SEED)
    fig.savefig(R / 'latent_maps.png', dpi=72)
    out = {'n_runs': len(z), 'n_train_runs': len(parts['train']['z']), 'n_test_runs': len(parts['test']['z']),
           'latent_dim': z.shape[1], 'perplexity': tsne_perplexity(len(z)), 'seed': SEED, 'knn_k': K, 'cv_folds': 5,
           'score': 'cross-validated k-NN regression R² of each parameter from the coordinates',
           'active_dims': int((z.var(0) > 0.01).sum()),
           'encode_s': round(t_enc, 1), 'total_s': None}
    from sklearn.decomposition import PCA
    out['pca_explained_variance_2d'] = [round(float(v), 4) for v in PCA(2).fit(z).explained_variance_ratio_]

    def org(c, rows=slice(None)):  # k-NN R² per parameter, rounded; None for a constant parameter
        scores = embedding_organisation(c[rows], P2[rows], names2, k=K, seed=SEED)
        return {k: round(v, 3) if np.isfinite(v) else None for k, v in scores.items()}

    # the Stokes-speed scale as one more column (R1 is the first crystal's radius; eta = 10**log10_eta)
    i = {n: names.index(n) for n in ('log10_eta', 'drho', 'R1', 'R2')}
    stokes = np.log10(P[:, i['drho']] * P[:, i['R1']] ** 2) - P[:, i['log10_eta']]
    P2, names2 = np.c_[P, stokes], [*names, 'log10_stokes_speed']
    out['organisation'] = {m: org(c) for m, c in (('pca', fig.embeddings['pca']), ('tsne', fig.embeddings['tsne']),
                                                  ('full_latent', z))}
    one = P[:, i['R2']] == 0
    out['n_one_crystal_runs'] = int(one.sum())
    out['organisation']['full_latent_one_crystal_runs'] = org(z, one)
    X = np.concatenate([load_runs(W / f'{s}.h5')['x'] for s in ('train', 'test')])
    sp = SimPredictor.load(W / 'vae' / 'model')  # all 64 numbers: main latent + the hierarchical levels
    codes = np.concatenate([sp.encode(X[j : j + 64]) for j in range(0, len(X), 64)])
    out['organisation']['full_code_main_and_hierarchical'] = org(codes)
    C = POD(z.shape[1]).fit(X).encode(X)  # reference: a linear code of the same size, no training
    out['organisation']['pod32_coefficients'] = org(C)
    out['organisation']['pod32_coefficients_one_crystal_runs'] = org(C, one)
    out['total_s'] = round(time.time() - t0, 1)
    (R / 'latents.json').write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))


if __name__ == '__main__':
    main()
