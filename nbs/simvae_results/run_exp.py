"""Experiment-log runs of the simulation VAE (issue 11). Usage:
    OMP_NUM_THREADS=1 nice -n 10 python nbs/simvae_results/run_exp.py STEP
STEP: data | vae | cond | e2e | eval. Work folders under /tmp/simvae/exp (resumable); small results in nbs/simvae_results/.
"""
import json, sys, time, warnings, logging
from pathlib import Path
import numpy as np
W = Path('/tmp/simvae/exp'); R = Path(__file__).resolve().parent
warnings.filterwarnings('ignore'); logging.getLogger('pytorch_lightning').setLevel(logging.ERROR)

def main(step):
    from physml.simvae.data import SettlingConfig, generate
    from physml.simvae.train import SimVAETrainConfig, train
    if step == 'data':
        generate(W / 'train.h5', 256, SettlingConfig(), seed=0, workers=1)
        generate(W / 'test.h5', 64, SettlingConfig(), seed=1, workers=1)
        generate(W / 'ood.h5', 32, SettlingConfig(radius_range=(0.25, 0.3)), seed=2, workers=1)
        return
    base = SimVAETrainConfig(data=str(W / 'train.h5'), filters='tiny', batch_size=16, lr=2e-3, epochs=50, warmup_epochs=3,
                             restart_epochs=25, threads=1, progress=False, max_minutes=10.0, val_fraction=0.15)
    if step == 'vae':
        s = train(base.replace(conditioner='none'), W / 'vae')
    elif step == 'cond':
        for kind, kw in (('mlp', {}), ('cnn', {'widths': [16, 32, 64]}), ('vit', {'dim': 64, 'depth': 4, 'patch': 16})):
            s = train(base.replace(mode='conditioner', conditioner=kind, vae_dir=str(W / 'vae' / 'model'), cond_kw=json.dumps(kw),
                                   epochs=150, restart_epochs=150, lr=1e-3, weight_decay=1e-4, max_minutes=3.5), W / f'c_{kind}')
            print(kind, s['wall_s'], s['best_score'])
    elif step == 'e2e':
        s = train(base.replace(mode='end_to_end', conditioner='mlp', vae_dir=str(W / 'vae' / 'model'), epochs=40,
                               restart_epochs=40, lr=3e-4, max_minutes=6.0), W / 'e2e_mlp')
    elif step == 'eval':
        from physml.simvae.evaluate import evaluate
        from physml.learn import read_metrics
        conds = {k: W / f'c_{k}' / 'model' for k in ('mlp', 'cnn', 'vit') if (W / f'c_{k}' / 'model').exists()}
        if (W / 'e2e_mlp' / 'model').exists(): conds['mlp_end_to_end'] = W / 'e2e_mlp' / 'model'
        out = {}
        for name in ('test', 'ood'):
            ev = evaluate(W / 'vae' / 'model', W / 'train.h5', W / f'{name}.h5', conds, timing=(name == 'test'))
            ev['per_run'] = {k: np.round(v, 5).tolist() for k, v in ev['per_run'].items()}
            ev['per_step'] = {k: np.round(v, 5).tolist() for k, v in ev['per_step'].items()}
            out[name] = ev
        curves = {}
        for run in ['vae', *[f'c_{k}' for k in ('mlp', 'cnn', 'vit')], 'e2e_mlp']:
            if (W / run).exists():
                curves[run] = [{k: round(v, 6) for k, v in r.items()} for r in read_metrics(W / run)]
                curves[run + '_summary'] = json.loads((W / run / 'train_summary.json').read_text())
        (R / 'eval.json').write_text(json.dumps(out, indent=1, default=float))
        (R / 'curves.json').write_text(json.dumps(curves, default=float))
    else: raise SystemExit(__doc__)

if __name__ == '__main__':
    t = time.time(); main(sys.argv[1]); print(f"{sys.argv[1]} done in {time.time() - t:.0f} s")
