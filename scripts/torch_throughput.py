#!/usr/bin/env python3
"""PyTorch eager reference for `scripts/bench throughput` (issue 14): the same SimSiam training step as the project's
`unified` method, written directly in PyTorch, timed on the same machine in the same run.

Mirrors the Java side: the project's ResNet for 32x32 inputs (BackboneSpec presets; stem 3x3 conv, one basic block
per stage, strides 1-2-2-2, global average pool), SimSiam heads 512-512-256 projector and 64-wide predictor, both views
stacked into one forward, loss 1/2 D(p1, sg(z2)) + 1/2 D(p2, sg(z1)), global gradient-norm clipping, SGD with momentum
0.9 and weight decay 5e-4 on weights with 2 or more dimensions. Random inputs: no augmentation (the Java figure
includes its augmentation). Not a CI dependency: needs `python3` with `torch` (CPU wheel); the harness skips it
with a note when that is absent.

Prints one JSON object per (backbone, batch) on stdout.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {"tiny": [16, 32, 64, 128], "small": [32, 64, 128, 256]}
STRIDES = [1, 2, 2, 2]


def widths_of(name):
    """'tiny' or 'tiny:24-48-96-192', as the Java harness accepts them."""
    base, _, custom = name.partition(":")
    if base not in PRESETS:
        raise SystemExit(f"torch_throughput: unknown backbone '{name}'; available: {', '.join(PRESETS)}")
    return [int(w) for w in custom.split("-")] if custom else PRESETS[base]


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class Backbone(nn.Module):
    def __init__(self, widths):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        blocks, cin = [], widths[0]
        for w, s in zip(widths, STRIDES):
            blocks.append(Block(cin, w, s))
            cin = w
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        return self.blocks(self.stem(x)).mean(dim=(2, 3))


def simsiam_heads(dim, hidden=512, proj=256, pred_hidden=64):
    projector = nn.Sequential(
        nn.Linear(dim, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
        nn.Linear(hidden, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(),
        nn.Linear(hidden, proj, bias=False), nn.BatchNorm1d(proj))
    predictor = nn.Sequential(nn.Linear(proj, pred_hidden, bias=False), nn.BatchNorm1d(pred_hidden), nn.ReLU(),
                              nn.Linear(pred_hidden, proj))
    return projector, predictor


def measure(name, batch, warmup, steps, lr, max_norm):
    torch.manual_seed(1)
    widths = widths_of(name)
    backbone = Backbone(widths)
    projector, predictor = simsiam_heads(widths[-1])
    model = nn.ModuleList([backbone, projector, predictor])
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": rest, "weight_decay": 0.0}],
                          lr=lr, momentum=0.9)
    data = torch.randn(warmup + steps, 2 * batch, 3, 32, 32)
    start = None
    phases = {"msForward": 0.0, "msBackward": 0.0, "msOptimizer": 0.0}
    for i in range(warmup + steps):
        if i == warmup:
            start = time.perf_counter()
            phases = dict.fromkeys(phases, 0.0)
        t0 = time.perf_counter()  # CPU kernels run synchronously: wall time per phase is the phase's time
        x = data[i]
        z = projector(backbone(x))
        p = predictor(z)
        z1, z2 = z[:batch], z[batch:]
        p1, p2 = p[:batch], p[batch:]
        loss = -0.5 * (F.cosine_similarity(p1, z2.detach()).mean() + F.cosine_similarity(p2, z1.detach()).mean())
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        opt.step()
        loss.item()  # the Java loop reads the loss every logged step
        t3 = time.perf_counter()
        phases["msForward"] += 1000 * (t1 - t0)
        phases["msBackward"] += 1000 * (t2 - t1)
        phases["msOptimizer"] += 1000 * (t3 - t2)
    seconds = time.perf_counter() - start
    base, _, custom = name.partition(":")
    label = f"{base}-w{custom}" if custom else base  # the Java spec's name (BackboneSpec.withWidths)
    return {"backbone": label, "batch": batch, "steps": steps, "seconds": seconds,
            "imagesPerSecond": batch * steps / seconds, "torch": torch.__version__, "threads": torch.get_num_threads(),
            **{k: v / steps for k, v in phases.items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("backbones", help="comma-separated: tiny, small, or preset:w1-w2-w3-w4")
    ap.add_argument("batches", help="comma-separated batch sizes")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--max-norm", type=float, default=2.0)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    for name in a.backbones.split(","):
        for batch in (int(b) for b in a.batches.split(",")):
            print(json.dumps(measure(name.strip(), batch, a.warmup, a.steps, a.lr, a.max_norm)), flush=True)


if __name__ == "__main__":
    main()
