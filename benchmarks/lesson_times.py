"""Where the course spends its time: each lesson's seconds and peak memory, the run's wall time, and the slowest cells.

    python benchmarks/lesson_times.py runs            # read an existing `lessonkit run --out runs` folder
    python benchmarks/lesson_times.py --run runs/t    # run every lesson first (`lessonkit run --out runs/t`), then read it
    python benchmarks/lesson_times.py --run runs/t -j 1

The lesson seconds, peak memory, wall time and jobs come from `summary.json`; the cell seconds from papermill's
per-cell `duration` metadata in the executed notebooks. The course's time budget (offline defaults, threads=1, a
2-core machine without native bf16): every lesson at most 180 s, `lessonkit run` at most 8 min of wall time. This
script measures it and prints what is over; it asserts nothing.
"""
import argparse, json, subprocess, sys
from pathlib import Path

LESSON_BUDGET, WALL_BUDGET = 180, 8*60   # seconds

def slowest_cells(nb_path, k=3):
    "The `k` slowest code cells of an executed notebook as (seconds, index, first line)"
    cells = json.loads(Path(nb_path).read_text())['cells']
    timed = [(c.get('metadata', {}).get('papermill', {}).get('duration') or 0., i, ''.join(c['source']).split('\n')[0][:60])
             for i, c in enumerate(cells) if c['cell_type'] == 'code']
    return sorted(timed, reverse=True)[:k]

def over(seconds, budget): return f'   over the {budget:.0f} s budget' if seconds > budget else ''

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('folder', nargs='?', default='runs', help='a `lessonkit run` output folder')
    ap.add_argument('--run', metavar='OUT', help='run every lesson into OUT first')
    ap.add_argument('-j', '--jobs', help='with --run: lessons at once (default: lessonkit run\'s)')
    ap.add_argument('-k', type=int, default=3, help='slowest cells shown per lesson')
    a = ap.parse_args(argv)
    folder = Path(a.run or a.folder)
    if a.run: subprocess.run(['lessonkit', 'run', '--out', str(folder), '--no-progress'] + (['-j', a.jobs] if a.jobs else []), check=False)
    s = json.loads((folder/'summary.json').read_text())
    for r in s['results']:
        peak = f"{r['peak_rss_mib']:6.0f} MiB" if 'peak_rss_mib' in r else ''
        beside = f"  alongside {', '.join(r['alongside'])}" if r.get('alongside') else ('  alone' if 'alongside' in r else '')
        print(f"{r['lesson']:<12} {r['status']:<11} {r['seconds']:7.1f} s {peak}{beside}{over(r['seconds'], LESSON_BUDGET)}")
        nb = next(iter(sorted(folder.glob(f"*_{r['lesson']}.ipynb"))), None)
        if nb:
            for sec, i, line in slowest_cells(nb, a.k): print(f"{'':14}cell {i:>3}: {sec:6.1f} s  {line}")
    total = sum(r['seconds'] for r in s['results'])
    peaks = [r['peak_rss_mib'] for r in s['results'] if 'peak_rss_mib' in r]
    print(f"{'lessons':<12} {'':<11} {total:7.1f} s ({total/60:.1f} min) added up")
    if 'wall_seconds' in s:
        w = s['wall_seconds']
        print(f"{'wall':<12} {'':<11} {w:7.1f} s ({w/60:.1f} min) with {s['jobs']} jobs on {s['cores']} cores{over(w, WALL_BUDGET)}")
    if peaks: print(f"{'peak memory':<12} {'':<11} {max(peaks):7.0f} MiB, the largest lesson's; {sum(sorted(peaks)[-s.get('jobs', 1):]):.0f} MiB for the {s.get('jobs', 1)} largest together")

if __name__ == '__main__': sys.exit(main())
