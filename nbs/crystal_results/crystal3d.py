"""3D surrogate experiments (issue 21, part 3): train runs on the 24³ mixture, then the error-vs-time Pareto
benchmark at 48³ on held-out samples, measured side by side in one run.

Usage (from the repository root, 1 torch thread):
  .venv/bin/python nbs/crystal_results/crystal3d.py data N SIZE SEED OUT.h5     # generate3d (resumable)
  .venv/bin/python nbs/crystal_results/crystal3d.py train RUN_DIR key=value ...  # Crystal3DTrainConfig fields
  .venv/bin/python nbs/crystal_results/crystal3d.py pareto OUT_NAME FINE.h5 NAME=RUN [NAME=RUN ...]
`pareto` writes nbs/crystal_results/c3d/OUT_NAME/pareto.json (the pareto3d result, plus each run's test-split metrics
at 24³, the closed form's on the same split, and the training summaries) and pareto_rel_l2.png.
"""
import json, os, sys
from pathlib import Path
import torch

HERE = Path(__file__).parent / 'c3d'


def data(n, size, seed, out):
    from physml.crystal.data3d import Crystal3DConfig, generate3d
    generate3d(out, int(n), Crystal3DConfig(size=int(size)), seed=int(seed), workers=1, chunk=16, progress=False)


def train(run, *kv):
    import typing
    from physml.core import parse_value
    from physml.crystal.unet3d import Crystal3DTrainConfig, train3d
    hints = typing.get_type_hints(Crystal3DTrainConfig)
    over = {k: parse_value(hints[k], v, k) for k, v in (s.split('=', 1) for s in kv)}
    cfg = Crystal3DTrainConfig(out_dir=run, progress=False, threads=1, **over)
    out = train3d(cfg)
    print(json.dumps(json.loads((out / 'train_summary.json').read_text()), indent=1))


def pareto(out_name, fine, *models):
    from physml.crystal.unet3d import (isoviscous_velocity3d, load_surrogate3d, load3d, metrics3d, pareto3d,
                                       pareto_verdict)
    from physml.crystal.benchmark import plot_pareto
    from physml.crystal.demo import _pareto_table
    torch.set_num_threads(1)
    models = dict(m.split('=', 1) for m in models)
    res = pareto3d(models, fine, solver_sizes=(12, 16, 24, 48), n_time=4, n_time_fine=2, batch=8)
    res['models'] = models
    res['verdict'] = {k: pareto_verdict(res, k) for k in models}
    res['test'], res['training'] = {}, {}
    for k, run in models.items():
        sur = load_surrogate3d(run)
        idx = json.loads((Path(run) / 'split.json').read_text())['test']
        ph, v, _ = load3d(sur.config.data, idx)
        res['test'][k] = metrics3d(sur.predict(ph), v)
        res['test']['isoviscous closed form'] = metrics3d(isoviscous_velocity3d(ph[:, 0]), v)
        res['training'][k] = {**json.loads((Path(run) / 'train_summary.json').read_text()),
                              'config': sur.config.to_dict()}
    out = HERE / out_name
    out.mkdir(parents=True, exist_ok=True)
    (out / 'pareto.json').write_text(json.dumps(res, indent=1))
    plot_pareto(res, out / 'pareto_rel_l2.png')
    print(_pareto_table(res))
    print(json.dumps(res['verdict'], indent=1))


if __name__ == '__main__':
    {'data': data, 'train': train, 'pareto': pareto}[sys.argv[1]](*sys.argv[2:])
