"""Every activation named in retrograd.nn.ACTIVATIONS is handled by each module that
maps activation names to something of its own: the neuron, the graph drawings,
the activation plot, the PyTorch bridge and the command line."""

import random
import re

import pytest

from retrograd import MLP, Neuron, Value
from retrograd import cli, graph, neurons, torch_bridge
from retrograd.nn import ACTIVATIONS, activate

ENGINE_OPS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid"}


def test_the_names():
    assert ACTIVATIONS == ("relu", "tanh", "sigmoid", "linear")


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activate_applies_the_engine_op(name):
    x = Value(-0.5)
    out = activate(x, name)
    if name == "linear":
        assert out is x
    else:
        assert out._op == ENGINE_OPS[name] and out.operands == (x,)
        assert out.data == getattr(Value(-0.5), name)().data


def test_activate_refuses_other_names():
    with pytest.raises(ValueError, match=r"\bactivation\b.*'gelu'") as excinfo:
        activate(Value(1.0), "gelu")
    assert re.search(r"\bsigmoid\b", str(excinfo.value))  # the names it accepts


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_graph_knows_the_op_a_neuron_ends_with(name):
    assert set(neurons.ACTIVATION_OPS) == set(ACTIVATIONS)
    random.seed(0)
    out = Neuron(2, activation=name)([1.0, -2.0])
    assert neurons.ACTIVATION_OPS[name] == (None if name == "linear" else out._op)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_the_collapsed_graph_finds_every_neuron_whatever_its_activation(name):
    random.seed(0)
    model = MLP(2, [2, 1], activation=name, output_activation=name)
    out = model([1.0, -2.0])
    dot = graph.draw_collapsed(out, model=model).source
    boxes = re.findall(r'label="\{ (layers\.\d\.neurons\.\d) \| (\w+)\(2\) \| data (\S+) ', dot)
    kind = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear"}[name]
    assert [b[:2] for b in boxes] == [("layers.0.neurons.0", kind + "Neuron"),
                                      ("layers.0.neurons.1", kind + "Neuron"),
                                      ("layers.1.neurons.0", kind + "Neuron")]
    assert boxes[-1][2] == f"{out.data:.4f}"
    assert dot.count("shape=record") == 5  # x0, x1 and the three neurons: no loose op nodes


def test_plot_draws_every_activation():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from retrograd.plot import plot_activations

    lines = plot_activations(ACTIVATIONS, derivatives=False).axes[0].get_lines()
    assert [line.get_label() for line in lines] == list(ACTIVATIONS)


def test_torch_bridge_has_a_module_for_each_nonlinear_activation():
    assert set(torch_bridge._TORCH_MODULES) | {"linear"} == set(ACTIVATIONS)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_torch_bridge_round_trips_each_activation(name):
    pytest.importorskip("torch")
    random.seed(0)
    model = MLP(2, [3, 1], activation=name, output_activation=name)
    back = torch_bridge.from_torch(torch_bridge.to_torch(model))
    assert [n.activation for layer in back.layers for n in layer.neurons] == [name] * 4
    assert back([0.5, -1.0]).data == model([0.5, -1.0]).data


def test_the_command_line_offers_every_hidden_activation():
    assert cli.HIDDEN_ACTIVATIONS == ("relu", "tanh", "sigmoid")
    args = cli.build_parser().parse_args(["train", "--activation", "tanh"])
    assert args.activation == "tanh"
