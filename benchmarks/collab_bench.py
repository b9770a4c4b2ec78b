"""Benchmark for the collaborative-filtering lesson (nbs/05_collab.ipynb, lessonkit.collab).

Validation MSE on MovieLens 100k (the lesson's 80/20 random split, titles as items) and CPU/wall time per epoch:
fastai's `collab_learner` against our `DotProductBias` in a fastai `Learner` and in the plain loop `fit_collab`.

Targets (issue 7), reported here, never asserted:
- quality: `DotProductBias` with weight decay <= 0.83 after 5 epochs (the book: 0.823); stretch <= 0.80 with a setting
  of the lesson's own, beating `collab_learner` on the same split;
- speed: our model's epoch time / `collab_learner`'s <= 1.0 at the same batch size; the plain loop several times faster.

Usage: python benchmarks/collab_bench.py [--quick] [--seed 42] [--repeats 7] [--threads 1]
--quick skips the batch-64 (book) fits, which take about 25 CPU seconds each.
"""
import argparse, time, random, statistics
import numpy as np, pandas as pd, torch
import torch.nn.functional as F
from fastai.basics import Learner, MSELossFlat, set_seed, DataLoaders
from fastai.collab import collab_learner
from lessonkit.data import movielens_100k
from lessonkit.collab import collab_dls, collab_batches, DotProductBias, fit_collab, valid_mse

BOOK = {'bs': 64, 'lr': 5e-3, 'wd': 0.1}       # the book's settings
OFFLINE = {'bs': 1024, 'lr': 1e-2, 'wd': 0.3}  # the lesson's offline defaults
BOOK_LR_WD = {'bs': 1024, 'lr': 5e-3, 'wd': 0.1}  # the book's lr and wd at the offline batch size
LABELS = {'book': 'book: bs 64, lr 5e-3, wd 0.1', 'offline': 'offline: bs 1024, lr 1e-2, wd 0.3', 'book_lr_wd': "book's lr/wd at bs 1024"}


def quiet_fit(learn, epochs, lr, wd):
    with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(epochs, lr, wd=wd)
    return valid_mse(learn.model, learn.dls.valid)


def fit_learner(dls, seed, epochs, lr, wd, model=None, n_factors=50):
    "Validation MSE of `collab_learner` (or of `model` in a `Learner`) after `fit_one_cycle`, and CPU seconds"
    set_seed(seed, reproducible=True)
    learn = collab_learner(dls, n_factors=n_factors, y_range=(0, 5.5)) if model is None else \
            Learner(dls, model(), loss_func=MSELossFlat())
    if hasattr(learn.dls.train, 'rng'): learn.dls.train.rng = random.Random(seed)
    t = time.process_time()
    mse = quiet_fit(learn, epochs, lr, wd)
    return mse, time.process_time() - t


def fit_plain(dls, seed, epochs, lr, wd, bs, n_factors=50):
    set_seed(seed, reproducible=True)
    n_users, n_movies = len(dls.classes['user']), len(dls.classes['title'])
    m = DotProductBias(n_users, n_movies, n_factors)
    t = time.process_time()
    hist = fit_collab(m, *collab_batches(dls, bs=bs, seed=seed), epochs, lr, wd)
    return hist[-1][1], time.process_time() - t, m


def quality(ratings, seed, s, label, extra=True):
    "MSE rows for one setting `s` (bs, lr, wd)"
    dls = collab_dls(ratings, bs=s['bs'], seed=seed)
    dls_r = collab_dls(ratings, bs=s['bs'], seed=seed, replace=True)
    n_users, n_movies = len(dls.classes['user']), len(dls.classes['title'])
    dpb = lambda: DotProductBias(n_users, n_movies, 50)
    rows = []
    def add(name, mse, cpu): rows.append({'setting': label, 'model': name, 'valid MSE': round(mse, 4), 'CPU s': round(cpu, 1)}); print(rows[-1], flush=True)
    add('collab_learner, fastai default loader (with replacement)', *fit_learner(dls_r, seed, 5, s['lr'], s['wd']))
    add('collab_learner, shuffled loader', *fit_learner(dls, seed, 5, s['lr'], s['wd']))
    add('DotProductBias + wd, Learner', *fit_learner(dls, seed, 5, s['lr'], s['wd'], model=dpb))
    add('DotProductBias + wd, fit_collab', *fit_plain(dls, seed, 5, s['lr'], s['wd'], s['bs'])[:2])
    if extra: add('DotProductBias, no wd, fit_collab', *fit_plain(dls, seed, 5, s['lr'], 0., s['bs'])[:2])
    return rows


def stretch(ratings, seed, n_models=5):
    "The lesson's own setting: 200 factors, wd 0.5, lr 5e-3, bs 1024, 5 epochs; singles and their average"
    dls = collab_dls(ratings, bs=1024, seed=seed)
    singles, preds = [], []
    _, valid_b = collab_batches(dls)
    t = time.process_time()
    for i in range(n_models):
        mse, _, m = fit_plain(dls, seed + i, 5, 5e-3, 0.5, 1024, n_factors=200)
        singles.append(round(mse, 4)); m.eval()
        with torch.no_grad(): preds.append(m(valid_b.x))
    ens = F.mse_loss(torch.stack(preds).mean(0), valid_b.y).item()
    return singles, round(ens, 4), time.process_time() - t


def epoch_times(ratings, seed, bs, repeats):
    "Per-epoch CPU and wall seconds (median over interleaved repeats) of each way to train"
    dls = collab_dls(ratings, bs=bs, seed=seed)
    n_users, n_movies = len(dls.classes['user']), len(dls.classes['title'])
    train_b, valid_b = collab_batches(dls, seed=seed)
    learners = {'collab_learner': collab_learner(dls, n_factors=50, y_range=(0, 5.5)),
                'DotProductBias, Learner': Learner(dls, DotProductBias(n_users, n_movies, 50), loss_func=MSELossFlat()),
                'DotProductBias, Learner on TensorBatches': Learner(DataLoaders(train_b, valid_b), DotProductBias(n_users, n_movies, 50), loss_func=MSELossFlat())}
    plain = DotProductBias(n_users, n_movies, 50)
    runs = {k: (lambda l=l: quiet_fit(l, 1, 1e-2, 0.3)) for k, l in learners.items()}
    runs['DotProductBias, plain loop'] = lambda: fit_collab(plain, train_b, valid_b, 1, 1e-2, 0.3)
    cpu, wall = {k: [] for k in runs}, {k: [] for k in runs}
    for f in runs.values(): f()  # warm up
    order = list(runs)
    for i in range(repeats):
        random.Random(i).shuffle(order)  # a different order each round, so no way of training always runs second
        for k in order:
            f = runs[k]
            c, w = time.process_time(), time.perf_counter(); f()
            cpu[k].append(time.process_time() - c); wall[k].append(time.perf_counter() - w)
    df = pd.DataFrame({'CPU s/epoch': {k: statistics.median(v) for k, v in cpu.items()},
                       'wall s/epoch': {k: statistics.median(v) for k, v in wall.items()}})
    df['CPU ratio to collab_learner'] = df['CPU s/epoch'] / df.loc['collab_learner', 'CPU s/epoch']
    df['wall ratio to collab_learner'] = df['wall s/epoch'] / df.loc['collab_learner', 'wall s/epoch']
    return df.round(3)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--quick', action='store_true', help='skip the batch-64 (book settings) fits')
    p.add_argument('--seed', type=int, default=42, help='seed of the split and of the models')
    p.add_argument('--repeats', type=int, default=7, help='timed epochs per way of training')
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (0: torch default)')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    pd.set_option('display.width', 200); pd.set_option('display.max_colwidth', 60)
    ratings, movies = movielens_100k(download=False)
    ratings = ratings.merge(movies[['movie', 'title']])
    print(f'torch {torch.__version__}, {torch.get_num_threads()} thread(s), seed {a.seed}\n')

    rows = []
    if not a.quick: rows += quality(ratings, a.seed, BOOK, LABELS['book'])
    rows += quality(ratings, a.seed, OFFLINE, LABELS['offline'])
    rows += quality(ratings, a.seed, BOOK_LR_WD, LABELS['book_lr_wd'])
    q = pd.DataFrame(rows)
    print('\n## Validation MSE after 5 epochs, 50 factors (the book: DotProductBias + wd 0.823, collab_learner 0.822)')
    print(q.to_string(index=False))

    singles, ens, cpu = stretch(ratings, a.seed)
    print(f'\n## Stretch: DotProductBias, 200 factors, wd 0.5, lr 5e-3, bs 1024, 5 epochs, seeds {a.seed}..{a.seed+4}')
    print(f'single models: {singles} (mean {np.mean(singles):.4f}); average of the 5: {ens}  ({cpu:.1f} CPU s in all)')

    print('\n## Epoch times (median of', a.repeats, 'epochs, interleaved in shuffled order)')
    times = {}
    for bs in ([1024] if a.quick else [1024, 64]):
        times[bs] = epoch_times(ratings, a.seed, bs, a.repeats if bs == 1024 else max(2, a.repeats // 2))
        print(f'\nbatch size {bs}:'); print(times[bs].to_string())

    mse = lambda label: q[q.setting == LABELS[label]].set_index('model')['valid MSE']
    off = mse('offline')
    ours = off['DotProductBias + wd, Learner']
    print('\n## Targets')
    print(f"DotProductBias + wd <= 0.83 (offline defaults): {ours} -> {'met' if ours <= 0.83 else 'NOT met'}")
    if not a.quick:
        bk = mse('book')['DotProductBias + wd, Learner']
        print(f"DotProductBias + wd <= 0.83 (book settings, bs 64): {bk} -> {'met' if bk <= 0.83 else 'NOT met'}")
    best_fastai = off['collab_learner, shuffled loader']
    print(f"stretch <= 0.80 and below collab_learner ({best_fastai}): single mean {np.mean(singles):.4f}, "
          f"average of 5 {ens} -> {'met' if ens <= 0.80 and ens < best_fastai else 'NOT met'}")
    for bs, df in times.items():
        r, pl = df.loc['DotProductBias, Learner', 'CPU ratio to collab_learner'], df.loc['DotProductBias, plain loop', 'CPU ratio to collab_learner']
        print(f"bs {bs}: our model in a Learner / collab_learner = {r} (target <= 1.0: {'met' if r <= 1.0 else 'NOT met'}); "
              f"plain loop / collab_learner = {pl} ({1/pl:.1f}x faster)")


if __name__ == '__main__': main()
