#!/usr/bin/env python
"""Lesson 03's `fine_tune` over several seeds: which offline defaults hold at every seed (issue 19).

Each run is the lesson's own pipeline: `lessonkit.transfer.lesson_dls` (100 training and 50 validation digits per
class, PNGs resized by fastai), `vision_learner(efficientnet_lite0)`, `BatchLog(seed=seed)` (the lesson reseeds torch
before every batch, so the dropout masks are the lesson's), `learn.fine_tune(...)`, one torch thread. The same seed and
configuration give the lesson's numbers exactly.

Every run writes two rows into `benchmarks/vision_recipes.csv` (through `bench_csv.append_row`, lesson `fine_tune`):
the error as `fine_tune` leaves it (recipe `fine_tune`, or `finder` where the unfrozen rate comes from the LR finder)
and the error after re-estimating the batch-norm statistics on the training set with
`torch.optim.swa_utils.update_bn` (recipe + `+bn`). `extra` holds the candidate's name, the validation loss and
error after every epoch, the machine's load, and the finder's suggestions where it ran.

    source .venv/bin/activate
    nice -n 10 python benchmarks/fine_tune_seeds.py --fresh --seeds 0 1 2 3 4     # every candidate (about 40 min alone)
    python benchmarks/fine_tune_seeds.py --only bs32_lm1 --seeds 7 42 11            # some candidates, some seeds
    python benchmarks/fine_tune_seeds.py --table                                    # config x seed table, median, worst

`--fresh` first drops every `fine_tune` row (this script owns them; the other lessons' rows stay).
"""
import argparse, copy, os, tempfile, time, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
from fastai.vision.all import (vision_learner, error_rate, Callback, DataBlock, ImageBlock, CategoryBlock, PILImageBW, GrandparentSplitter,
                               parent_label, Resize, Normalize, set_seed)
from torch.optim.swa_utils import update_bn
from lessonkit.data import mnist_folder
from lessonkit.models import efficientnet_lite0
from lessonkit.transfer import lesson_dls, labelled_subset, BatchLog
from lessonkit.train import evaluate
import torch.nn.functional as F
import sys; sys.path.insert(0, str(Path(__file__).parent))
from bench_csv import append_row, drop_rows, read_rows

warnings.filterwarnings('ignore')
CSV = Path(__file__).parent/'vision_recipes.csv'
CAP = torch.backends.cpu.get_cpu_capability()

# The lesson's defaults before this benchmark: Lite0, 64 px, 100/50 per class, bs 64, fine_tune(2, 1e-2, lr_mult=1)
BASE = dict(size=64, n_per_class=100, n_valid_per_class=50, bs=64, epochs=2, freeze_epochs=1, lr=1e-2, lr_mult=1,
            recipe='fine_tune', grey=None, train_bn=True, finder_its=100, probe=False)
CANDIDATES = {
    'bs64_lm1': dict(BASE),                                        # the committed defaults
    'bs32_lm1': dict(BASE, bs=32),                                 # twice the steps per epoch
    'bs64_lm1_e3': dict(BASE, epochs=3),                           # one more unfrozen epoch
    'bs32_lm10': dict(BASE, bs=32, lr_mult=10),                    # discriminative rates
    'bs32_lm100': dict(BASE, bs=32, lr_mult=100),                  # fastai's default lr_mult
    'bs32_lm1_grey_imagenet': dict(BASE, bs=32, grey='imagenet'),  # one channel, stem's RGB filters summed, ImageNet's mean stats
    'bs32_lm1_grey_digits': dict(BASE, bs=32, grey='digits'),      # one channel, the digits' own mean and std
    'bs32_lm1_frozen_bn': dict(BASE, bs=32, train_bn=False),       # body batch norm frozen with the body
    'bs32_lm1_finder': dict(BASE, bs=32, recipe='finder'),         # unfrozen peak rate = LR finder's valley after unfreezing
    'bs32_lm1_e3': dict(BASE, bs=32, epochs=3),
    'bs64_lm10': dict(BASE, lr_mult=10),
    'bs64_lm100': dict(BASE, lr_mult=100),
    'bs32_lm1_lr5e-3': dict(BASE, bs=32, lr=5e-3),
    'bs32_lm1_s48': dict(BASE, bs=32, size=48),                    # smaller images: about half the compute
    'bs32_lm1_probe': dict(BASE, bs=32, probe=True),
    'bs64_lm1_s48': dict(BASE, size=48),
    'bs64_lm1_grey_imagenet': dict(BASE, grey='imagenet'),
    'bs64_lm1_finder': dict(BASE, recipe='finder'),
    'bs64_lm1_probe': dict(BASE, probe=True),               # bs32_lm1, and after every epoch a copy's statistics re-estimated
}
DIGIT_STATS = ([0.1307], [0.3081])  # MNIST's usual mean and std of the 0..1 pixels
GREY_IMAGENET = ([0.449], [0.226])  # ImageNet's per-channel statistics averaged

class FitLog(Callback):
    "After each fit (not the LR finder's), keep the `Recorder`'s rows of its epochs"
    order = 61
    def __init__(self): self.fits = []
    def after_fit(self):
        if not hasattr(self.learn, 'lr_finder'): self.fits.append([list(map(float, v)) for v in self.recorder.values])

class StatsProbe(Callback):
    "After every epoch: validate a copy of the model whose batch-norm statistics were re-estimated (training untouched)"
    order = 62
    def __init__(self, dl): self.dl, self.rows = dl, []
    def after_epoch(self):
        if hasattr(self.learn, 'lr_finder'): return
        m = copy.deepcopy(self.model); update_bn(self.dl, m)
        self.rows.append([round(v, 4) for v in evaluate(m, self.dls.valid, F.cross_entropy, [error_rate])])

def grey_dls(c, seed):
    "The lesson's subset as one-channel images (fastai's `PILImageBW`), normalised with one mean and std"
    path = mnist_folder(seed)
    set_seed(seed, reproducible=True)
    dblock = DataBlock((ImageBlock(PILImageBW), CategoryBlock), splitter=GrandparentSplitter(valid_name='valid'), get_y=parent_label,
                       get_items=lambda p: labelled_subset(p, c['n_per_class'], c['n_valid_per_class'], seed),
                       item_tfms=Resize(c['size'], method='squish'),
                       batch_tfms=Normalize.from_stats(*(DIGIT_STATS if c['grey'] == 'digits' else GREY_IMAGENET)))
    return dblock.dataloaders(path, path=path, bs=c['bs'], num_workers=0)

def run(name, seed):
    "One training of candidate `name` at `seed`: two CSV rows (as trained, and batch-norm statistics re-estimated)"
    c = CANDIDATES[name]
    torch.set_num_threads(1)
    t0 = time.time()
    dls = grey_dls(c, seed) if c['grey'] else lesson_dls('mnist', c['n_per_class'], c['n_valid_per_class'], c['size'], c['bs'], seed)
    prep = time.time() - t0
    learn = vision_learner(dls, efficientnet_lite0, metrics=error_rate, cbs=[BatchLog(seed=seed), FitLog()], train_bn=c['train_bn'],
                           **(dict(n_in=1) if c['grey'] else {}))
    if c['probe']: learn.add_cb(StatsProbe(dls.train.new(shuffle=False, drop_last=False)))
    extra, t0, c0 = dict(candidate=name, load=round(os.getloadavg()[0], 2)), time.time(), time.process_time()
    with learn.no_bar(), learn.no_logging():
        if c['recipe'] == 'fine_tune': learn.fine_tune(c['epochs'], c['lr'], freeze_epochs=c['freeze_epochs'], lr_mult=c['lr_mult'])
        else:  # fine_tune's steps, with the unfrozen peak rate read from the LR finder after unfreezing
            learn.freeze(); learn.fit_one_cycle(c['freeze_epochs'], slice(c['lr']), pct_start=0.99)
            learn.unfreeze()
            learn.path = Path(tempfile.mkdtemp())  # lr_find saves and restores the model there: no clash with other runs
            tf = time.time(); sug = learn.lr_find(num_it=c['finder_its'], show_plot=False)
            extra.update(finder_s=round(time.time() - tf, 1), valley=float(sug.valley), halved_base_lr=c['lr']/2)
            learn.fit_one_cycle(c['epochs'], slice(sug.valley/c['lr_mult'], sug.valley), pct_start=0.3, div=5)
    secs = time.time() - t0
    extra['cpu_s'] = round(time.process_time() - c0, 1)  # one thread: about the seconds on an idle machine
    vals = [list(map(float, v)) for v in learn.recorder.values]
    extra.update(valid_loss=[round(v[1], 4) for v in vals], per_epoch=[round(v[2], 4) for v in vals],
                 train_loss=[round(v[0], 4) for v in vals])  # the unfrozen phase's epochs
    if len(learn.fit_log.fits) > 1: extra.update(frozen=[[round(x, 4) for x in v] for v in learn.fit_log.fits[0]])  # train, valid loss, error
    if c['probe']: extra['reestimated'] = learn.stats_probe.rows  # valid loss, error after each epoch (frozen first)
    err = vals[-1][2]
    t1 = time.time()
    update_bn(learn.dls.train, learn.model)  # reset every BN's statistics, one pass with a cumulative average
    with learn.no_bar(): vl, err_bn = map(float, learn.validate())
    bn_s = time.time() - t1
    model = 'lite0' + (f"-grey-{c['grey']}" if c['grey'] else '') + ('' if c['train_bn'] else '-frozen-bn')
    row = dict(lesson='fine_tune', recipe=c['recipe'] + ('_probe' if c['probe'] else ''), model=model, data='png', size=c['size'], n_per_class=c['n_per_class'],
               n_train=len(dls.train_ds), n_valid=len(dls.valid_ds), epochs=c['epochs'], freeze_epochs=c['freeze_epochs'],
               lr=c['lr'], lr_mult=c['lr_mult'], bs=c['bs'], seed=seed, metric='error_rate', capability=CAP, prep_s=round(prep, 1))
    append_row(CSV, dict(row, value=round(err, 4), seconds=round(secs, 1), extra=extra))
    append_row(CSV, dict(row, recipe=c['recipe'] + '+bn', value=round(err_bn, 4), seconds=round(secs + bn_s, 1),
                         extra=dict(extra, bn_s=round(bn_s, 1), valid_loss_bn=round(vl, 4))))
    print(f"{name:24s} seed {seed:4d}: error {err:.3f}, after update_bn {err_bn:.3f}, {secs:.0f} s (+{bn_s:.1f} s), "
          f"valid loss per epoch {extra['valid_loss']}, load {extra['load']}", flush=True)
    return err, err_bn

def claim(f:Path):
    "Whether this process is the first to claim `f` (created atomically)"
    f.parent.mkdir(parents=True, exist_ok=True)
    try: os.close(os.open(f, os.O_CREAT | os.O_EXCL)); return True
    except FileExistsError: return False

def table(rows=None):
    "Config x seed error table of this script's rows, with median and worst, best worst first"
    rows = [r for r in (rows or read_rows(CSV)) if r['lesson'] == 'fine_tune' and r['extra'].get('candidate')]
    df = pd.DataFrame([dict(config=r['extra']['candidate'] + ('+bn' if r['recipe'].endswith('+bn') else ''), seed=int(r['seed']),
                            error=float(r['value']), seconds=float(r['seconds'])) for r in rows])
    if df.empty: return df
    t = df.pivot_table(index='config', columns='seed', values='error', aggfunc='last')
    t['median'], t['worst'], t['n'] = t.median(axis=1), t.max(axis=1), t.notna().sum(axis=1) - 0
    t['seconds'] = df.groupby('config').seconds.median()
    return t.sort_values(['worst', 'median'])

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--only', nargs='*', default=None, help=f"candidates (default all): {', '.join(CANDIDATES)}")
    p.add_argument('--seeds', nargs='*', type=int, default=[0, 1, 2, 3, 4])
    p.add_argument('--jobs', nargs='*', default=None, help="candidate:seed pairs, in this order (instead of --only and --seeds)")
    p.add_argument('--fresh', action='store_true', help="drop every fine_tune row of the CSV first")
    p.add_argument('--table', action='store_true', help="print the config x seed table and stop")
    p.add_argument('--queue', default=None, help="a folder shared by several processes: each (candidate, seed) pair "
                   "is run by the first process that claims it there")
    a = p.parse_args()
    if a.table:
        with pd.option_context('display.width', 200, 'display.max_columns', 30): print(table().round(3))
        raise SystemExit
    if a.fresh: print('dropped', drop_rows(CSV, lesson='fine_tune'), 'stale fine_tune rows')
    jobs = [(name, seed) for name in a.only or CANDIDATES for seed in a.seeds] if not a.jobs else [
        (j.rsplit(':', 1)[0], int(j.rsplit(':', 1)[1])) for j in a.jobs]
    for name, seed in jobs:
        if a.queue and not claim(Path(a.queue)/f'{name}_s{seed}'): continue
        run(name, seed)
