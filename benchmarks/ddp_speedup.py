"""Speed-up of data parallelism (`lessonkit.distributed.speed_table`) for models from tiny to compute-bound, on this machine.

    python benchmarks/ddp_speedup.py                          # the lesson's widths at bs 64 and 512, 20 timed steps, 3 repeats
    python benchmarks/ddp_speedup.py --widths 8 --bs 64 256 1024 --repeats 1   # the exercise's question: batch sizes

For each global batch size and each model `conv_net(10, widths=(w, 2w, 4w), bn=False)` on the 4,000 MNIST training
digits, it times median steps of one process with one thread, `--nproc` processes of one thread each (DDP over gloo,
each process standing for one device) and one process with `--nproc` threads, `--repeats` times, and prints the best
(the fastest repeat of each setting: a busy moment only ever slows a step down). It exits with status 1 when the
largest model's speed-up at the largest batch (the lesson's compute-bound end: `w=64` at `compute_bs=512`) stays under
`--target` (1.4 on a 2-core machine: the figure the lesson records as `ddp_speedup_compute_bound`). Set the kernels
as the lesson's run does (`lessonkit run --kernels avx2` sets ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2,
MKL_ENABLE_INSTRUCTIONS=AVX2): they change the compute per step, so the speed-up. It is a benchmark, not a test: the figures measure the machine and whatever else runs
on it, so run it on an idle machine (it prints the load average before and after) and report the CPU model with it."""
import argparse, os, platform, time, warnings
import pandas as pd, torch
from torch.utils.data import DataLoader, TensorDataset
from lessonkit.distributed import mnist_tensors, speed_table
from lessonkit.models import conv_net

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--widths', type=int, nargs='+', default=[2, 8, 32, 64], help='w of each model (blocks of w, 2w, 4w channels)')
    p.add_argument('--bs', type=int, nargs='+', default=[64, 512], help='global batch sizes')
    p.add_argument('--nproc', type=int, default=2, help='processes (and threads of the one-process comparison)')
    p.add_argument('--steps', type=int, default=20, help='timed steps per setting, after 3 warm-up steps')
    p.add_argument('--repeats', type=int, default=3, help='repeats of the whole table; the fastest of each is kept')
    p.add_argument('--target', type=float, default=1.4, help="the largest model's speed-up to reach")
    a = p.parse_args()
    warnings.filterwarnings('ignore'); torch.set_num_threads(1)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"load average before: {os.getloadavg()[0]:.2f}")
    xt, yt, *_ = mnist_tensors(42)
    torch.manual_seed(0); models = [conv_net(10, widths=(w, 2*w, 4*w), bn=False) for w in a.widths]
    tables = []
    for bs in a.bs:
        dl = DataLoader(TensorDataset(xt, yt), batch_size=bs, shuffle=True, drop_last=True)
        runs = [speed_table(models, dl, nproc=a.nproc, steps=a.steps) for _ in range(a.repeats)]
        best = pd.concat(runs).groupby(level=0).min()   # the fastest repeat of each timing
        best = best.assign(ddp_speedup=best.one_step_ms/best.ddp_step_ms, threads_speedup=best.one_step_ms/best.threads_step_ms)
        best.index = pd.MultiIndex.from_tuples([(bs, f'w={w}') for w in a.widths], names=['bs', 'model'])
        tables.append(best)
    t = pd.concat(tables)
    cols = ['params', 'one_step_ms', 'ddp_step_ms', 'threads_step_ms', 'ddp_allreduce_ms', 'ddp_data_ms', 'one_data_ms', 'ddp_speedup', 'threads_speedup']
    with pd.option_context('display.width', 200, 'display.max_columns', 20): print(t[cols].round(2))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    got = t.ddp_speedup.iloc[-1]
    print(f"largest model ({t.params.iloc[-1]:,.0f} parameters) at bs {a.bs[-1]}: {got:.2f}x with {a.nproc} processes (target {a.target})")
    raise SystemExit(0 if got >= a.target else 1)

if __name__ == '__main__': main()
