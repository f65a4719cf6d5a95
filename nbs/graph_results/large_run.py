"""The 10^5-node check of nbs/32a_graph.large: matrix-free sampling with the ancestral sampler
(50 steps) and DPM-Solver-2 (25 steps, the same 50 eps calls) (time/step, memory, probe W2 vs the Monte-Carlo floor,
exact bias) and matrix-free training (time/step) on a 317 x 317 grid; writes large.json next to this file.

Run: .venv/bin/python nbs/graph_results/large_run.py [--nodes 100489] [--seed 0] [--n 160] [--batch 8]
Resumable: each batch of samples is stored under --parts and reused on a rerun with the same settings; --samplers and
--update compute a part of the file (e.g. `--samplers dpm2 --train-steps 0 --update`)."""
import argparse, json, os, tempfile, time
from pathlib import Path
import torch

torch.set_num_threads(1)
from physml.graph.large import large_graph_check, large_train_check  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument('--nodes', type=int, default=100_489)
p.add_argument('--seed', type=int, default=0)
p.add_argument('--n', type=int, default=160)
p.add_argument('--batch', type=int, default=8)
p.add_argument('--probes', type=int, default=16)
p.add_argument('--steps', type=int, default=50)
p.add_argument('--train-steps', type=int, default=12, help='0: skip the training check')
p.add_argument('--samplers', default='ancestral,dpm2')
p.add_argument('--parts', default=os.path.join(tempfile.gettempdir(), 'physml_graph_large'))
p.add_argument('--out', default=str(Path(__file__).with_name('large.json')))
p.add_argument('--update', action='store_true', help='keep the keys of --out that this run does not compute')
a = p.parse_args()
t0 = time.time()
res = json.loads(Path(a.out).read_text()) if a.update and Path(a.out).exists() else {}
runs = (('sample', 'ancestral', a.steps), ('sample_dpm2', 'dpm2', a.steps // 2))
for key, sampler, steps in [r for r in runs if r[1] in a.samplers.split(',')]:
    res[key] = large_graph_check(a.nodes, a.seed, n=a.n, batch=a.batch, steps=steps, probes=a.probes,
                                 parts_dir=a.parts, sampler=sampler)
    print(res[key], flush=True)
if a.train_steps:
    res['train'] = large_train_check(a.nodes, a.seed, steps=a.train_steps)
    print(res['train'], flush=True)
res['load_average_end'] = os.getloadavg()
res['setup'] = (f"{int(round(a.nodes ** 0.5))}^2 grid, gamma 1, lam 0, beta 2, T 1, GMRF tau 1 kappa 0.5, ancestral "
                f"{a.steps} steps and DPM-Solver-2 {a.steps // 2} steps (same eps calls) (rho 2), Chebyshev tol 1e-6, "
                f"exact eps (matrix-free); {a.probes} random probe nodes; "
                f"machine shared with other jobs (2 cores), torch 1 thread")
res['wall_seconds_last_run'] = time.time() - t0
Path(a.out).write_text(json.dumps(res, indent=1) + '\n')
print('wrote', a.out)
