"""Where the course spends its time: each lesson's seconds and its slowest cells.

    python benchmarks/lesson_times.py runs            # read an existing `lessonkit run --out runs` folder
    python benchmarks/lesson_times.py --run runs/t    # run every lesson first (`lessonkit run --out runs/t`), then read it

The lesson seconds come from `summary.json`; the cell seconds from papermill's per-cell `duration` metadata in the
executed notebooks. The course's time budget (offline defaults, threads=1, a 2-core machine without native bf16):
every lesson at most 180 s, `lessonkit run` at most 12 min in total. This script measures it; it asserts nothing.
"""
import argparse, json, subprocess, sys
from pathlib import Path

def slowest_cells(nb_path, k=3):
    "The `k` slowest code cells of an executed notebook as (seconds, index, first line)"
    cells = json.loads(Path(nb_path).read_text())['cells']
    timed = [(c.get('metadata', {}).get('papermill', {}).get('duration') or 0., i, ''.join(c['source']).split('\n')[0][:60])
             for i, c in enumerate(cells) if c['cell_type'] == 'code']
    return sorted(timed, reverse=True)[:k]

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('folder', nargs='?', default='runs', help='a `lessonkit run` output folder')
    ap.add_argument('--run', metavar='OUT', help='run every lesson into OUT first')
    ap.add_argument('-k', type=int, default=3, help='slowest cells shown per lesson')
    a = ap.parse_args(argv)
    folder = Path(a.run or a.folder)
    if a.run: subprocess.run(['lessonkit', 'run', '--out', str(folder)], check=False)
    summary = json.loads((folder/'summary.json').read_text())['results']
    total = sum(r['seconds'] for r in summary)
    for r in summary:
        flag = '' if r['seconds'] <= 180 else '   over the 180 s budget'
        print(f"{r['lesson']:<12} {r['status']:<8} {r['seconds']:7.1f} s{flag}")
        nb = next(iter(sorted(folder.glob(f"*_{r['lesson']}.ipynb"))), None)
        if nb:
            for sec, i, line in slowest_cells(nb, a.k): print(f"{'':14}cell {i:>3}: {sec:6.1f} s  {line}")
    print(f"{'total':<12} {'':<8} {total:7.1f} s ({total/60:.1f} min){'' if total <= 720 else '   over the 12 min budget'}")

if __name__ == '__main__': sys.exit(main())
