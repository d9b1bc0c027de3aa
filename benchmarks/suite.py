"""retrograd beside its peers: one table from one run (`make bench`).

Three tasks, each timed with time.perf_counter, the contenders taking turns so
that a drift in the machine's speed touches all of them alike, and the median
quoted:

1. micrograd's demo step: moons (100 samples), MLP(2, [16, 16, 1]), hinge loss
   + 1e-4 L2, full batch, one SGD update. Contenders: micrograd, retrograd on
   scalars, retrograd on a batch, retrograd dense (DenseMLP: one weight
   matrix per layer), a PyTorch port with one 0-dim tensor per scalar,
   PyTorch on a batch (nn.Linear), and a hand-written numpy forward/backward
   (the floor: no graph at all).
2. A chain of 1,000,000 operations: build and backward time, peak memory.
3. scikit-learn's digits (1,797 8x8 images, 10 classes) with MLP(64, [32, 10])
   and softmax cross-entropy, Adam, mini-batches of 64: time per epoch and
   test accuracy, for retrograd on scalars (one epoch, to time it), retrograd
   on batches, retrograd dense and PyTorch on batches (20 epochs each; the
   test split is only looked at after training).
4. `retrograd train --hidden 1000 1000 --steps 1`, a DenseMLP of a million
   weights, report included: wall time and peak resident memory of the
   command, run as a child process.

    python benchmarks/suite.py [--quick]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from importlib import metadata

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from moons_step import build_loss, make_problem  # noqa: E402  (same folder)

import retrograd  # noqa: E402
from retrograd import MLP, DenseMLP, Value  # noqa: E402
from retrograd.losses import cross_entropy  # noqa: E402
from retrograd.optim import Adam  # noqa: E402

SEED = 1337


# -- task 1: micrograd's demo step ----------------------------------------------

def sgd(params, lr):
    for p in params:
        p.data -= lr * p.grad


def scalar_step(Value, MLP):
    """A step function for a micrograd-style engine (micrograd or retrograd)."""
    X, y = make_problem()
    random.seed(SEED)
    model = MLP(2, [16, 16, 1])

    def step():
        loss = build_loss(Value, model, X, y)
        model.zero_grad()
        loss.backward()
        sgd(model.parameters(), 0.1)
        return loss.data
    return step


def batched_step():
    X, y = make_problem()
    random.seed(SEED)
    model = MLP(2, [16, 16, 1])
    columns = [X[:, 0], X[:, 1]]
    params = model.parameters()

    def step():
        scores = model([Value(c) for c in columns])
        loss = (1 + -y * scores).relu().mean() + 1e-4 * sum(p * p for p in params)
        model.zero_grad()
        loss.backward()
        sgd(params, 0.1)
        return loss.data
    return step


def dense_step():
    """The demo step with DenseMLP: the same seed gives the scalar model's numbers."""
    X, y = make_problem()
    random.seed(SEED)
    model = DenseMLP(2, [16, 16, 1])
    params = model.parameters()
    column = y[:, None].astype(float)

    def step():
        scores = model(X)
        loss = (1 + -column * scores).relu().mean() + 1e-4 * sum((p * p).sum() for p in params)
        model.zero_grad()
        loss.backward()
        sgd(params, 0.1)
        return loss.data
    return step


def same_losses(a, b, steps: int = 5) -> bool:
    """Whether two step functions give the same losses to 1e-12, step after step."""
    return all(abs(x - y) <= 1e-12 * abs(y) for x, y in
               zip([a() for _ in range(steps)], [b() for _ in range(steps)]))


def torch_scalar_step(torch):
    """micrograd's network written with one 0-dim float64 tensor per scalar."""
    X, y = make_problem()
    random.seed(SEED)
    reference = MLP(2, [16, 16, 1])
    layers = [[([torch.tensor(w.data, dtype=torch.float64, requires_grad=True) for w in n.w],
                torch.tensor(float(n.b.data), dtype=torch.float64, requires_grad=True))
               for n in layer.neurons] for layer in reference.layers]
    params = [t for layer in layers for ws, b in layer for t in ws + [b]]
    rows = [[torch.tensor(float(v), dtype=torch.float64) for v in row] for row in X]

    def forward(x):
        for i, layer in enumerate(layers):
            outs = []
            for ws, b in layer:
                act = b
                for w, xi in zip(ws, x):
                    act = act + w * xi
                outs.append(act.relu() if i < len(layers) - 1 else act)
            x = outs
        return x[0]

    def step():
        scores = [forward(row) for row in rows]
        losses = [(1 + -float(yi) * s).relu() for yi, s in zip(y, scores)]
        loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in params)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.1 * p.grad
        return loss.item()
    return step


def torch_batched_step(torch):
    X, y = make_problem()
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16),
                                torch.nn.ReLU(), torch.nn.Linear(16, 1)).double()
    Xt = torch.tensor(X, dtype=torch.float64)
    yt = torch.tensor(y, dtype=torch.float64)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def step():
        scores = model(Xt).squeeze(1)
        loss = torch.relu(1 - yt * scores).mean()
        loss = loss + 1e-4 * sum((p * p).sum() for p in model.parameters())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()
    return step


def numpy_step():
    """Forward and backward by hand with matrices: what any graph engine adds to."""
    X, y = make_problem()
    rng = np.random.default_rng(SEED)
    sizes = [2, 16, 16, 1]
    Ws = [rng.uniform(-1, 1, (m, n)) for m, n in zip(sizes, sizes[1:])]
    bs = [np.zeros(n) for n in sizes[1:]]

    def step():
        acts, pre = [X], []
        for i, (W, b) in enumerate(zip(Ws, bs)):
            z = acts[-1] @ W + b
            pre.append(z)
            acts.append(np.maximum(z, 0) if i < len(Ws) - 1 else z)
        scores = acts[-1][:, 0]
        margins = 1 - y * scores
        loss = np.maximum(margins, 0).mean() + 1e-4 * sum((W * W).sum() + (b * b).sum()
                                                         for W, b in zip(Ws, bs))
        grad = ((margins > 0) * -y / len(y))[:, None]
        for i in reversed(range(len(Ws))):
            if i < len(Ws) - 1:
                grad = grad * (pre[i] > 0)
            gW = acts[i].T @ grad + 2e-4 * Ws[i]
            gb = grad.sum(0) + 2e-4 * bs[i]
            grad = grad @ Ws[i].T
            Ws[i] -= 0.1 * gW
            bs[i] -= 0.1 * gb
        return float(loss)
    return step


def time_turns(contenders: dict, rounds: int, steps: int) -> dict:
    """Median seconds per step; each contender runs `steps` steps per turn, the
    first untimed, and the turns alternate."""
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, step in contenders.items():
            gc.collect()
            for j in range(steps):
                start = time.perf_counter()
                step()
                if j:
                    times[name].append(time.perf_counter() - start)
    gc.collect()
    return {name: statistics.median(t) for name, t in times.items()}


# -- task 2: a million-operation chain -------------------------------------------

def chain(n: int) -> tuple[float, float, float]:
    """Seconds to build and to differentiate n operations, and peak MiB of both."""
    gc.collect()
    start = time.perf_counter()
    x = Value(0.5)
    v = x
    for i in range(n):
        v = v * 0.999999 if i % 2 else v + 1e-6
    built = time.perf_counter()
    v.backward()
    done = time.perf_counter()
    del v
    gc.collect()
    tracemalloc.start()
    v = x
    for i in range(n):
        v = v * 0.999999 if i % 2 else v + 1e-6
    v.backward()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return built - start, done - built, peak / 2**20


# -- task 3: digits --------------------------------------------------------------

def digits_data():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    return train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)


def retrograd_digits(batched: bool, epochs: int, dense: bool = False):
    Xtr, Xte, ytr, yte = digits_data()
    random.seed(SEED)
    model = (DenseMLP if dense else MLP)(64, [32, 10])
    optimizer = Adam(model.parameters(), lr=0.01)
    rng = np.random.default_rng(SEED)
    epoch_times, acc = [], 0.0
    while len(epoch_times) < epochs:
        start = time.perf_counter()
        order = rng.permutation(len(Xtr))
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            if dense:
                loss = cross_entropy(model(Xtr[idx]), ytr[idx])
            elif batched:
                logits = model([Value(Xtr[idx, j]) for j in range(64)])
                loss = cross_entropy(logits, ytr[idx])
            else:
                logits = [model(list(row)) for row in Xtr[idx]]
                loss = cross_entropy(logits, list(ytr[idx]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        epoch_times.append(time.perf_counter() - start)
    if dense:
        acc = float((np.argmax(model(Xte).data, axis=1) == yte).mean())
    else:
        logits = model([Value(Xte[:, j]) for j in range(64)])
        acc = float((np.argmax(np.stack([v.data for v in logits]), axis=0) == yte).mean())
    return statistics.median(epoch_times), sum(epoch_times), len(epoch_times), acc


def torch_digits(torch, epochs: int):
    Xtr, Xte, ytr, yte = digits_data()
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.ReLU(),
                                torch.nn.Linear(32, 10)).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    Xtr_t, ytr_t = torch.tensor(Xtr), torch.tensor(ytr)
    Xte_t = torch.tensor(Xte)
    generator = torch.Generator().manual_seed(SEED)
    epoch_times, acc = [], 0.0
    while len(epoch_times) < epochs:
        start = time.perf_counter()
        order = torch.randperm(len(Xtr_t), generator=generator)
        for i in range(0, len(order), 64):
            idx = order[i:i + 64]
            loss = torch.nn.functional.cross_entropy(model(Xtr_t[idx]), ytr_t[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        epoch_times.append(time.perf_counter() - start)
    with torch.no_grad():
        acc = float((model(Xte_t).argmax(1).numpy() == yte).mean())
    return statistics.median(epoch_times), sum(epoch_times), len(epoch_times), acc


# -- task 4: a million weights from the command line ------------------------------

BIG = ["train", "--hidden", "1000", "1000", "--steps", "1"]


# Run a command and print the peak resident size (KB) of its process. A process started
# from this one would inherit the high-water mark of its memory (the tables above, torch):
# a small Python in between starts the command from a few MB.
PEAK = ("import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def big_train() -> tuple[float, float]:
    """Seconds and peak resident MiB of `retrograd train --hidden 1000 1000 --steps 1`
    (the report included), run as a child process."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "retrograd.cli",
                              *BIG, "--out", os.path.join(folder, "report")],
                             check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    return seconds, int(out.stdout) / 1024  # KB on Linux


# -- the table ---------------------------------------------------------------------

def versions() -> str:
    names = ["retrograd", "micrograd", "torch", "numpy", "scikit-learn"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    cpu = platform.processor() or platform.machine()
    return (f"Python {platform.python_version()} on {platform.system()} {cpu}, "
            f"{os.cpu_count()} CPUs; " + ", ".join(found))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="retrograd beside its peers, one table.")
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds and a 100,000-operation chain (a smoke run)")
    args = parser.parse_args(argv)
    import micrograd.engine
    import micrograd.nn
    import torch

    torch.set_num_threads(1)
    rounds, chain_n = (1, 100_000) if args.quick else (3, 1_000_000)
    print(versions())
    print(f"torch threads: {torch.get_num_threads()}; gc thresholds {gc.get_threshold()}")
    print()

    fast = {"retrograd batched": batched_step(), "retrograd dense": dense_step(),
            "PyTorch batched": torch_batched_step(torch), "numpy by hand": numpy_step()}
    slow = {"micrograd": scalar_step(micrograd.engine.Value, micrograd.nn.MLP),
            "retrograd scalar": scalar_step(Value, MLP),
            "PyTorch scalar": torch_scalar_step(torch)}
    medians = time_turns(slow, rounds, 3)
    medians.update(time_turns(fast, rounds * 10, 11))
    base = medians["micrograd"]
    print("1. micrograd's demo step (moons 100, MLP(2, [16, 16, 1]), hinge + L2, SGD)")
    print(f"   {'contender':<20} {'ms/step':>10} {'vs micrograd':>13}")
    for name in ["micrograd", "retrograd scalar", "retrograd batched", "retrograd dense",
                 "PyTorch scalar", "PyTorch batched", "numpy by hand"]:
        print(f"   {name:<20} {medians[name] * 1e3:10.3f} {base / medians[name]:12.1f}x")
    for name in ("retrograd batched", "retrograd dense"):
        print(f"   {name} / PyTorch batched: "
              f"{medians[name] / medians['PyTorch batched']:.2f}x the time")
    print(f"   retrograd dense's losses are the scalar model's (micrograd's numbers) to 1e-12: "
          f"{same_losses(dense_step(), scalar_step(Value, MLP))}")
    print()

    build, backward, peak = chain(chain_n)
    print(f"2. a chain of {chain_n:,} operations, each with a constant operand (retrograd; "
          f"micrograd's recursive backward stops at Python's recursion limit)")
    print(f"   build {build:.2f} s, backward {backward:.2f} s, peak {peak:.0f} MiB "
          f"({peak * 2**20 / chain_n:.0f} bytes per operation: its node, the constant's "
          f"leaf, and backward's bookkeeping)")
    print()

    print("3. digits (1,797 images, 80/20 split), MLP(64, [32, 10]), softmax cross-entropy, "
          "Adam lr 0.01, batches of 64")
    print(f"   {'contender':<20} {'s/epoch':>9} {'epochs':>7} {'seconds':>8} {'test acc':>9}")
    rows = [("retrograd scalar*", retrograd_digits(False, epochs=1)),
            ("retrograd batched", retrograd_digits(True, epochs=20)),
            ("retrograd dense", retrograd_digits(True, epochs=20, dense=True)),
            ("PyTorch batched", torch_digits(torch, epochs=20))]
    for name, (per_epoch, total, epochs, acc) in rows:
        print(f"   {name:<20} {per_epoch:9.3f} {epochs:7d} {total:8.1f} {acc:8.1%}")
    print("   * one epoch only, to time it: the same updates as the batched run's first epoch")
    print("   test accuracy after the last epoch; the test split plays no part in training")
    print()

    seconds, peak = big_train()
    print(f"4. retrograd {' '.join(BIG)}: DenseMLP(2, [1000, 1000, 1]), 1,005,001 "
          f"parameters, report included")
    print(f"   {seconds:.1f} s, peak resident memory {peak:.0f} MiB (targets: under 30 s and "
          f"under 1 GB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
