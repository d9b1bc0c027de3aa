"""Dense models: Linear and DenseMLP hold the numbers Layer and MLP draw after the
same seed, compute the same outputs and gradients (to 1e-12), and convert both
ways exactly."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrograd import MLP, DenseMLP, Layer, Linear, Value

SHAPES = [(2, [16, 16, 1]), (3, [4, 5]), (1, [1]), (64, [32, 10])]
ACTIVATIONS = [("relu", "linear"), ("tanh", "sigmoid"), ("sigmoid", "tanh")]


def both(seed, nin, nouts, **kwargs):
    random.seed(seed)
    mlp = MLP(nin, nouts, **kwargs)
    after_mlp = random.random()
    random.seed(seed)
    dense = DenseMLP(nin, nouts, **kwargs)
    assert random.random() == after_mlp  # the same draws, no more, no fewer
    return mlp, dense


def test_a_linear_layer_holds_the_neurons_of_a_layer_row_by_row():
    random.seed(3)
    layer = Layer(3, 2)
    random.seed(3)
    linear = Linear(3, 2)
    assert linear.weight.data.shape == (2, 3) and linear.bias.data.shape == (2,)
    for row, neuron in zip(linear.weight.data.tolist(), layer.neurons):
        assert row == [w.data for w in neuron.w]
    assert linear.bias.data.tolist() == [0.0, 0.0]
    assert [name for name, _ in linear.named_parameters()] == ["weight", "bias"]


@pytest.mark.parametrize("nin, nouts", SHAPES)
@pytest.mark.parametrize("activation, output_activation", ACTIVATIONS)
def test_same_seed_same_outputs_and_gradients(nin, nouts, activation, output_activation):
    mlp, dense = both(11, nin, nouts, activation=activation,
                      output_activation=output_activation)
    X = np.random.default_rng(nin).normal(size=(7, nin))
    out = dense(X)
    assert out.data.shape == (7, nouts[-1])
    weights = np.random.default_rng(1).normal(size=out.data.shape)
    (out * weights).sum().backward()
    total = 0
    want = []
    for row, wrow in zip(X, weights):
        scores = mlp(list(row))
        scores = scores if isinstance(scores, list) else [scores]
        want.append([s.data for s in scores])
        total = total + sum(s * float(w) for s, w in zip(scores, wrow))
    np.testing.assert_allclose(out.data, want, rtol=1e-12, atol=1e-12)
    total.backward()
    for layer, dense_layer in zip(mlp.layers, dense.layers):
        grad_w = [[w.grad for w in n.w] for n in layer.neurons]
        grad_b = [n.b.grad for n in layer.neurons]
        np.testing.assert_allclose(dense_layer.weight.grad, grad_w, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dense_layer.bias.grad, grad_b, rtol=1e-12, atol=1e-12)


@given(st.integers(0, 2**32 - 1), st.lists(st.floats(-3, 3), min_size=2, max_size=2))
def test_any_seed_any_input(seed, x):
    mlp, dense = both(seed, 2, [8, 3])
    np.testing.assert_allclose(dense(np.array([x])).data[0], [s.data for s in mlp(x)],
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dense(np.array(x)).data, [s.data for s in mlp(x)],
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("nin, nouts", SHAPES)
def test_conversions_both_ways_are_exact(nin, nouts):
    random.seed(5)
    mlp = MLP(nin, nouts, activation="tanh")
    for p in mlp.parameters():
        p.data = p.data + random.uniform(-1, 1)  # biases too, not only zeros
    dense = DenseMLP.from_mlp(mlp)
    assert dense.activations == mlp.activations and dense.nouts == mlp.nouts
    flat = [x for layer in dense.layers for w, b in zip(layer.weight.data, layer.bias.data)
            for x in list(w) + [b]]
    assert flat == [p.data for p in mlp.parameters()]
    back = dense.to_mlp()
    assert [p.data for p in back.parameters()] == [p.data for p in mlp.parameters()]
    assert back.activations == mlp.activations and repr(back) == repr(mlp)
    again = DenseMLP.from_mlp(back)
    for a, b in zip(dense.parameters(), again.parameters()):
        assert np.array_equal(a.data, b.data)


def test_a_dense_model_counts_two_parameters_per_layer_and_their_numbers():
    random.seed(0)
    model = DenseMLP(2, [16, 16, 1])
    assert len(model.parameters()) == 6
    assert sum(p.data.size for p in model.parameters()) == len(MLP(2, [16, 16, 1]).parameters())
    assert [name for name, _ in model.named_parameters()][:2] == ["layers.0.weight",
                                                                   "layers.0.bias"]


def test_a_dense_model_takes_values_lists_and_arrays():
    random.seed(0)
    model = DenseMLP(2, [3, 2])
    X = np.array([[0.5, -1.0], [2.0, 0.25]])
    a, b, c = model(X), model(X.tolist()), model(Value(X))
    assert np.array_equal(a.data, b.data) and np.array_equal(a.data, c.data)


@pytest.mark.parametrize("bad", [np.ones((4, 3)), np.ones(3), np.ones((2, 2, 2))])
def test_inputs_of_the_wrong_width_are_refused_with_the_shape(bad):
    random.seed(0)
    with pytest.raises(ValueError, match=r"expects samples of 2 numbers.*got shape"):
        DenseMLP(2, [3, 1])(bad)


def test_from_mlp_wants_an_mlp():
    with pytest.raises(TypeError, match="mlp must be an MLP"):
        DenseMLP.from_mlp("model")


def test_from_parameters_names_the_dense_model_in_its_errors():
    with pytest.raises(ValueError, match="DenseMLP: 1 layers need 1 activations"):
        DenseMLP.from_parameters(2, [1], [1.0, 2.0, 3.0], ["relu", "tanh"])
    with pytest.raises(TypeError, match="parameters must be numbers"):
        DenseMLP.from_parameters(2, [1], [1.0, "x", 3.0])
