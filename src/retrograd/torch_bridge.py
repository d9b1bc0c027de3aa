"""From a retrograd ``MLP`` or ``DenseMLP`` to a PyTorch ``nn.Sequential`` and back.

``to_torch(model)`` builds ``Linear`` layers holding the same weights (row ``j``
of a layer's weight matrix is neuron ``j``'s ``w``), each followed by the
layer's activation module; in float64 its outputs equal the model's up to the
order of the additions (about 1e-16). A ``DenseMLP``'s ``Linear`` layers keep
their weights as PyTorch does, (outputs, inputs): they are copied as they are.
``from_torch(seq)`` reads such a ``Sequential`` back into an ``MLP``, and
``from_torch(seq, dense=True)`` into a ``DenseMLP``.

PyTorch is optional: it is imported only when these functions run, and a
clear ``ImportError`` says how to install it when it is missing.

>>> import random; random.seed(0)
>>> from retrograd import MLP
>>> model = MLP(2, [3, 1])
>>> net = to_torch(model)
>>> net
Sequential(
  (0): Linear(in_features=2, out_features=3, bias=True)
  (1): ReLU()
  (2): Linear(in_features=3, out_features=1, bias=True)
)
>>> import torch
>>> out = net(torch.tensor([0.5, -1.0], dtype=torch.float64)).item()
>>> abs(out - model([0.5, -1.0]).data) < 1e-12
True
>>> [p.data for p in from_torch(net).parameters()] == [p.data for p in model.parameters()]
True
>>> from_torch(net, dense=True)
DenseMLP of [Linear(2, 3, activation='relu'), Linear(3, 1, activation='linear')]
"""

from __future__ import annotations

from .models import architecture
from .nn import MLP, DenseMLP

# The torch.nn module of each activation of retrograd.nn.ACTIVATIONS but "linear" (nothing).
_TORCH_MODULES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def _torch():
    try:
        import torch
    except ImportError:
        raise ImportError("retrograd.torch_bridge needs PyTorch, which is not installed: "
                          "pip install torch (CPU build: pip install torch "
                          "--index-url https://download.pytorch.org/whl/cpu)") from None
    return torch


def to_torch(model: MLP | DenseMLP, dtype=None):
    """A ``torch.nn.Sequential`` computing what ``model`` computes (float64 by default).

    The weights are copies: training one does not change the other.
    """
    if not isinstance(model, (MLP, DenseMLP)):
        raise TypeError(f"to_torch(model): expected an MLP or a DenseMLP, got "
                        f"{type(model).__name__}; wrap a Layer or Neuron in an MLP to convert it")
    torch = _torch()
    dtype = torch.float64 if dtype is None else dtype
    arch = architecture(model, "to_torch")  # checks it has one activation per layer
    modules = []
    sizes = [arch["nin"]] + arch["nouts"]
    for i, (layer, activation) in enumerate(zip(model.layers, arch["activations"])):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1], dtype=dtype)
        if isinstance(model, DenseMLP):
            weight, bias = layer.weight.data, layer.bias.data
        else:
            weight = [[float(w.data) for w in n.w] for n in layer.neurons]
            bias = [float(n.b.data) for n in layer.neurons]
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(weight, dtype=dtype))
            linear.bias.copy_(torch.tensor(bias, dtype=dtype))
        modules.append(linear)
        if activation != "linear":
            modules.append(getattr(torch.nn, _TORCH_MODULES[activation])())
    return torch.nn.Sequential(*modules)


def from_torch(net, *, dense: bool = False) -> MLP | DenseMLP:
    """An ``MLP`` (a ``DenseMLP`` with ``dense=True``) with the weights of a ``Sequential``
    of ``Linear`` layers, each followed by at most one ``ReLU``, ``Tanh`` or ``Sigmoid``
    (``Identity`` and ``Flatten`` are skipped). Values become float64 (float32 exactly
    widened).
    """
    torch = _torch()
    nn = torch.nn
    if isinstance(net, nn.Linear):
        net = nn.Sequential(net)
    if not isinstance(net, nn.Sequential):
        raise TypeError(f"from_torch: expected a torch.nn.Sequential of Linear layers and "
                        f"activations, got {type(net).__name__}")
    names = {getattr(nn, module): activation for activation, module in _TORCH_MODULES.items()}
    nin, nouts, activations, params = None, [], [], []
    for index, module in enumerate(net):
        kind = type(module)
        if kind in (nn.Identity, nn.Flatten):
            continue
        if kind is nn.Linear:
            if nin is None:
                nin = module.in_features
            elif module.in_features != nouts[-1]:
                raise ValueError(f"from_torch: layer {index} takes {module.in_features} inputs "
                                 f"but the layer before it gives {nouts[-1]}")
            weight = module.weight.detach().double().tolist()
            bias = (module.bias.detach().double().tolist() if module.bias is not None
                    else [0.0] * module.out_features)
            for row, b in zip(weight, bias):
                params.extend(row)
                params.append(b)
            nouts.append(module.out_features)
            activations.append("linear")
        elif kind in names:
            if not activations or activations[-1] != "linear":
                raise ValueError(f"from_torch: {kind.__name__} at position {index} must follow "
                                 f"a Linear layer (one activation per layer)")
            activations[-1] = names[kind]
        else:
            raise ValueError(f"from_torch: unsupported layer {kind.__name__} at position {index}; "
                             f"an MLP has only Linear, {', '.join(_TORCH_MODULES.values())} "
                             f"(Identity and Flatten are skipped)")
    if nin is None:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    return (DenseMLP if dense else MLP).from_parameters(nin, nouts, params, activations)


__all__ = ["to_torch", "from_torch"]
