"""Random expression graphs: retrograd against PyTorch float64, and gradcheck.

Hypothesis writes small programs over a few leaves. Each step applies one
operation to earlier nodes (leaves or intermediate results, so sub-expressions
are shared), choosing forms whose domain is safe whatever the operands: log of
x*x + 1, division by x*x + 1, fractional powers of positive bases. The same
program is run on Values and on float64 tensors.
"""

from __future__ import annotations

import math

import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retrograd.check import gradcheck
from retrograd.engine import Value, topological_order
from helpers import at_least
from torch_reference import close

# Each operation works on Values and on tensors alike: name -> (arity, function).
OPERATIONS = {
    "add": (2, lambda a, b: a + b),
    "sub": (2, lambda a, b: a - b),
    "mul": (2, lambda a, b: a * b),
    "div": (2, lambda a, b: a / (b * b + 1)),
    "rdiv": (1, lambda a: 3.0 / (a * a + 0.5)),
    "radd": (1, lambda a: 1.5 + a),
    "rsub": (1, lambda a: 2.0 - a),
    "rmul": (1, lambda a: -0.75 * a),
    "neg": (1, lambda a: -a),
    "square": (1, lambda a: a**2),
    "cube": (1, lambda a: a**3),
    "inverse": (1, lambda a: (a * a + 1) ** -1),
    "sqrt": (1, lambda a: (a * a + 0.25) ** 0.5),
    "pow-1.5": (1, lambda a: (a * a + 1) ** -1.5),
    "pow2.5": (1, lambda a: (a * a + 1) ** 2.5),
    "vpow": (2, lambda a, b: (a * a + 1) ** b.tanh()),
    "rpow": (1, lambda a: 2 ** a.tanh()),
    "exp": (1, lambda a: a.exp()),
    "log": (1, lambda a: (a * a + 1).log()),
    "logexp": (1, lambda a: a.tanh().exp().log()),
    "tanh": (1, lambda a: a.tanh()),
    "sigmoid": (1, lambda a: a.sigmoid()),
    "relu": (1, lambda a: a.relu()),
}
SMOOTH = [name for name in OPERATIONS if name != "relu"]


@st.composite
def programs(draw, operations=tuple(OPERATIONS), max_steps=12):
    """(leaf values, steps): step i is (operation, indices of earlier nodes)."""
    leaves = draw(st.lists(st.floats(-3, 3, allow_nan=False), min_size=1, max_size=4))
    steps = []
    for _ in range(draw(st.integers(1, max_steps))):
        name = draw(st.sampled_from(operations))
        arity = OPERATIONS[name][0]
        n = len(leaves) + len(steps)
        # Counting back from the newest node keeps graphs deep; repeats share nodes.
        args = tuple(n - 1 - draw(st.integers(0, n - 1)) for _ in range(arity))
        steps.append((name, args))
    return leaves, steps


def run(steps, leaves):
    """Apply the steps to the leaves (Values or tensors); every node, output last."""
    nodes = list(leaves)
    for name, args in steps:
        nodes.append(OPERATIONS[name][1](*(nodes[i] for i in args)))
    return nodes


def run_torch(steps, xs):
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = run(steps, leaves)[-1]
    grads = torch.autograd.grad(out, leaves, allow_unused=True)
    return out.item(), [0.0 if g is None else g.item() for g in grads]


def finite(*numbers) -> bool:
    return all(math.isfinite(x) for x in numbers)


# Every CI run compares at least 300 random graphs with PyTorch, whatever the profile
# draws for the other properties; only `make check`'s smoke profile draws fewer.
@settings(max_examples=at_least(300))
@given(programs())
def test_random_graphs_match_pytorch(program):
    xs, steps = program
    leaves = [Value(x) for x in xs]
    nodes = run(steps, leaves)
    out = nodes[-1]
    out.backward()
    assume(finite(*(v.data for v in nodes), *(v.grad for v in topological_order(out))))
    value, grads = run_torch(steps, xs)
    # Both sides round each operation; where a result is a difference of much larger
    # numbers, one last-bit difference (tanh, exp, pow come from different libms)
    # grows, relative to the result, by their ratio: hence the scale of the graph.
    scale = max(abs(v.data) for v in nodes)
    assert close(out.data, value, rel=1e-9, abs_=1e-12 * scale), (out.data, value)
    gscale = max(abs(v.grad) for v in topological_order(out)) * max(1.0, scale)
    for leaf, g in zip(leaves, grads):
        assert close(leaf.grad, g, rel=1e-9, abs_=1e-12 * gscale), (leaf.grad, g)


@given(programs(operations=tuple(SMOOTH), max_steps=8))
def test_gradcheck_passes_on_random_smooth_graphs(program):
    xs, steps = program
    nodes = run(steps, [Value(x) for x in xs])
    scale = max(abs(v.data) for v in nodes)
    assume(finite(scale) and scale < 1e6)
    # The central difference loses about |f| * 1e-16 / eps to rounding.
    gradcheck(lambda *leaves: run(steps, leaves)[-1], *xs, atol=1e-5 * (1 + scale),
              raise_on_failure=True)


@given(programs())
def test_backward_twice_doubles_every_leaf_gradient(program):
    xs, steps = program
    leaves = [Value(x) for x in xs]
    out = run(steps, leaves)[-1]
    out.backward()
    once = [leaf.grad for leaf in leaves]
    out.backward()
    assert all(close(leaf.grad, 2 * g) for leaf, g in zip(leaves, once))
