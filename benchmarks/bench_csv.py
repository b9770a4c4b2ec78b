"""Rows of a benchmark CSV shared by several benchmark scripts (e.g. `vision_recipes.csv`, one `lesson` per script).

Each script appends a row as soon as a run ends (a partial run keeps what it measured) and may first drop its own
stale rows. Both hold an exclusive `flock` on the CSV, so scripts that run at the same time never interleave or lose
rows. Columns are fixed by the file's header; keys a row has beyond them go into its `extra` column as JSON.
"""
import csv, fcntl, json, os
from contextlib import contextmanager
from pathlib import Path

@contextmanager
def _locked(path):
    "Hold an exclusive lock on `path`'s lock file while the block runs"
    path = Path(path); path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name('.' + path.name + '.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield path

def read_rows(path):
    "The rows of a benchmark CSV as dicts (`extra` decoded from JSON); [] if it does not exist"
    if not Path(path).exists(): return []
    with open(path, newline='') as f: rows = list(csv.DictReader(f))
    for r in rows: r['extra'] = json.loads(r['extra']) if r.get('extra') else {}
    return rows

def append_row(path, # the CSV
               row:dict, # one run: values of the header's columns; other keys go into `extra`
               fields=None): # header for a new file; default: the row's keys with `extra` last
    "Append `row` to the CSV at `path` under a lock, writing the header if the file is new"
    with _locked(path) as p:
        if p.exists() and p.stat().st_size:
            with open(p, newline='') as f: fields = next(csv.reader(f))
        else: fields = list(fields or [k for k in row if k != 'extra'] + ['extra'])
        extra = dict(row.get('extra') or {}, **{k: v for k, v in row.items() if k not in fields})
        out = {k: row.get(k, '') for k in fields if k != 'extra'}
        if 'extra' in fields: out['extra'] = json.dumps(extra) if extra else ''
        new = not p.exists() or not p.stat().st_size
        with open(p, 'a', newline='') as f:
            w = csv.DictWriter(f, fieldnames=fields)
            if new: w.writeheader()
            w.writerow(out)

def drop_rows(path, # the CSV
              **match): # column=value pairs, e.g. lesson='fine_tune'; values compared as strings
    "Remove the rows whose columns all equal `match` (a script clearing its own stale rows); returns how many"
    with _locked(path) as p:
        if not p.exists(): return 0
        with open(p, newline='') as f: r = csv.reader(f); fields = next(r); rows = list(r)
        keep = [x for x in rows if not all(x[fields.index(k)] == str(v) for k, v in match.items())]
        tmp = p.with_name(p.name + f'.{os.getpid()}.tmp')
        with open(tmp, 'w', newline='') as f: w = csv.writer(f); w.writerow(fields); w.writerows(keep)
        os.replace(tmp, p)
        return len(rows) - len(keep)

def seed_sweep(description:str, # the script's one-line purpose, for --help
               candidates:dict, # candidate name -> its settings (the names are the default --candidates)
               run, # `run(name, seed)` -> one CSV row
               summary, # prints the table of the rows already measured (--summary)
               path, # the CSV
               lesson:str, # the script's own `lesson` value
               keys, # columns that, with lesson and seed, identify a row a new run replaces
               show): # `show(row)` -> values printed after the candidate and seed
    "The command line of a seed benchmark: every candidate at every seed (`--candidates`, `--seeds`), or `--summary`"
    import argparse, torch
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument('--candidates', nargs='*', default=list(candidates))
    ap.add_argument('--seeds', nargs='*', type=int, default=[0, 1, 2, 3, 4, 42])
    ap.add_argument('--summary', action='store_true')
    a = ap.parse_args()
    if a.summary: return summary()
    torch.set_num_threads(1)
    for name in a.candidates:
        for seed in a.seeds:
            row = run(name, seed)
            drop_rows(path, lesson=lesson, seed=seed, **{k: row[k] for k in keys})
            append_row(path, row)
            print(name, seed, *show(row), flush=True)
