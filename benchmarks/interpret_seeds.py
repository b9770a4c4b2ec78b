"""Lesson 01 (interpret) over several seeds: error rates and how many pairs `most_confused` lists, per candidate recipe.

    nice -n 10 python benchmarks/interpret_seeds.py                      # every candidate, seeds 0-4 and 42
    python benchmarks/interpret_seeds.py --candidates pairs_w16_c1_p12_v20 --seeds 0 1
    python benchmarks/interpret_seeds.py --summary                        # the table of the rows already measured

Each run trains exactly as the lesson does (fastai `Learner` on the PNG folders, `conv_net` from scratch,
`fit_one_cycle`), then counts the confusions with the lesson's own functions (`confusion_matrix`, `pick_min_val`,
`most_confused`). Every run is a row `lesson=interpret` of `benchmarks/vision_recipes.csv`, losers included; the script
replaces its own earlier row of the same candidate and seed (a full run first drops every
`lesson=interpret` row). Targets at every seed: `mnist_error_rate <= 0.08`,
`error_rate <= 0.20` (100 classes), and at least 5 pairs listed at the chosen `min_val` (chosen from the counts, >= 2).
One torch thread; timings depend on the load of the machine (see `capability` and `extra.load`)."""
import argparse, os, sys, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
warnings.filterwarnings('ignore')
from fastai.vision.all import Learner, PILImage, PILImageBW, DataBlock, ImageBlock, CategoryBlock, GrandparentSplitter, \
    parent_label, Resize, get_image_files, error_rate, set_seed, ProgressCallback
from lessonkit.data import digit_pairs, mnist_folder, folder_dls
from lessonkit.models import conv_net
from lessonkit.train import get_preds
from lessonkit.interpret import confusion_matrix, most_confused, pick_min_val
sys.path.insert(0, str(Path(__file__).parent))
from bench_csv import append_row, drop_rows, read_rows

CSV = Path(__file__).parent/'vision_recipes.csv'

# name: (task, settings). pairs: 100 two-digit classes, 40 training images per class; mnist: 10 digits, all 4,000
C = {
    'pairs_w16_c3_p12_v10': ('pairs', dict(widths=(16, 32, 64, 128), c_in=3, pool=(1, 2), n_valid=10)),  # the committed recipe
    'pairs_w16_c1_p12_v10': ('pairs', dict(widths=(16, 32, 64, 128), c_in=1, pool=(1, 2), n_valid=10)),
    'pairs_w16_c1_p11_v10': ('pairs', dict(widths=(16, 32, 64, 128), c_in=1, pool=(1, 1), n_valid=10)),
    'pairs_w8_c1_p12_v10':  ('pairs', dict(widths=(8, 16, 32, 64), c_in=1, pool=(1, 2), n_valid=10)),
    'pairs_w16_c1_p12_v20': ('pairs', dict(widths=(16, 32, 64, 128), c_in=1, pool=(1, 2), n_valid=20)),
    'pairs_w16_c1_p11_v20': ('pairs', dict(widths=(16, 32, 64, 128), c_in=1, pool=(1, 1), n_valid=20)),
    'pairs_w16_c1_p12_v30': ('pairs', dict(widths=(16, 32, 64, 128), c_in=1, pool=(1, 2), n_valid=30)),
    'mnist_w16_c3':         ('mnist', dict(widths=(16, 32, 64, 128), c_in=3)),  # the committed recipe
    'mnist_w16_c1':         ('mnist', dict(widths=(16, 32, 64, 128), c_in=1)),
    'mnist_w8_c1':          ('mnist', dict(widths=(8, 16, 32, 64), c_in=1)),
}

def pairs_dls(seed, n_per_class=40, n_valid=10, c_in=1, bs=64, **_):
    "The lesson's two-digit loaders"
    set_seed(seed, reproducible=True)
    return folder_dls(digit_pairs(n_per_class, n_valid, seed=seed), size=(28, 56), bs=bs, seed=seed,
                      img_cls=PILImageBW if c_in == 1 else PILImage)

def mnist_dls_png(seed, c_in=1, bs=64, **_):
    "The lesson's 10-class loaders: every training digit of the MNIST folder, all 1,000 validation digits"
    set_seed(seed, reproducible=True)
    return folder_dls(mnist_folder(seed), size=28, bs=bs, seed=seed, img_cls=PILImageBW if c_in == 1 else PILImage)

def swapped(cm, vocab):
    "Mistakes that read both digits right but in the wrong order ('25' as '52')"
    return int(sum(cm[i, j] for i, a in enumerate(vocab) for j, p in enumerate(vocab) if a != p and a == p[::-1]))

def run(name, seed, epochs=4, lr=1e-2, bs=64):
    task, kw = C[name]
    t0 = time.time()
    dls = pairs_dls(seed, bs=bs, **kw) if task == 'pairs' else mnist_dls_png(seed, bs=bs, **kw)
    prep = time.time() - t0
    set_seed(seed, reproducible=True)
    learn = Learner(dls, conv_net(len(dls.vocab), c_in=kw['c_in'], widths=kw['widths'], pool=kw.get('pool', (1, 1))), metrics=error_rate)
    learn.remove_cb(ProgressCallback)
    t0 = time.time()
    with learn.no_logging(): learn.fit_one_cycle(epochs, lr)
    secs = time.time() - t0
    preds, targs, _ = get_preds(learn.model, dls.valid)
    vocab = list(dls.vocab)
    cm = confusion_matrix(targs, preds.argmax(1), len(vocab))
    err = 1 - np.trace(cm)/cm.sum()
    mv = pick_min_val(cm, 5)
    extra = dict(candidate=name, task=task, per_epoch=[round(float(v[2]), 4) for v in learn.recorder.values],
                 min_val=mv, pairs_at_min_val=len(most_confused(cm, vocab, mv)),
                 pairs_at={m: len(most_confused(cm, vocab, m)) for m in (1, 2, 3, 4)},
                 top=[list(p) for p in most_confused(cm, vocab, mv)[:8]], mistakes=int(cm.sum() - np.trace(cm)),
                 load=round(os.getloadavg()[0], 1))
    if task == 'pairs': extra['swapped'] = swapped(cm, vocab)
    model = f"conv_net-w{kw['widths'][0]}-c{kw['c_in']}" + (f"-pool{kw['pool'][0]}x{kw['pool'][1]}" if task == 'pairs' else '')
    row = dict(lesson='interpret', recipe='fit_one_cycle', model=model, data='png', size=28,
               n_per_class=40 if task == 'pairs' else 0, n_train=len(dls.train_ds), n_valid=len(dls.valid_ds), epochs=epochs,
               freeze_epochs=0, lr=lr, lr_mult='', bs=bs, seed=seed, metric='mnist_error_rate' if task == 'mnist' else 'error_rate',
               value=round(float(err), 4), seconds=round(secs, 1), prep_s=round(prep, 1), extra=extra,
               capability=torch.backends.cpu.get_cpu_capability())
    drop_rows(CSV, lesson='interpret', model=model, seed=seed, n_valid=row['n_valid'])  # this run replaces its earlier row
    append_row(CSV, row)
    print(f"{name:24s} seed {seed:3d}: {row['metric']} {err:.4f}  min_val {mv} -> {extra['pairs_at_min_val']} pairs  "
          f"pairs at 1..4 {list(extra['pairs_at'].values())}  {secs:.1f} s", flush=True)
    return row

def summary():
    "Per candidate: the error's median and worst over seeds, the smallest min_val chosen, the fewest pairs"
    rows = [r for r in read_rows(CSV) if r['lesson'] == 'interpret' and r['extra'].get('candidate') in C]
    if not rows: return print('no rows yet')
    df = pd.DataFrame([dict(candidate=r['extra']['candidate'], seed=int(r['seed']), metric=r['metric'], value=float(r['value']),
                            min_val=r['extra']['min_val'], pairs=r['extra']['pairs_at_min_val'], swapped=r['extra'].get('swapped'),
                            seconds=float(r['seconds'])) for r in rows])
    g = df.groupby(['candidate', 'metric'])
    print(pd.DataFrame({'seeds': g.seed.apply(lambda s: ' '.join(map(str, sorted(s)))), 'median': g.value.median(),
                        'worst': g.value.max(), 'min_val_lowest': g.min_val.min(), 'min_val_median': g.min_val.median(),
                        'fewest_pairs': g.pairs.min(), 'swapped_median': g.swapped.median(), 'seconds_median': g.seconds.median()}).to_string())

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--candidates', nargs='*', default=list(C), choices=list(C))
    ap.add_argument('--seeds', nargs='*', type=int, default=[0, 1, 2, 3, 4, 42])
    ap.add_argument('--summary', action='store_true', help='print the table of the measured rows and stop')
    ap.add_argument('--keep', action='store_true', help="on a full run, keep the interpret rows of other recipes")
    a = ap.parse_args()
    if a.summary: return summary()
    torch.set_num_threads(1)
    if set(a.candidates) == set(C) and not a.keep:  # a full run replaces every interpret row, older benchmarks' included
        print(f"dropped {drop_rows(CSV, lesson='interpret')} earlier interpret rows")
    for seed in a.seeds:
        for name in a.candidates: run(name, seed)
    summary()

if __name__ == '__main__': main()
