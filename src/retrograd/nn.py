"""Neurons, layers and multi-layer perceptrons made of Values, as in micrograd.

The defaults are micrograd's to the last draw of the random generator: weights
from ``random.uniform(-1, 1)`` in the same order, biases ``Value(0)``, ReLU in
hidden layers and a linear last layer. A seeded micrograd program gives the same
numbers here once its imports are changed.

>>> import random; random.seed(42)
>>> model = MLP(2, [1])
>>> model
MLP of [Layer of [LinearNeuron(2)]]
>>> model.parameters()
[Value(data=0.2788535969157675, grad=0), Value(data=-0.9499784895546661, grad=0), Value(data=0, grad=0)]
"""

from __future__ import annotations

import numbers
import random
from typing import Iterator, Sequence

from ._checks import check_count
from .engine import Number, Value

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
_NEURON_NAMES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear"}


class Module:
    """Anything with parameters: ``parameters()``, ``named_parameters()``, ``zero_grad()``."""

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0

    def parameters(self) -> list[Value]:
        return []

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """Each parameter with its place in the model, in ``parameters()`` order.

        >>> import random; random.seed(0)
        >>> [name for name, _ in Neuron(2).named_parameters()]
        ['w.0', 'w.1', 'b']
        """
        return iter(())


class Neuron(Module):
    """One neuron: ``activation(w · x + b)``.

    ``nonlin=False`` gives a linear neuron, as in micrograd; ``activation``
    picks the nonlinearity of a nonlinear one (``relu``, the default, ``tanh``
    or ``sigmoid``).

    >>> import random; random.seed(1)
    >>> n = Neuron(2, activation='tanh')
    >>> n
    TanhNeuron(2)
    >>> round(n([1.0, -1.0]).data, 6)
    -0.890873
    """

    def __init__(self, nin: int, nonlin: bool = True, activation: str = "relu"):
        check_count("Neuron", "nin", nin, of="units")
        _check_activation("activation", activation, "Neuron")
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.activation = activation if nonlin else "linear"
        self.nonlin = self.activation != "linear"

    def __call__(self, x: Sequence[Value | Number] | Value | Number) -> Value:
        x = _as_inputs(x, len(self.w), self)
        act = self.b  # b + w0*x0 + w1*x1 + ...: micrograd's sum, in the same order
        for wi, xi in zip(self.w, x):
            act = act + wi * xi
        return activate(act, self.activation)

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for i, w in enumerate(self.w):
            yield f"w.{i}", w
        yield "b", self.b

    def __repr__(self) -> str:
        return f"{_NEURON_NAMES[self.activation]}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons reading the same inputs; one output is returned as a Value.

    >>> import random; random.seed(0)
    >>> Layer(3, 2)
    Layer of [ReLUNeuron(3), ReLUNeuron(3)]
    """

    def __init__(self, nin: int, nout: int, **kwargs):
        check_count("Layer", "nin", nin, of="units")
        check_count("Layer", "nout", nout, of="units")
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for i, n in enumerate(self.neurons):
            for name, p in n.named_parameters():
                yield f"neurons.{i}.{name}", p

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: ``MLP(nin, [hidden, ..., nout])``.

    Hidden layers use ``activation`` (ReLU by default), the last layer
    ``output_activation`` (linear by default).

    >>> import random; random.seed(0)
    >>> MLP(2, [3, 1])
    MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear"):
        check_count("MLP", "nin", nin, of="units")
        if isinstance(nouts, (int, str)) or len(nouts) == 0:
            raise ValueError(f"MLP(nin, nouts): nouts must be a non-empty list of layer sizes "
                             f"such as [16, 16, 1], got {nouts!r}")
        for n in nouts:
            check_count("MLP", "each layer size in nouts", n, of="units")
        _check_activation("activation", activation, "MLP")
        _check_activation("output_activation", output_activation, "MLP")
        sizes = [nin] + list(nouts)
        last = len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], activation=activation if i != last else output_activation)
            for i in range(len(nouts))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for i, layer in enumerate(self.layers):
            for name, p in layer.named_parameters():
                yield f"layers.{i}.{name}", p

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


def activate(x: Value, activation: str) -> Value:
    """``x`` through the activation named ``activation``, one of ``ACTIVATIONS``:
    the engine's ``relu``, ``tanh`` or ``sigmoid``, or ``x`` itself for "linear".

    >>> activate(Value(-2.0), "relu").data, activate(Value(-2.0), "linear").data
    (0, -2.0)
    """
    if activation == "relu":
        return x.relu()
    if activation == "tanh":
        return x.tanh()
    if activation == "sigmoid":
        return x.sigmoid()
    if activation == "linear":
        return x
    _check_activation("activation", activation, "activate")


def _check_activation(name: str, activation, where: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: {name} must be one of {', '.join(ACTIVATIONS)}; "
                         f"got {activation!r}")


def _as_inputs(x, n: int, who: Neuron):
    """The inputs of a neuron, checked for length (micrograd's zip would cut them short)."""
    if isinstance(x, (Value, numbers.Real)):
        x = (x,)
    elif not hasattr(x, "__len__"):
        x = tuple(x)
    if len(x) != n:
        raise ValueError(f"{who} expects {n} input{'s' if n != 1 else ''}, got {len(x)}: "
                         f"give one number or Value per input")
    return x


__all__ = ["Module", "Neuron", "Layer", "MLP", "ACTIVATIONS", "activate"]
