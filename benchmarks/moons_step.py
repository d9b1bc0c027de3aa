"""micrograd's demo training step under micrograd and under retrograd, in one process.

The step is the one of micrograd's demo notebook: make_moons(n_samples=100,
noise=0.1), MLP(2, [16, 16, 1]), SVM max-margin loss mean(relu(1 - y*score))
plus 1e-4 * sum(p*p), full batch, one SGD update. Both engines start from the
same seeded weights. The engines take turns, a few consecutive steps each, so
that a drift in the machine's speed touches both alike; within a turn the first
step is not timed, so the timed steps see what a training loop sees, the
previous step's garbage included. Python's default garbage-collector settings
are kept; what one engine leaves behind is collected between turns, never
inside the other engine's timing. The "in gc" column is the part of a step
spent in the cyclic garbage collector.

    python benchmarks/moons_step.py [--rounds 5] [--steps 3]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import random
import statistics
import sys
import time
import tracemalloc

from sklearn.datasets import make_moons

ENGINES = {"micrograd": ("micrograd.engine", "micrograd.nn"),
           "retrograd": ("retrograd.engine", "retrograd.nn")}


def load(name: str):
    engine_module, nn_module = ENGINES[name]
    return importlib.import_module(engine_module).Value, importlib.import_module(nn_module).MLP


def make_problem():
    X, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    return X, y * 2 - 1


def build_loss(Value, model, X, y):
    """Forward pass of micrograd's demo, operation for operation."""
    inputs = [list(map(Value, row)) for row in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def step(Value, model, X, y, k: int) -> float:
    loss = build_loss(Value, model, X, y)
    model.zero_grad()
    loss.backward()
    lr = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data


class CollectorClock:
    """Seconds spent in Python's cyclic garbage collector while the block runs
    (through gc.callbacks, which the collector calls at the start and end of
    every collection)."""

    def __enter__(self):
        self.seconds, self._start = 0.0, None
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        elif self._start is not None:
            self.seconds += time.perf_counter() - self._start


def count_nodes(loss) -> int:
    seen, stack = {id(loss)}, [loss]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def bytes_per_node(Value, MLP, X, y) -> tuple[int, float]:
    """Memory held by one step's graph after backward, per node (tracemalloc)."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loss = build_loss(Value, model, X, y)
    model.zero_grad()
    loss.backward()
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return count_nodes(loss), held / count_nodes(loss)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="turns per engine (default 5)")
    parser.add_argument("--steps", type=int, default=3,
                        help="steps per turn, the first one untimed (default 3)")
    args = parser.parse_args(argv)

    X, y = make_problem()
    engines = {name: load(name) for name in ENGINES}
    models = {}
    for name, (Value, MLP) in engines.items():
        random.seed(1337)
        models[name] = MLP(2, [16, 16, 1])
    times = {name: [] for name in ENGINES}
    collector = {name: [] for name in ENGINES}
    losses = {name: [] for name in ENGINES}
    k = 0
    for _ in range(args.rounds):
        for name, (Value, _) in engines.items():
            gc.collect()
            for j in range(args.steps):
                with CollectorClock() as clock:
                    start = time.perf_counter()
                    losses[name].append(step(Value, models[name], X, y, k + j))
                    elapsed = time.perf_counter() - start
                if j:
                    times[name].append(elapsed)
                    collector[name].append(clock.seconds)
        k += args.steps
    gc.collect()

    print(f"Python {sys.version.split()[0]}, gc thresholds {gc.get_threshold()}, "
          f"{len(times['retrograd'])} timed steps per engine in {args.rounds} alternating turns")
    print(f"{'engine':<10} {'ms/step':>9} {'in gc':>7} {'nodes':>7} {'us/node':>8} "
          f"{'bytes/node':>11}")
    median = {}
    for name, (Value, MLP) in engines.items():
        nodes, per_node = bytes_per_node(Value, MLP, X, y)
        median[name] = statistics.median(times[name])
        in_gc = statistics.median(collector[name])
        print(f"{name:<10} {median[name] * 1e3:9.1f} {in_gc * 1e3:7.1f} {nodes:7d} "
              f"{median[name] / nodes * 1e6:8.2f} {per_node:11.0f}")
    print(f"retrograd is {median['micrograd'] / median['retrograd']:.1f}x faster per step")
    same = all(abs(a - b) <= 1e-12 * abs(a) for a, b in zip(losses["micrograd"], losses["retrograd"]))
    print(f"losses agree to 1e-12: {same} ({losses['retrograd'][-1]!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
