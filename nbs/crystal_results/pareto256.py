"""Error vs time per sample at 256² on the held-out mixture samples: the solver at 32/64/128/256 (+ bilinear
upsampling), the closed-form isoviscous flow, and each surrogate, measured side by side in one run.

Usage (from the repository root): [THREADS=1] .venv/bin/python nbs/crystal_results/pareto256.py OUT_NAME NAME=RUN [NAME=RUN ...]
The held-out samples are the test split of the first RUN (trained on data/crystal256_mix.h5). Writes
nbs/crystal_results/OUT_NAME/pareto.json, pareto_rel_l2.png and pareto_r2.png.
"""
import json, os, sys
from pathlib import Path
from physml.crystal.evaluate import pareto_benchmark, plot_pareto

HERE = Path(__file__).parent
DATA = 'data/crystal256_mix.h5'


def main(out_name, *models):
    models = dict(m.split('=', 1) for m in models)
    first = next(iter(models.values()))
    idx = json.loads((Path(first) / 'split.json').read_text())['test']
    res = pareto_benchmark(models, DATA, indices=idx, solver_sizes=(32, 64, 128, 256), n_time=8, n_time_fine=3,
                           batch=16, threads=int(os.environ.get('THREADS', 1)), seed=0)
    res['models'] = models
    out = HERE / out_name
    out.mkdir(exist_ok=True)
    (out / 'pareto.json').write_text(json.dumps(res, indent=1))
    plot_pareto(res, out / 'pareto_rel_l2.png')
    plot_pareto(res, out / 'pareto_r2.png', metric='one_minus_r2')
    print(f"{res['n']} held-out samples at 256², load {res['load_avg_1min_start']:.2f} -> {res['load_avg_1min_end']:.2f}")
    for k, p in sorted(res['points'].items(), key=lambda kv: -kv[1]['s_per_sample']):
        b = f"{p['s_per_sample_batched'] * 1e3:8.1f} ms" if 's_per_sample_batched' in p else ' ' * 11
        print(f"  {k:55s} {p['s_per_sample'] * 1e3:9.1f} ms  batched {b}  R² {p['r2']:.4f}  rel L2 {p['rel_l2']:.4f}")


if __name__ == '__main__':
    main(*sys.argv[1:])
