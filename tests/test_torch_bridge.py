"""to_torch / from_torch: the same outputs in float64, both ways, and clear refusals."""

from __future__ import annotations

import builtins
import random

import pytest
import torch

from retrograd import MLP
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

    code = ("import sys, retrograd, retrograd.torch_bridge, retrograd.io, retrograd.optim; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_to_torch_of_something_else_names_to_torch():
    from retrograd import Layer

    random.seed(0)
    with pytest.raises(TypeError, match=r"^to_torch\(model\): expected an MLP, got Layer"):
        to_torch(Layer(2, 3))
