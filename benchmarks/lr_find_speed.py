"""Wall time of lessonkit's `lr_find` against fastai's `Learner.lr_find` on the same model, weights and mini-batches.

    python benchmarks/lr_find_speed.py                       # conv_net on the 5,000 MNIST digits (the lesson's offline mode)
    python benchmarks/lr_find_speed.py --arch efficientnet_lite0 --size 32 --repeats 3

Runs the two finders in alternation (`--repeats` times each, the order swapped every round), each from the same
weights and the same batch order, without plots or progress bars, and prints the median times and their ratio
(ours / fastai's; below 1 means ours is faster). It is a benchmark, not a test: the figure depends on the machine and
on whatever else runs on it, so run it on an idle machine and report the CPU model with it."""
import argparse, platform, statistics, time, warnings
import torch
from torch import nn
from fastai.vision.all import Learner, CrossEntropyLossFlat, vision_learner, set_seed
from fastai.callback import schedule as fa
from lessonkit.data import mnist_dls, mnist_folder, folder_dls
from lessonkit.models import conv_net, pretrained_arch
from lessonkit.lr_find import lr_find, minimum, steep, valley, slide

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--arch', default='conv_net', help="'conv_net' (the course's small CNN) or a pretrained model such as 'efficientnet_lite0'")
    p.add_argument('--size', type=int, default=32, help='image size for pretrained models')
    p.add_argument('--bs', type=int, default=64, help='batch size')
    p.add_argument('--num-it', type=int, default=100, help='mini-batches per finder run')
    p.add_argument('--repeats', type=int, default=5, help='runs of each finder')
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (0: torch default)')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    warnings.filterwarnings('ignore')
    set_seed(42, reproducible=True)
    if a.arch == 'conv_net':
        dls = mnist_dls(a.bs, 42)
        learn = Learner(dls, conv_net(10), loss_func=CrossEntropyLossFlat())
    else:
        dls = folder_dls(mnist_folder(42), size=a.size, bs=a.bs)
        learn = vision_learner(dls, pretrained_arch(a.arch))
    funcs_fa, funcs_ours = (fa.minimum, fa.steep, fa.valley, fa.slide), (minimum, steep, valley, slide)
    rng0 = dls.train.rng.getstate()

    def run_fastai():
        with learn.no_bar(), learn.no_logging():
            return learn.lr_find(num_it=a.num_it, show_plot=False, suggest_funcs=funcs_fa)
    def run_ours():
        return lr_find(learn.model, dls.train, nn.CrossEntropyLoss(), num_it=a.num_it, show_plot=False,
                       suggest_funcs=funcs_ours).suggestions

    times, cpu = {'fastai': [], 'ours': []}, {'fastai': [], 'ours': []}
    runs = [('fastai', run_fastai), ('ours', run_ours)]
    run_ours()  # warm-up (first-call allocations), not timed
    for r in range(a.repeats):
        for name, f in (runs if r % 2 == 0 else runs[::-1]):
            dls.train.rng.setstate(rng0); set_seed(42, reproducible=True)
            t0, c0 = time.perf_counter(), time.process_time()
            res = f()
            times[name].append(time.perf_counter() - t0); cpu[name].append(time.process_time() - c0)
            if r == 0: print(f'{name:6s} suggestions: ' + ', '.join(f'{k}={v:.3e}' for k, v in res._asdict().items()))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f'{platform.processor() or platform.machine()}, torch {torch.__version__}, {torch.get_num_threads()} thread(s), '
          f'{a.arch}, bs {a.bs}, num_it {a.num_it}, {a.repeats} runs each')
    for k, v in times.items():
        print(f'{k:6s} median {med[k]:.3f} s wall, {statistics.median(cpu[k]):.3f} s CPU   runs: ' + ' '.join(f'{t:.3f}' for t in v))
    print(f'CPU-time ratio ours/fastai: {statistics.median(cpu["ours"])/statistics.median(cpu["fastai"]):.3f}')
    print(f'ratio ours/fastai: {med["ours"]/med["fastai"]:.3f}')

if __name__ == '__main__': main()
