#!/usr/bin/env python
"""03b_recipes over seeds: the transfer recipes in two settings, the candidates for the lesson's defaults, and probes.

Every run calls the lesson's own functions (`lessonkit.recipes`: `imagenet_task`, `in_domain_task`, `run_recipe`), with
one torch thread, so a row for seed S is what `lessonkit run recipes -p seed=S` computes on the same kind of processor
(the `capability` column: vectorised kernels change the last bits of sums). Each run of a recipe whose batch norms
train gives two rows: `candidate` `default` (after the batch-norm pass, the lesson's) and `default_no_bn_pass`. Rows are appended to the shared CSV as each run ends (`bench_csv.append_row`), with `lesson=recipes` (or
`probe`); other scripts own the other lessons' rows.

    source .venv/bin/activate
    # the lesson's defaults and the transfer table (one thread; see vision_recipes.md for the seconds of each run)
    python benchmarks/vision_recipes.py --setting in_domain --seeds 42,0,1,2,3
    python benchmarks/vision_recipes.py --setting imagenet --seeds 42,0,1,2,3 --recipes fine_tune_lr1,scratch
    python benchmarks/vision_recipes.py --setting imagenet --seeds 42,0,1 --recipes frozen,fine_tune_lr10,fine_tune_lr100,manual
    # a candidate that lost: settings overridden, kept in the CSV under its own name
    python benchmarks/vision_recipes.py --setting imagenet --seeds 42,0,1,2,3 --recipes fine_tune_lr1 --candidate e4 --set '{"epochs": 4}'
    # one input channel (`grey_model`: no ImageNetInput, the normalisation folded into a 1-channel stem; padding is black)
    python benchmarks/vision_recipes.py --setting imagenet --seeds 42,0,1,2,3 --recipes fine_tune_lr1 --candidate grey --set '{"grey": true}'
    # the bf16 probe: the frozen recipe with fastai's train_bn=True (a recipes row, candidate frozen_train_bn), evaluated
    # in float32 and in bf16 with and without the first convolution in float32 (lesson=probe rows)
    python benchmarks/vision_recipes.py --probe bf16 --seeds 42
    # the defaults changed (imagenet epochs 3 -> 5): the old default's rows are kept under candidate e3
    # and again (imagenet epochs 5 -> 6, 2026-12-02): the 5-epoch default's rows are kept under candidate e5
    # start afresh: python -c "import sys; sys.path.insert(0, 'benchmarks'); from bench_csv import drop_rows; drop_rows('benchmarks/vision_recipes.csv', lesson='recipes')"

The lesson's defaults are `DEFAULTS` below (the same values as its parameters cell); `--set` overrides them.
"""
import argparse, json, sys, time, warnings
from pathlib import Path
import torch
warnings.filterwarnings('ignore')
sys.path.insert(0, str(Path(__file__).parent))
from bench_csv import append_row
from lessonkit.recipes import digit_tensors, imagenet_task, in_domain_task, run_recipe, recipe_frozen, half_precision, error_rate
from lessonkit.recipes import Task, imagenet_model, imagenet_groups, grey_model
from lessonkit.train import evaluate
import torch.nn.functional as F

CAP = torch.backends.cpu.get_cpu_capability()
FIELDS = ['lesson', 'recipe', 'model', 'data', 'size', 'n_per_class', 'n_train', 'n_valid', 'epochs', 'freeze_epochs',
          'lr', 'lr_mult', 'bs', 'seed', 'metric', 'value', 'seconds', 'prep_s', 'extra', 'capability']
# the parameters cell of nbs/03b_recipes.ipynb: the ImageNet setting and the in-domain one
DEFAULTS = {'imagenet': dict(n_per_class=50, n_valid_per_class=50, size=64, bs=16, epochs=6, lr=5e-3, lr_mult=1),
            'in_domain': dict(n_per_class=10, n_valid_per_class=0, size=28, bs=16, epochs=30, lr=1e-2, lr_mult=10)}
# table name -> (recipe, overrides): fine_tune at the three lr_mult of the table
RECIPES = {'frozen': ('frozen', {}), 'manual': ('manual', {}), 'scratch': ('scratch', {}),
           'fine_tune_lr1': ('fine_tune', dict(lr_mult=1)), 'fine_tune_lr10': ('fine_tune', dict(lr_mult=10)),
           'fine_tune_lr100': ('fine_tune', dict(lr_mult=100))}

def task_of(setting, seed, hp):
    "The lesson's task for `setting` at `seed`; `hp['grey']`: the ImageNet model with one input channel (`grey_model`)"
    if hp.get('grey') and setting != 'imagenet': raise ValueError("grey: only for the imagenet setting")
    if setting == 'imagenet':
        data = digit_tensors(hp['n_per_class'], hp['n_valid_per_class'], hp['size'], seed)
        if not hp.get('grey'): return imagenet_task(data, 10, seed, hp['bs'])
        # grey_model takes what ImageNetInput took, one channel in 0..1, without expanding it to RGB
        if any(x.shape[1] != 1 or x.min() < 0 or x.max() > 1 for x in data[::2]): raise ValueError("grey: the images must be (N, 1, h, w) in 0..1")
        return Task(lambda pretrained: grey_model(imagenet_model(10, pretrained=pretrained)), imagenet_groups, data, hp['bs'], seed)
    return in_domain_task(seed, hp['n_per_class'], hp['bs'])

def runs(setting, name, seed, over, candidate):
    "Train one recipe on one seed; its CSV rows (two where the batch-norm pass can be left out: with and without)"
    torch.set_num_threads(1)
    recipe, rec_over = RECIPES[name]
    hp = {**DEFAULTS[setting], **over, **rec_over}
    t0 = time.time(); task = task_of(setting, seed, hp); prep = time.time() - t0
    row, _ = run_recipe(task, recipe, both=True, epochs=hp['epochs'], lr=hp['lr'], lr_mult=hp['lr_mult'], **{k: hp[k] for k in ('train_bn',) if k in hp})
    base = dict(lesson='recipes', recipe=recipe, model=('lite0_grey' if hp.get('grey') else 'lite0') if setting == 'imagenet' else 'digit_body', data='tensors', size=hp['size'],
                n_per_class=hp['n_per_class'], n_train=len(task.data[0]), n_valid=len(task.data[2]), epochs=hp['epochs'],
                freeze_epochs=1 if recipe in ('fine_tune', 'manual') else 0, lr=hp['lr'], lr_mult=hp['lr_mult'] if recipe == 'fine_tune' else '',
                bs=hp['bs'], seed=seed, metric='error_rate', seconds=row['seconds'], prep_s=round(prep, 1), capability=CAP)
    extra = dict(setting=setting, table=name, **{k: v for k, v in row.items() if k in ('lr_found',)}, **over)
    out = [dict(base, value=row['error'], extra=dict(extra, candidate=candidate))]
    if 'error_before_bn_pass' in row:  # the same run, evaluated before the batch-norm pass: the candidate without it
        out.append(dict(base, value=row['error_before_bn_pass'], extra=dict(extra, candidate=candidate + '_no_bn_pass')))
    return out


def bf16_probe(seed, hp):
    "The frozen recipe with fastai's train_bn=True (its batch norms re-estimated on digits), evaluated in float32 and bfloat16"
    torch.set_num_threads(1)
    task = task_of('imagenet', seed, hp)
    t0 = time.time(); model = recipe_frozen(task, hp['epochs'], hp['lr'], train_bn=True); secs = time.time() - t0  # as run_recipe: no batch-norm pass
    out = []
    for name, ctx in (('float32', None), ('bfloat16_every_layer', lambda: half_precision(model, torch.bfloat16, keep_float32=None)),
                      ('bfloat16_first_conv_float32', lambda: half_precision(model, torch.bfloat16))):
        t1 = time.time(); err = evaluate(model, task.valid(), F.cross_entropy, [error_rate], ctx=ctx)[1]
        out.append(dict(lesson='probe', recipe=f'frozen_train_bn_{name}', model='lite0', data='tensors', size=hp['size'], n_per_class=hp['n_per_class'],
                        n_train=len(task.data[0]), n_valid=len(task.data[2]), epochs=hp['epochs'], freeze_epochs=0, lr=hp['lr'], lr_mult='', bs=hp['bs'],
                        seed=seed, metric='error_rate', value=round(err, 4), seconds=round(secs + time.time() - t1, 1), prep_s='',
                        extra=dict(setting='imagenet', probe='bf16', eval_dtype=name), capability=CAP))
    cand = dict(out[0], lesson='recipes', recipe='frozen', seconds=round(secs, 1), extra=dict(setting='imagenet', table='frozen', candidate='frozen_train_bn', train_bn=True))
    return [cand] + out

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--setting', choices=list(DEFAULTS), default='in_domain')
    ap.add_argument('--recipes', default='frozen,fine_tune_lr1,fine_tune_lr10,fine_tune_lr100,manual,scratch')
    ap.add_argument('--seeds', default='42,0,1,2,3')
    ap.add_argument('--set', default='', help='JSON overrides of the defaults, e.g. {"epochs": 4}')
    ap.add_argument('--candidate', default='default', help='name of the settings in the CSV (default: the lesson\'s)')
    ap.add_argument('--probe', choices=['bf16'], help="instead of recipes: the bf16 probe (frozen with train_bn=True, evaluated in float32 and bf16)")
    ap.add_argument('--out', default=str(Path(__file__).parent/'vision_recipes.csv'))
    a = ap.parse_args()
    over = json.loads(a.set) if a.set else {}
    for seed in map(int, a.seeds.split(',')):
        if a.probe:
            for r in bf16_probe(seed, {**DEFAULTS['imagenet'], **over}): append_row(a.out, r, FIELDS); print(r, flush=True)
            continue
        for name in a.recipes.split(','):
            for r in runs(a.setting, name, seed, over, a.candidate):
                append_row(a.out, r, FIELDS)
                print({k: r[k] for k in ('recipe', 'seed', 'value', 'seconds')}, r['extra'], flush=True)

if __name__ == '__main__': main()
