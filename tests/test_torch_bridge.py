"""to_torch / from_torch: the same outputs in float64, both ways, and clear refusals."""

from __future__ import annotations

import builtins
import random

import numpy as np
import pytest
import torch

from retrograd import MLP, DenseMLP
from retrograd.torch_bridge import from_torch, to_torch

torch.set_num_threads(1)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("output_activation", ["linear", "sigmoid"])
def test_outputs_agree_to_1e12(activation, output_activation):
    random.seed(2)
    model = MLP(3, [6, 5, 2], activation=activation, output_activation=output_activation)
    net = to_torch(model)
    assert [type(m).__name__ for m in net][:2] == ["Linear", {"relu": "ReLU", "tanh": "Tanh",
                                                             "sigmoid": "Sigmoid"}[activation]]
    rng = random.Random(4)
    xs = [[rng.uniform(-3, 3) for _ in range(3)] for _ in range(50)]
    theirs = net(torch.tensor(xs, dtype=torch.float64)).detach().tolist()
    for x, row in zip(xs, theirs):
        ours = [v.data for v in model(x)]
        assert ours == pytest.approx(row, rel=1e-12, abs=1e-12)


def test_gradients_agree_too():
    random.seed(3)
    model = MLP(2, [4, 1])
    net = to_torch(model)
    out = model([0.5, -1.5])
    out.backward()
    net(torch.tensor([0.5, -1.5], dtype=torch.float64)).sum().backward()
    ours = [p.grad for p in model.parameters()]
    theirs = []
    for linear in (net[0], net[2]):
        for row, b in zip(linear.weight.grad.tolist(), linear.bias.grad.tolist()):
            theirs += row + [b]
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)


def test_round_trip_is_exact():
    random.seed(5)
    model = MLP(4, [3, 3, 1], activation="tanh")
    back = from_torch(to_torch(model))
    assert [p.data for p in back.parameters()] == [float(p.data) for p in model.parameters()]
    assert repr(back) == repr(model)


def test_from_a_torch_network():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid(), torch.nn.Identity(),
                              torch.nn.Linear(3, 1, bias=False))  # float32, no last bias
    model = from_torch(net)
    assert repr(model) == "MLP of [Layer of [SigmoidNeuron(2), SigmoidNeuron(2), " \
                          "SigmoidNeuron(2)], Layer of [LinearNeuron(3)]]"
    assert model.layers[1].neurons[0].b.data == 0.0
    x = [0.25, -0.75]
    expected = net.double()(torch.tensor(x, dtype=torch.float64)).item()
    assert model(x).data == pytest.approx(expected, rel=1e-12)


def test_unsupported_layers_and_shapes():
    with pytest.raises(ValueError, match="unsupported layer Dropout at position 1"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout()))
    with pytest.raises(ValueError, match="layer 1 takes 3 inputs but the layer before it gives 2"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Linear(3, 1)))
    with pytest.raises(ValueError, match="ReLU at position 2 must follow a Linear layer"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.ReLU()))
    with pytest.raises(ValueError, match="has no Linear layer"):
        from_torch(torch.nn.Sequential(torch.nn.Identity()))
    with pytest.raises(TypeError, match="expected a torch.nn.Sequential"):
        from_torch(torch.nn.ReLU())


def test_clear_error_without_torch(monkeypatch):
    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    random.seed(0)
    with pytest.raises(ImportError, match="needs PyTorch, which is not installed: pip install torch"):
        to_torch(MLP(2, [1]))


def test_importing_retrograd_does_not_import_torch():
    import subprocess
    import sys

    code = ("import sys, retrograd, retrograd.torch_bridge, retrograd.modelfile, retrograd.optim; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_to_torch_of_something_else_names_to_torch():
    from retrograd import Layer

    random.seed(0)
    with pytest.raises(TypeError, match=r"^to_torch\(model\): expected an MLP or a DenseMLP, "
                                        r"got Layer"):
        to_torch(Layer(2, 3))


# -- dense models ------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("output_activation", ["linear", "sigmoid"])
def test_dense_outputs_and_gradients_agree_to_1e12(activation, output_activation):
    random.seed(2)
    model = DenseMLP(3, [6, 5, 2], activation=activation, output_activation=output_activation)
    net = to_torch(model)
    X = np.random.default_rng(4).uniform(-3, 3, size=(50, 3))
    out = model(X)
    theirs = net(torch.tensor(X))
    np.testing.assert_allclose(out.data, theirs.detach().numpy(), rtol=1e-12, atol=1e-12)
    (out * out).mean().backward()
    (theirs * theirs).mean().backward()
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    for layer, linear in zip(model.layers, linears):
        np.testing.assert_allclose(layer.weight.grad, linear.weight.grad.numpy(),
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(layer.bias.grad, linear.bias.grad.numpy(),
                                   rtol=1e-12, atol=1e-15)


def test_dense_weights_are_copied_as_they_are():
    random.seed(0)
    model = DenseMLP(2, [3, 1])
    net = to_torch(model)
    assert net[0].weight.dtype == torch.float64
    assert net[0].weight.detach().numpy().tobytes() == model.layers[0].weight.data.tobytes()
    assert net[2].bias.detach().numpy().tobytes() == model.layers[1].bias.data.tobytes()
    with torch.no_grad():
        net[0].weight[0, 0] = 99.0  # a copy: the model keeps its own numbers
    assert model.layers[0].weight.data[0, 0] != 99.0


def test_dense_round_trips_are_exact():
    random.seed(5)
    dense = DenseMLP(4, [3, 3, 1], activation="tanh")
    back = from_torch(to_torch(dense), dense=True)
    assert type(back) is DenseMLP and repr(back) == repr(dense)
    for ours, theirs in zip(back.parameters(), dense.parameters()):
        assert ours.data.tobytes() == theirs.data.tobytes()
    # The scalar and dense forms of one network give the same PyTorch network.
    scalar = dense.to_mlp()
    assert [p.data for p in from_torch(to_torch(dense)).parameters()] == \
           [p.data for p in scalar.parameters()]
    assert [p.data for p in from_torch(to_torch(scalar), dense=True).to_mlp().parameters()] == \
           [p.data for p in scalar.parameters()]


def test_dense_from_a_float32_torch_network():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(),
                              torch.nn.Linear(3, 1, bias=False))
    model = from_torch(net, dense=True)
    assert repr(model) == ("DenseMLP of [Linear(2, 3, activation='tanh'), "
                           "Linear(3, 1, activation='linear')]")
    assert model.layers[0].weight.data.tolist() == net[0].weight.double().tolist()
    assert model.layers[1].bias.data.tolist() == [0.0]
    X = np.array([[0.25, -0.75], [1.0, 0.5]])
    expected = net.double()(torch.tensor(X)).detach().numpy()
    np.testing.assert_allclose(model(X).data, expected, rtol=1e-12)


def test_a_dense_model_with_a_changed_layer_is_refused():
    random.seed(0)
    model = DenseMLP(2, [3, 1])
    model.layers[0].activation = "tanh"
    with pytest.raises(ValueError, match=r"^to_torch: layer 0 mixes activations"):
        to_torch(model)
