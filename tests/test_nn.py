"""Neuron, Layer, MLP: structure, parameters, printing, inputs, and numbers
checked against the same network written with PyTorch float64 tensors."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from retrograd.engine import Value
from retrograd.nn import ACTIVATIONS, MLP, Layer, Module, Neuron


def test_module_defaults():
    m = Module()
    assert m.parameters() == [] and list(m.named_parameters()) == []
    m.zero_grad()  # nothing to do, no error


def test_neuron_is_micrographs():
    random.seed(7)
    expected = [random.uniform(-1, 1) for _ in range(3)]
    random.seed(7)
    n = Neuron(3)
    assert [w.data for w in n.w] == expected
    assert n.b.data == 0 and type(n.b.data) is int
    assert n.parameters() == n.w + [n.b]
    assert (n.activation, n.nonlin) == ("relu", True)


@pytest.mark.parametrize("activation, name", [("relu", "ReLUNeuron"), ("tanh", "TanhNeuron"),
                                              ("sigmoid", "SigmoidNeuron"),
                                              ("linear", "LinearNeuron")])
def test_neuron_activations(activation, name):
    random.seed(0)
    n = Neuron(2, activation=activation)
    assert repr(n) == f"{name}(2)"
    assert n.nonlin is (activation != "linear")
    x = [0.5, -2.0]
    act = n.b.data + n.w[0].data * 0.5 + n.w[1].data * -2.0
    expected = {"relu": Value(act).relu(), "tanh": Value(act).tanh(),
                "sigmoid": Value(act).sigmoid(), "linear": Value(act)}[activation]
    assert n(x).data == expected.data


def test_nonlin_false_is_linear_whatever_the_activation():
    n = Neuron(2, nonlin=False, activation="tanh")
    assert repr(n) == "LinearNeuron(2)" and n.activation == "linear" and not n.nonlin


def test_layer_and_mlp_structure():
    random.seed(0)
    layer = Layer(3, 2)
    assert repr(layer) == "Layer of [ReLUNeuron(3), ReLUNeuron(3)]"
    assert len(layer.neurons) == 2 and len(layer.parameters()) == 8
    model = MLP(2, [3, 1])
    assert repr(model) == ("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], "
                           "Layer of [LinearNeuron(3)]]")
    model = MLP(2, [3, 2], activation="tanh", output_activation="sigmoid")
    assert repr(model) == ("MLP of [Layer of [TanhNeuron(2), TanhNeuron(2), TanhNeuron(2)], "
                           "Layer of [SigmoidNeuron(3), SigmoidNeuron(3)]]")


def test_activation_choice_leaves_the_defaults_unchanged():
    MLP(2, [3, 1], activation="tanh", output_activation="sigmoid")
    Neuron(2, activation="sigmoid")
    Layer(2, 2, activation="tanh")
    assert repr(MLP(2, [2, 1])) == ("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], "
                                     "Layer of [LinearNeuron(2)]]")
    assert repr(Neuron(2)) == "ReLUNeuron(2)"
    assert repr(Layer(2, 1)) == "Layer of [ReLUNeuron(2)]"


def test_parameters_order_and_names():
    random.seed(0)
    model = MLP(2, [3, 2])
    params = model.parameters()
    expected = [p for layer in model.layers for n in layer.neurons for p in n.w + [n.b]]
    assert len(params) == 3 * 3 + 2 * 4 and all(p is q for p, q in zip(params, expected))
    named = list(model.named_parameters())
    assert all(p is q for (_, p), q in zip(named, params)) and len(named) == len(params)
    names = [name for name, _ in named]
    assert names[:4] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1",
                         "layers.0.neurons.0.b", "layers.0.neurons.1.w.0"]
    assert names[-1] == "layers.1.neurons.1.b" and len(set(names)) == len(names)
    assert [n for n, _ in Layer(1, 2).named_parameters()] == [
        "neurons.0.w.0", "neurons.0.b", "neurons.1.w.0", "neurons.1.b"]


def test_zero_grad():
    random.seed(0)
    model = MLP(2, [3, 1])
    model([1.0, -1.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_one_output_layer_returns_the_value_itself():
    out = Layer(2, 1)([1.0, 2.0])
    assert isinstance(out, Value)
    outs = Layer(2, 3)([1.0, 2.0])
    assert isinstance(outs, list) and len(outs) == 3


def test_one_unit_hidden_layer_feeds_the_next_layer():
    random.seed(0)
    model = MLP(2, [1, 1])
    hidden, last = model.layers[0].neurons[0], model.layers[1].neurons[0]
    out = model([1.0, -1.0])
    h = hidden([1.0, -1.0])
    assert out.data == last([h]).data == last(h).data


def test_wrong_input_length_names_the_expected_count():
    with pytest.raises(ValueError, match=r"ReLUNeuron\(3\) expects 3 inputs, got 2"):
        Neuron(3)([1.0, 2.0])
    with pytest.raises(ValueError, match=r"expects 2 inputs, got 3"):
        MLP(2, [4, 1])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"LinearNeuron\(1\) expects 1 input, got 2"):
        Neuron(1, nonlin=False)([1.0, 2.0])


def test_inputs_may_be_numpy_rows_generators_and_single_numbers():
    random.seed(0)
    n = Neuron(2, activation="tanh")
    row = np.array([[0.5, -1.5]])[0]
    out = n(row)
    assert out.data == n([0.5, -1.5]).data == n(x for x in (0.5, -1.5)).data
    assert type(out.data) is float
    out.backward()
    assert [type(w.grad) for w in n.w] == [float, float]
    single = Neuron(1, nonlin=False)
    assert single(np.float64(2.0)).data == single(2.0).data == single([2.0]).data


def test_numpy_integer_sizes_as_in_micrograd():
    random.seed(0)
    model = MLP(np.int64(2), [np.int64(3), np.int32(1)])
    assert repr(model) == ("MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], "
                           "Layer of [LinearNeuron(3)]]")
    assert repr(Layer(np.int64(2), np.int64(1))) == "Layer of [ReLUNeuron(2)]"


def torch_mlp(model, x, activation, output_activation):
    """The same network as ``model``, with its weights copied into float64 tensors."""
    functions = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
                 "linear": lambda t: t}
    params = [torch.tensor(p.data, dtype=torch.float64, requires_grad=True)
              for p in model.parameters()]
    it = iter(params)
    h = [torch.tensor(v, dtype=torch.float64) for v in x]
    for i, layer in enumerate(model.layers):
        f = functions[output_activation if i == len(model.layers) - 1 else activation]
        outs = []
        for neuron in layer.neurons:
            ws = [next(it) for _ in neuron.w]
            act = next(it)  # the bias comes after the weights, micrograd's sum order
            for w, xi in zip(ws, h):
                act = act + w * xi
            outs.append(f(act))
        h = outs
    return h[0], params


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("output_activation", ["linear", "sigmoid", "tanh"])
def test_mlp_value_and_gradients_match_pytorch(activation, output_activation):
    random.seed(11)
    model = MLP(3, [5, 4, 1], activation=activation, output_activation=output_activation)
    x = [0.3, -1.2, 2.0]
    out = model(x)
    loss = (out - 0.5) ** 2
    loss.backward()
    t_out, params = torch_mlp(model, x, activation, output_activation)
    t_loss = (t_out - 0.5) ** 2
    t_loss.backward()
    assert out.data == pytest.approx(t_out.item(), rel=1e-12, abs=1e-15)
    ours = [p.grad for p in model.parameters()]
    theirs = [t.grad.item() for t in params]
    scale = max(abs(g) for g in theirs)
    assert all(abs(a - b) <= 1e-12 * max(abs(b), scale) for a, b in zip(ours, theirs))
    assert scale > 0


def test_layer_sizes_may_be_a_numpy_array():
    random.seed(0)
    assert repr(MLP(2, np.array([2, 1]))) == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]"


def test_a_model_keeps_its_shape_and_names_its_parts():
    random.seed(0)
    model = MLP(3, [4, 2], activation="tanh", output_activation="sigmoid")
    assert (model.nin, model.nouts, model.activations) == (3, [4, 2], ["tanh", "sigmoid"])
    assert (model.layers[1].nin, model.layers[1].neurons[0].nin) == (4, 4)
    names = [name for name, _ in model.named_modules()]
    assert names[:3] == ["", "layers.0", "layers.0.neurons.0"] and len(names) == 1 + 2 + 6
    assert [p for _, p in model.named_parameters()] == model.parameters()
    assert len(model.parameters()) == 4 * 4 + 2 * 5


def test_from_parameters_draws_nothing_and_gives_the_same_model():
    random.seed(5)
    model = MLP(2, [3, 1], activation="tanh")
    values = [p.data for p in model.parameters()]
    state = random.getstate()
    rebuilt = MLP.from_parameters(2, [3, 1], values, model.activations)
    assert random.getstate() == state  # not drawn from, not reset
    assert [p.data for p in rebuilt.parameters()] == values
    assert repr(rebuilt) == repr(model) and rebuilt.activations == ["tanh", "linear"]
    assert rebuilt([0.5, -1.0]).data == model([0.5, -1.0]).data
    with pytest.raises(ValueError, match="has 13 parameters, got 12"):
        MLP.from_parameters(2, [3, 1], values[:-1])


@pytest.mark.parametrize("x, error, phrase", [
    (np.zeros((100, 2)), ValueError, r"table of shape \(100, 2\).*model\(X\[i\]\).*Value\(X\[:, j\]\)"),
    ([[1.0, 2.0], [3.0, 4.0]], ValueError, r"table of shape \(2, 2\)"),
    (None, TypeError, "takes a list of 2 numbers or Values, got NoneType"),
    ({"a": 1, "b": 2}, TypeError, "got dict"),
    ("ab", TypeError, "got str"),
    ([1.0], ValueError, "expects 2 inputs, got 1"),
])
def test_a_model_called_wrongly_says_how_to_call_it(x, error, phrase):
    random.seed(0)
    with pytest.raises(error, match=phrase):
        MLP(2, [3, 1])(x)
