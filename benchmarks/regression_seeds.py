"""Lesson 04b (regression) over several seeds: the point error in pixels of each candidate recipe, against the best
constant guess.

    nice -n 10 python benchmarks/regression_seeds.py                      # every candidate, seeds 0-4 and 42
    python benchmarks/regression_seeds.py --candidates p4_e4 --seeds 0 1
    python benchmarks/regression_seeds.py --summary                        # the table of the rows already measured

Each run trains exactly as the lesson's core section does: the data layer's key-point set built with the run's seed,
`point_loaders` (the images read once into memory), `point_net` from scratch, lesson 03's `fit_one_cycle` on the core and `point_loss`, then `point_error_px` on the validation set. Every run is a row
`lesson=regression` of `benchmarks/vision_recipes.csv`, losers included; the script replaces its own earlier row of the
same candidate and seed. The lesson asserts that its model misses by less than a third of the best constant guess's
error, and that the flat head (`pool=1`) is at least 1.5x worse than its own; `extra` records both ratios. One torch
thread; timings depend on the load of the machine (`extra.load`)."""
import os, sys, time, warnings
from pathlib import Path
import pandas as pd, torch
warnings.filterwarnings('ignore')
from lessonkit.data import digit_points
from lessonkit.train import get_preds
from lessonkit.train import fit_one_cycle
from lessonkit.regression import point_loaders, point_net, point_loss, point_error_px
sys.path.insert(0, str(Path(__file__).parent))
from bench_csv import read_rows, seed_sweep

CSV = Path(__file__).parent/'vision_recipes.csv'

# name: head grid, epochs, peak learning rate, conv_net widths
C = {
    'p4_e4':      dict(pool=4, epochs=4, lr=1e-2, widths=(8, 16, 32, 64)),  # the lesson's recipe
    'p1_e4':      dict(pool=1, epochs=4, lr=1e-2, widths=(8, 16, 32, 64)),  # the lesson's flat-head comparison
    'p4_e6':      dict(pool=4, epochs=6, lr=1e-2, widths=(8, 16, 32, 64)),
    'p1_e6':      dict(pool=1, epochs=6, lr=1e-2, widths=(8, 16, 32, 64)),
    'p2_e6':      dict(pool=2, epochs=6, lr=1e-2, widths=(8, 16, 32, 64)),
    'p4_e8':      dict(pool=4, epochs=8, lr=1e-2, widths=(8, 16, 32, 64)),
    'p4_e6_lr3':  dict(pool=4, epochs=6, lr=3e-3, widths=(8, 16, 32, 64)),
    'p4_e6_w16':  dict(pool=4, epochs=6, lr=1e-2, widths=(16, 32, 64, 128)),
}

def run(name, seed, bs=64):
    kw = C[name]
    t0 = time.time()
    path = digit_points(seed=seed); df = pd.read_csv(path/'points.csv')
    train_dl, valid_dl = point_loaders(df, path/'images', bs, seed)
    prep = time.time() - t0
    torch.manual_seed(seed)
    model = point_net(widths=kw['widths'], pool=kw['pool'])
    t0 = time.time()
    fit_one_cycle(model, train_dl, kw['epochs'], point_loss, kw['lr'])
    secs = time.time() - t0
    preds, targs, _ = get_preds(model, valid_dl)
    err, base = point_error_px(preds, targs, 64).item(), point_error_px(targs.mean(0).expand_as(targs), targs, 64).item()
    extra = dict(candidate=name, pool=kw['pool'], baseline_px=round(base, 3), baseline_ratio=round(base/err, 2),
                 valid_mse=round(point_loss(preds, targs).item(), 6), load=round(os.getloadavg()[0], 1))
    return dict(lesson='regression', recipe='fit', model=f"point_net-w{kw['widths'][0]}-pool{kw['pool']}", data='memory', size=64,
                n_per_class='', n_train=int((~df.is_valid).sum()), n_valid=int(df.is_valid.sum()), epochs=kw['epochs'], freeze_epochs=0,
                lr=kw['lr'], lr_mult='', bs=bs, seed=seed, metric='point_error_px', value=round(err, 3), seconds=round(secs, 1),
                prep_s=round(prep, 1), extra=extra, capability=torch.backends.cpu.get_cpu_capability())

def summary():
    rows = [r for r in read_rows(CSV) if r['lesson'] == 'regression' and r.get('extra', {}).get('candidate') in C]
    df = pd.DataFrame([dict(candidate=r['extra']['candidate'], seed=int(r['seed']), px=float(r['value']), seconds=float(r['seconds']),
                            base=r['extra']['baseline_px'], ratio=r['extra']['baseline_ratio']) for r in rows])
    if df.empty: print('no rows yet'); return
    t = df.groupby('candidate').agg(seeds=('seed', 'count'), median_px=('px', 'median'), worst_px=('px', 'max'),
                                    median_baseline_px=('base', 'median'), worst_ratio=('ratio', 'min'), median_s=('seconds', 'median'))
    print(t.sort_values('median_px').to_string())
    for e in (4, 6):
        if {f'p1_e{e}', f'p4_e{e}'} <= set(df.candidate):
            flat = df[df.candidate == f'p1_e{e}'].set_index('seed').px/df[df.candidate == f'p4_e{e}'].set_index('seed').px
            print(f'{e} epochs, pool=1 / pool=4 error ratio per seed:', flat.dropna().round(2).to_dict())

if __name__ == '__main__':
    seed_sweep(__doc__.splitlines()[0], C, run, summary, CSV, 'regression', ('model', 'epochs', 'lr'),
               lambda r: (r['value'], r['extra']['baseline_px'], r['seconds']))
