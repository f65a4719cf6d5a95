"""Training switches of the simulation VAE, measured (issue 11): time per training step of the demo's VAE, CNN and ViT
with fp32, bf16-mixed autocast, torch.compile, channels-last (the 2-D conditioners) and gradient checkpointing, and
2-process gloo DDP against 1 process for the VAE. Writes nbs/simvae_results/perf_options.json.

    .venv/bin/python nbs/simvae_results/perf_options.py [--rounds 7] [--steps 6]

One thread per process. A step = zero_grad + forward + loss + backward + AdamW step, as `physml.simvae.train` does
it: the VAE in the full mode without a conditioner (reconstruction + KL), the conditioners in the conditioner-only
mode (MSE to 64-D latent codes). The sizes are the demo's (`physml.simvae.cli.run_demo`): 32x32 grid, 16 frames,
velocity field (2048 nodes), `tiny` VAE preset, batch 8; images 64x64 (SimVAETrainConfig.image_size), CNN widths
(8, 16, 32), ViT dim 32, depth 2, patch 16. Random inputs: the time of these dense kernels does not depend on the
values.

Two phases. (1) Memory and cold compile: each variant in a fresh Python process (its peak RSS is its own;
torch.compile starts from an empty inductor cache, so `compile_s` is a first run's compile time). (2) Step times:
one process per model holds all its variants and times them interleaved, round after round (so that the load of
other work on the machine drifts over all variants alike); the compiled variant there reuses phase 1's cache
(`compile_warm_s`: a later run's compile time). DDP: the VAE on 1 process (plain loop) and DistributedDataParallel on
2 gloo processes (batch 4 each: the same global batch 8; and batch 8 each), the configurations alternated twice.

Memory: `peak_step_mb` = the peak of the bytes torch's CPU allocator holds during one step above what it held before
it (weights, optimizer state), from the profiler's allocation events; `maxrss_mb` = the process's peak resident set
(includes the ~400 MB of libraries), `rss_before_mb` = resident set before the first step.
"""

import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = dict(nodes=2 * 32 * 32, frames=16, filters='tiny', batch=8, image=64, latent=64,
            cnn={'widths': [8, 16, 32]}, vit={'dim': 32, 'depth': 2})
VARIANTS = {'vae': ('fp32', 'bf16', 'compile', 'grad_checkpoint'),
            'cnn': ('fp32', 'bf16', 'compile', 'channels_last', 'grad_checkpoint'),
            'vit': ('fp32', 'bf16', 'compile', 'channels_last', 'grad_checkpoint')}


def _rss_mb() -> float:
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return float('nan')


def _build(model: str, variant: str):
    "Model, optimizer and a step closure for one variant."
    import torch
    import torch.nn.functional as F
    from physml.simvae.vae import HierarchicalVAE, VAEConfig, vae_loss
    from physml.simvae.conditioners import build_conditioner
    from physml.simvae.train import set_grad_checkpoint

    torch.manual_seed(0)
    B = DEMO['batch']
    if model == 'vae':
        m = HierarchicalVAE(VAEConfig(nodes=DEMO['nodes'], frames=DEMO['frames'], filters=DEMO['filters']))
        x = torch.rand(B, DEMO['frames'], DEMO['nodes']) * 1.4 - 0.7
        loss_of = lambda net: vae_loss(net(x), x, 1.0)['loss']
    else:
        m = build_conditioner(model, DEMO['latent'], image_size=DEMO['image'], **DEMO[model])
        img = (torch.rand(B, 1, DEMO['image'], DEMO['image']) > 0.8).float()
        y = torch.randn(B, DEMO['latent'])
        if variant == 'channels_last':
            m = m.to(memory_format=torch.channels_last)
            img = img.contiguous(memory_format=torch.channels_last)
        loss_of = lambda net: F.mse_loss(net(img), y)
    if variant == 'grad_checkpoint':
        set_grad_checkpoint(m, True)
    m.train()
    net = torch.compile(m) if variant == 'compile' else m
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        if variant == 'bf16':
            with torch.autocast('cpu', dtype=torch.bfloat16):  # what Lightning's precision='bf16-mixed' does on CPU
                loss = loss_of(net)
        else:
            loss = loss_of(net)
        loss.backward()
        opt.step()
        return float(loss.detach())

    return m, opt, step


def worker(model: str, variant: str) -> dict:
    "Phase 1, in a fresh process: peak memory of a step, and the compile time (empty cache) for 'compile'."
    import torch
    from torch.profiler import ProfilerActivity, profile

    torch.set_num_threads(1)
    m, opt, step = _build(model, variant)
    rss0 = _rss_mb()
    t = time.perf_counter()
    step()  # compiles, for 'compile'
    first = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(3):
        step()
    after = (time.perf_counter() - t) / 3
    opt.zero_grad(set_to_none=True)
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        step()
    ev = [e for e in prof.profiler.kineto_results.events() if e.name() == '[memory]']
    ev.sort(key=lambda e: e.start_ns())
    cum = peak = 0
    for e in ev:
        cum += e.nbytes()
        peak = max(peak, cum)
    return {
        'model': model,
        'variant': variant,
        'compile_s': round(first - after, 2) if variant == 'compile' else None,
        'peak_step_mb': round(peak / 2**20, 3),
        'rss_before_mb': round(rss0, 1),
        'maxrss_mb': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        'parameters': sum(p.numel() for p in m.parameters()),
    }


def timer(model: str, rounds: int, steps: int) -> dict:
    "Phase 2, in one process: all variants of `model`, timed interleaved; median ms per step and each round's."
    import torch

    torch.set_num_threads(1)
    built, warm = {}, None
    for v in VARIANTS[model]:
        built[v] = _build(model, v)
        t = time.perf_counter()
        built[v][2]()  # compiles (warm cache) for 'compile'
        if v == 'compile':
            warm = time.perf_counter() - t
        for _ in range(2):
            built[v][2]()
    per = {v: [] for v in built}
    names = list(built)
    for r in range(rounds):
        for v in names[r % len(names):] + names[: r % len(names)]:  # rotate the order every round
            step = built[v][2]
            t = time.perf_counter()
            for _ in range(steps):
                step()
            per[v].append((time.perf_counter() - t) / steps)
    return {
        'model': model,
        'compile_warm_s': round(warm - statistics.median(per['compile']), 2),
        'step_ms_median': {v: round(1e3 * statistics.median(x), 3) for v, x in per.items()},
        'step_ms_rounds': {v: [round(1e3 * y, 3) for y in x] for v, x in per.items()},
        'threads': torch.get_num_threads(),
    }


def _ddp_proc(rank: int, world: int, port: int, per_proc: int, repeats: int, steps: int, out: str):
    "One process of the DDP timing: the demo VAE wrapped in DistributedDataParallel over gloo."
    import torch
    import torch.distributed as dist
    from physml.simvae.vae import HierarchicalVAE, VAEConfig, vae_loss

    torch.set_num_threads(1)
    dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{port}', rank=rank, world_size=world)
    torch.manual_seed(0)
    m = HierarchicalVAE(VAEConfig(nodes=DEMO['nodes'], frames=DEMO['frames'], filters=DEMO['filters']))
    net = torch.nn.parallel.DistributedDataParallel(m)
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3)
    torch.manual_seed(1 + rank)
    x = torch.rand(per_proc, DEMO['frames'], DEMO['nodes']) * 1.4 - 0.7

    def step():
        opt.zero_grad(set_to_none=True)
        vae_loss(net(x), x, 1.0)['loss'].backward()  # DDP all-reduces the gradients (gloo) in the backward pass
        opt.step()

    for _ in range(3):
        step()
    reps = []
    for _ in range(repeats):
        dist.barrier()
        t = time.perf_counter()
        for _ in range(steps):
            step()
        dist.barrier()
        reps.append((time.perf_counter() - t) / steps)
    if rank == 0:
        Path(out).write_text(json.dumps({'backend': dist.get_backend(), 'world': dist.get_world_size(), 'reps': reps}))
    dist.destroy_process_group()


def _plain_vae(repeats: int, steps: int) -> list:
    "Seconds per step of the plain (no DDP) VAE loop, `repeats` times."
    import torch

    torch.set_num_threads(1)
    m, opt, step = _build('vae', 'fp32')
    for _ in range(3):
        step()
    reps = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(steps):
            step()
        reps.append((time.perf_counter() - t) / steps)
    return reps


def ddp(repeats: int, steps: int) -> list:
    "Step time of the VAE: 1 process (no DDP) vs DDP on 2 gloo processes, same global batch and 2x the batch."
    import socket
    import torch.multiprocessing as mp

    confs = ((1, 8), (2, 4), (2, 8))
    got = {c: {'reps': [], 'wall': 0.0, 'backend': None} for c in confs}
    for _ in range(2):  # alternate the configurations, so that the load of other work drifts over all alike
        for world, per_proc in confs:
            t = time.time()
            if world == 1:
                reps = _plain_vae(repeats, steps)
            else:
                with socket.socket() as s:
                    s.bind(('127.0.0.1', 0))
                    port = s.getsockname()[1]
                out = tempfile.mktemp(suffix='.json')
                mp.spawn(_ddp_proc, args=(world, port, per_proc, repeats, steps, out), nprocs=world, join=True)
                d = json.loads(Path(out).read_text())
                reps, got[(world, per_proc)]['backend'] = d['reps'], d['backend']
            got[(world, per_proc)]['reps'] += reps
            got[(world, per_proc)]['wall'] += time.time() - t
    rows = []
    for (world, per_proc), g in got.items():
        med = statistics.median(g['reps'])
        rows.append({
            'processes': world,
            'batch_per_process': per_proc,
            'global_batch': world * per_proc,
            'backend': g['backend'],
            'step_ms_median': round(1e3 * med, 3),
            'step_ms_repeats': [round(1e3 * r, 3) for r in g['reps']],
            'samples_per_s': round(world * per_proc / med, 1),
            'wall_s': round(g['wall'], 1),
        })
        print('ddp', {k: v for k, v in rows[-1].items() if k != 'step_ms_repeats'}, flush=True)
    return rows


def _run(args: list, env: dict) -> dict:
    "Run this script with `args` in a fresh Python; its RESULT dict (or the error)."
    t = time.time()
    p = subprocess.run([sys.executable, __file__] + args, env=env, capture_output=True, text=True, timeout=1200)
    line = [l for l in p.stdout.splitlines() if l.startswith('RESULT ')]
    r = json.loads(line[-1][7:]) if p.returncode == 0 and line else {'error': (p.stderr or p.stdout)[-2000:]}
    r.update(process_s=round(time.time() - t, 1), loadavg_1min=round(os.getloadavg()[0], 2))
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=7)
    ap.add_argument('--steps', type=int, default=6)
    ap.add_argument('--worker', nargs=2, metavar=('MODEL', 'VARIANT'))
    ap.add_argument('--timer', metavar='MODEL')
    ap.add_argument('--out', default=str(HERE / 'perf_options.json'))
    a = ap.parse_args()
    if a.worker or a.timer:
        r = worker(*a.worker) if a.worker else timer(a.timer, a.rounds, a.steps)
        print('RESULT ' + json.dumps(r), flush=True)
        return
    from physml.learn import provenance

    t0, load0 = time.time(), os.getloadavg()
    res = {'setup': {**DEMO, 'rounds': a.rounds, 'steps_per_round': a.steps, 'threads': 1, 'note': __doc__.strip()},
           'provenance': provenance(), 'loadavg_start': [round(x, 2) for x in load0], 'memory': [], 'timing': []}
    for model, variants in VARIANTS.items():
        env = {**os.environ, 'OMP_NUM_THREADS': '1', 'TORCHINDUCTOR_CACHE_DIR': tempfile.mkdtemp(prefix='inductor_')}
        for v in variants:  # phase 1: fresh process per variant; the compile one finds an empty cache
            r = {'model': model, 'variant': v, **_run(['--worker', model, v], env)}
            res['memory'].append(r)
            print(r, flush=True)
        r = {'model': model, **_run(['--timer', model, '--rounds', str(a.rounds), '--steps', str(a.steps)], env)}
        res['timing'].append(r)  # phase 2: the compiled variant finds phase 1's cache
        print({k: v for k, v in r.items() if k != 'step_ms_rounds'}, flush=True)
    res['ddp_vae'] = ddp(a.rounds, a.steps)
    res['loadavg_end'] = [round(x, 2) for x in os.getloadavg()]
    res['total_s'] = round(time.time() - t0, 1)
    Path(a.out).write_text(json.dumps(res, indent=1))
    print(f"wrote {a.out} in {res['total_s']} s; load average {res['loadavg_start']} -> {res['loadavg_end']}")


if __name__ == '__main__':
    main()
