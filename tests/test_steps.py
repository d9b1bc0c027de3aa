"""backward_steps on batched Values: the replay must end where backward() ends."""

from __future__ import annotations

import numpy as np

from retrograd import Value
from retrograd.engine import topological_order
from retrograd.steps import backward_steps


def test_a_scalar_used_across_a_batch_receives_the_summed_gradient_as_backward_gives():
    w, b = Value(2.0, label="w"), Value(-0.5, label="b")
    x = Value(np.array([1.0, 2.0, 3.0]), label="x")
    root = ((w * x + b).tanh() * w).mean()
    final = {}
    for s in backward_steps(root):
        final[s.target] = s.after
    root.backward()
    for v in topological_order(root):
        got = final.get(v, 0)
        assert type(got) is type(v.grad), v.label
        assert np.array_equal(got, v.grad), v.label
    assert isinstance(final[w], float) and final[w] == w.grad


def test_a_batch_is_shown_by_its_first_values_and_its_size():
    from retrograd.steps import format_number

    assert format_number(np.array([1.0, -2.0])) == "[1.0000, -2.0000] (2)"
    assert format_number(np.arange(5.0), digits=0) == "[0, 1, 2, …] (5)"
