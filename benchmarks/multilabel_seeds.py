"""Lesson 04 (multilabel) over several seeds: the offline recipe's accuracy and F1, per candidate model.

    nice -n 10 python benchmarks/multilabel_seeds.py                      # every candidate, seeds 0-4 and 42
    python benchmarks/multilabel_seeds.py --candidates w16_c1_e10 --seeds 0 1
    python benchmarks/multilabel_seeds.py --summary                        # the table of the rows already measured

Each run trains exactly as the lesson does: the data layer's multi-digit set built with the run's seed, the lesson's
`MultiLabelImages` read once into memory (`memory_loaders`), `conv_net` from scratch, lesson 03's `fit_one_cycle` on the core and the lesson's `binary_cross_entropy`, then the lesson's threshold sweep on the validation
predictions. Every run is a row `lesson=multilabel` of `benchmarks/vision_recipes.csv`, losers included; the script
replaces its own earlier row of the same candidate and seed. The lesson asserts that the model makes at least 20% fewer
mistakes than predicting no label at 0.5, and that choosing the threshold on half the validation set costs under 0.02;
the extra columns record both. One torch thread; timings depend on the load of the machine (`extra.load`)."""
import os, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.filterwarnings('ignore')
from fastai.vision.all import set_seed
from lessonkit.data import digit_sets
from lessonkit.models import conv_net
from lessonkit.train import get_preds
from lessonkit.train import fit_one_cycle
from lessonkit.multilabel import (MultiLabelImages, memory_loaders, binary_cross_entropy, accuracy_multi, threshold_sweep,
                                  precision_recall_f1)
sys.path.insert(0, str(Path(__file__).parent))
from bench_csv import read_rows, seed_sweep

CSV = Path(__file__).parent/'vision_recipes.csv'

# name: conv_net widths, input channels, epochs, peak learning rate
C = {
    'w16_c1_e10': dict(widths=(16, 32, 64, 128), c_in=1, epochs=10, lr=1e-2),  # the lesson's recipe
    'w16_c1_e8':  dict(widths=(16, 32, 64, 128), c_in=1, epochs=8, lr=1e-2),
    'w16_c3_e10': dict(widths=(16, 32, 64, 128), c_in=3, epochs=10, lr=1e-2),
    'w32_c1_e10': dict(widths=(32, 64, 128, 256), c_in=1, epochs=10, lr=1e-2),
    'w8_c1_e10':  dict(widths=(8, 16, 32, 64), c_in=1, epochs=10, lr=1e-2),
}

def run(name, seed, bs=64, size=64):
    kw = C[name]
    t0 = time.time()
    path = digit_sets(seed=seed); df, folder = pd.read_csv(path/'labels.csv'), path/'images'
    vocab = sorted({l for ls in df.labels for l in ls.split(' ')})
    sets = [MultiLabelImages(df[df.is_valid == v], folder, vocab, size, kw['c_in']) for v in (False, True)]
    train_dl, valid_dl = memory_loaders(*sets, bs=bs, seed=seed)
    prep = time.time() - t0
    set_seed(seed, reproducible=True)
    model = conv_net(len(vocab), kw['c_in'], kw['widths'])
    t0 = time.time()
    fit_one_cycle(model, train_dl, kw['epochs'], binary_cross_entropy, kw['lr'])
    secs = time.time() - t0
    preds, targs, _ = get_preds(model, valid_dl, act=torch.sigmoid)
    threshs = torch.linspace(0.05, 0.95, 19)
    accs = threshold_sweep(preds, targs, threshs)
    best = threshs[accs.argmax()].item()
    half_a, half_b = torch.arange(0, len(preds), 2), torch.arange(1, len(preds), 2)
    accs_a, accs_b = threshold_sweep(preds[half_a], targs[half_a], threshs), threshold_sweep(preds[half_b], targs[half_b], threshs)
    baseline, acc_05 = 1 - targs.mean().item(), accuracy_multi(preds, targs, 0.5, sigmoid=False).item()
    extra = dict(candidate=name, acc_05=round(acc_05, 4), acc_02=round(accuracy_multi(preds, targs, 0.2, sigmoid=False).item(), 4),
                 threshold=round(best, 2), f1_mean=round(precision_recall_f1(preds, targs, best)[2].mean().item(), 4),
                 baseline=round(baseline, 4), mistakes_vs_baseline_05=round((1 - acc_05)/(1 - baseline), 3),
                 holdout_gap=round((accs_b.max() - accs_b[accs_a.argmax()]).item(), 4), load=round(os.getloadavg()[0], 1))
    model_name = f"conv_net-w{kw['widths'][0]}-c{kw['c_in']}"
    return dict(lesson='multilabel', recipe='fit', model=model_name, data='memory', size=size, n_per_class='', n_train=int((~df.is_valid).sum()),
                n_valid=int(df.is_valid.sum()), epochs=kw['epochs'], freeze_epochs=0, lr=kw['lr'], lr_mult='', bs=bs, seed=seed,
                metric='accuracy_multi_best', value=round(accs.max().item(), 4), seconds=round(secs, 1), prep_s=round(prep, 1),
                extra=extra, capability=torch.backends.cpu.get_cpu_capability())

def summary():
    rows = [r for r in read_rows(CSV) if r['lesson'] == 'multilabel' and r.get('extra', {}).get('candidate') in C]
    df = pd.DataFrame([dict(candidate=r['extra']['candidate'], seed=int(r['seed']), acc=float(r['value']), seconds=float(r['seconds']),
                            f1=r['extra']['f1_mean'], ratio=r['extra']['mistakes_vs_baseline_05'], gap=r['extra']['holdout_gap']) for r in rows])
    if df.empty: print('no rows yet'); return
    print(df.groupby('candidate').agg(seeds=('seed', 'count'), median_acc=('acc', 'median'), worst_acc=('acc', 'min'),
                                     median_f1=('f1', 'median'), worst_f1=('f1', 'min'), worst_ratio=('ratio', 'max'),
                                     worst_gap=('gap', 'max'), median_s=('seconds', 'median')).sort_values('median_acc', ascending=False).to_string())

if __name__ == '__main__':
    seed_sweep(__doc__.splitlines()[0], C, run, summary, CSV, 'multilabel', ('model', 'epochs'),
               lambda r: (r['value'], r['extra']['f1_mean'], r['seconds']))
