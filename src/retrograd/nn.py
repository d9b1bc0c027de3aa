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
import reprlib
from typing import Iterator, Sequence

import numpy as np

from .arguments import check_count
from .engine import Number, Value

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
_NEURON_NAMES = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear"}


class Module:
    """Anything with parameters, in PyTorch's words: ``parameters()``,
    ``named_parameters()``, ``named_modules()``, ``zero_grad()``. A module names
    the modules it is made of in ``named_children()`` (a Neuron names its own
    parameters in ``named_parameters()``); everything else follows from them."""

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The modules this one is made of, with their names."""
        return iter(())

    def named_modules(self) -> Iterator[tuple[str, Module]]:
        """This module (named "") and every module inside it, depth first.

        >>> import random; random.seed(0)
        >>> [name for name, _ in MLP(2, [1]).named_modules()]
        ['', 'layers.0', 'layers.0.neurons.0']
        """
        yield "", self
        for name, child in self.named_children():
            for inner, module in child.named_modules():
                yield (f"{name}.{inner}" if inner else name), module

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """Each parameter with its place in the model, in ``parameters()`` order.

        >>> import random; random.seed(0)
        >>> [name for name, _ in Neuron(2).named_parameters()]
        ['w.0', 'w.1', 'b']
        """
        for name, child in self.named_children():
            for inner, p in child.named_parameters():
                yield f"{name}.{inner}", p

    def parameters(self) -> list[Value]:
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0


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

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for i, w in enumerate(self.w):
            yield f"w.{i}", w
        yield "b", self.b

    @property
    def nin(self) -> int:
        return len(self.w)

    @classmethod
    def _of(cls, w: list[Value], b: Value, activation: str) -> Neuron:
        """A neuron with these parameters (no random draw)."""
        neuron = cls.__new__(cls)
        neuron.w, neuron.b = w, b
        neuron.activation, neuron.nonlin = activation, activation != "linear"
        return neuron

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

    @property
    def nin(self) -> int:
        return self.neurons[0].nin

    @classmethod
    def _of(cls, neurons: list[Neuron]) -> Layer:
        """A layer of these neurons."""
        layer = cls.__new__(cls)
        layer.neurons = neurons
        return layer

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for i, n in enumerate(self.neurons):
            yield f"neurons.{i}", n

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class _Stack(Module):
    """A module made of ``layers`` applied in turn (MLP and DenseMLP)."""

    layers: list

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for i, layer in enumerate(self.layers):
            yield f"layers.{i}", layer


class MLP(_Stack):
    """A multi-layer perceptron: ``MLP(nin, [hidden, ..., nout])``.

    Hidden layers use ``activation`` (ReLU by default), the last layer
    ``output_activation`` (linear by default). The model keeps its shape:
    ``nin``, ``nouts`` and ``activations`` (one per layer).

    >>> import random; random.seed(0)
    >>> model = MLP(2, [3, 1])
    >>> model
    MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]
    >>> model.nin, model.nouts, model.activations
    (2, [3, 1], ['relu', 'linear'])
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear"):
        _check_activation("activation", activation, "MLP")
        _check_activation("output_activation", output_activation, "MLP")
        self._keep_shape(nin, nouts, _default_activations(nouts, activation, output_activation))
        sizes = [self.nin] + self.nouts
        self.layers = [Layer(sizes[i], sizes[i + 1], activation=a)
                       for i, a in enumerate(self.activations)]

    @classmethod
    def from_parameters(cls, nin: int, nouts: Sequence[int], parameters: Sequence,
                        activations: Sequence[str] | None = None) -> MLP:
        """An MLP of this shape with the given parameter values (in ``parameters()``
        order) instead of random ones; Python's ``random`` generator is not used.
        ``activations`` gives each layer's, micrograd's ReLU then linear by default.

        >>> m = MLP.from_parameters(1, [1], [2.0, 0.5])
        >>> m([3.0]).data, m.nouts, m.activations
        (6.5, [1], ['linear'])
        """
        model = cls.__new__(cls)
        if activations is None:
            activations = _default_activations(nouts, "relu", "linear")
        model._keep_shape(nin, nouts, activations)
        fan_ins = [model.nin] + model.nouts[:-1]
        expected = sum((a + 1) * b for a, b in zip(fan_ins, model.nouts))
        if len(parameters) != expected:
            raise ValueError(f"MLP.from_parameters: MLP({nin}, {model.nouts}) has {expected} "
                             f"parameters, got {len(parameters)} values")
        values = iter(parameters)
        model.layers = [Layer._of([Neuron._of([Value(next(values)) for _ in range(fan_in)],
                                              Value(next(values)), a) for _ in range(size)])
                        for fan_in, size, a in zip(fan_ins, model.nouts, model.activations)]
        return model

    def _keep_shape(self, nin, nouts, activations) -> None:
        """Check the shape and keep it: ``nin``, ``nouts`` and each layer's activation."""
        name = type(self).__name__
        check_count(name, "nin", nin, of="units")
        if isinstance(nouts, (int, str)) or len(nouts) == 0:
            raise ValueError(f"{name}(nin, nouts): nouts must be a non-empty list of layer sizes "
                             f"such as [16, 16, 1], got {nouts!r}")
        for n in nouts:
            check_count(name, "each layer size in nouts", n, of="units")
        if len(activations) != len(nouts):
            raise ValueError(f"{name}: {len(nouts)} layers need {len(nouts)} activations, got "
                             f"{list(activations)!r}")
        for a in activations:
            _check_activation("activation", a, name)
        self.nin, self.nouts, self.activations = int(nin), list(map(int, nouts)), list(activations)

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


def _default_activations(nouts, hidden: str, output: str) -> list[str]:
    """``hidden`` for every layer but the last, ``output`` for the last."""
    depth = 1 if isinstance(nouts, (int, str)) or not hasattr(nouts, "__len__") else len(nouts)
    return [hidden] * (depth - 1) + [output]


def _check_activation(name: str, activation, where: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: {name} must be one of {', '.join(ACTIVATIONS)}; "
                         f"got {activation!r}")


def _as_inputs(x, n: int, who: Neuron):
    """The inputs of a neuron, checked (micrograd's zip would cut them short)."""
    inputs = "input" if n == 1 else "inputs"
    if isinstance(x, (Value, numbers.Real)):
        x = (x,)
    elif getattr(x, "ndim", 1) >= 2 or (isinstance(x, (list, tuple)) and len(x) > 0
                                         and isinstance(x[0], (list, tuple))):
        shape = getattr(x, "shape", None) or (len(x), len(x[0]))
        raise ValueError(f"{who} takes one sample of {n} {inputs}, got a table of shape "
                         f"{tuple(shape)}: call it on one row, model(X[i]), or on all rows at once "
                         f"with one batch per input, model([Value(X[:, j]) for j in range({n})])")
    elif isinstance(x, (str, bytes, dict, set)) or not hasattr(x, "__iter__"):
        raise TypeError(f"{who} takes a list of {n} numbers or Values, got "
                        f"{type(x).__name__} {x!r:.60}")
    elif not hasattr(x, "__len__"):
        x = tuple(x)
    if len(x) != n:
        raise ValueError(f"{who} expects {n} {inputs}, got {len(x)}: "
                         f"give one number or Value per input")
    return x


class Linear(Module):
    """A layer as one matrix: ``activation(x @ weight.T + bias)``, the product
    ``x @ weight.T`` being one node (``Value.matmul_t``).

    ``weight`` is a Value of shape (nout, nin) whose row i is neuron i's ``w``,
    ``bias`` a Value of shape (nout,). The weights are drawn as ``Layer(nin, nout)``
    draws them, neuron after neuron, so after the same seed both hold the same
    numbers. ``x`` of shape (n, nin), n samples, gives (n, nout); one sample of
    shape (nin,) gives (nout,).

    >>> import random; random.seed(0)
    >>> layer = Linear(3, 2, activation="tanh")
    >>> layer, layer.weight.data.shape, layer(np.ones((5, 3))).data.shape
    (Linear(3, 2, activation='tanh'), (2, 3), (5, 2))
    """

    def __init__(self, nin: int, nout: int, activation: str = "relu"):
        check_count("Linear", "nin", nin, of="units")
        check_count("Linear", "nout", nout, of="units")
        _check_activation("activation", activation, "Linear")
        rows = [[random.uniform(-1, 1) for _ in range(nin)] for _ in range(nout)]
        self.weight = Value(np.array(rows, dtype=np.float64).reshape(nout, nin))
        self.bias = Value(np.zeros(nout))
        self.activation = activation

    @property
    def nin(self) -> int:
        return self.weight.data.shape[1]

    @property
    def nout(self) -> int:
        return self.weight.data.shape[0]

    def __call__(self, x) -> Value:
        shape = np.shape(x.data if isinstance(x, Value) else x)
        if len(shape) not in (1, 2) or shape[-1] != self.nin:
            raise ValueError(f"{self!r} expects samples of {self.nin} numbers, an array of shape "
                             f"(n, {self.nin}) or ({self.nin},); got shape {shape}")
        x = x if isinstance(x, Value) else Value(np.asarray(x, dtype=np.float64))
        return activate(x.matmul_t(self.weight) + self.bias, self.activation)

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        yield "weight", self.weight
        yield "bias", self.bias

    def __repr__(self) -> str:
        return f"Linear({self.nin}, {self.nout}, activation={self.activation!r})"


class DenseMLP(_Stack):
    """An MLP made of ``Linear`` layers: ``MLP``'s constructor and random draws,
    one matrix product per layer instead of one node per weight.

    After the same seed, ``DenseMLP(nin, nouts)`` holds the numbers ``MLP(nin, nouts)``
    holds and computes the same outputs (to rounding: a matrix product adds in
    another order); ``DenseMLP.from_mlp`` and ``to_mlp`` convert exactly. It
    takes an array of samples of shape (n, nin) and returns (n, nout).

    >>> import random; random.seed(0)
    >>> model = DenseMLP(2, [3, 1])
    >>> model
    DenseMLP of [Linear(2, 3, activation='relu'), Linear(3, 1, activation='linear')]
    >>> model(np.zeros((4, 2))).data.shape
    (4, 1)
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear"):
        _check_activation("activation", activation, "DenseMLP")
        _check_activation("output_activation", output_activation, "DenseMLP")
        MLP._keep_shape(self, nin, nouts,
                        _default_activations(nouts, activation, output_activation))
        sizes = [self.nin] + self.nouts
        self.layers = [Linear(sizes[i], sizes[i + 1], activation=a)
                       for i, a in enumerate(self.activations)]

    @classmethod
    def from_mlp(cls, mlp: MLP) -> DenseMLP:
        """The dense model holding exactly the numbers of ``mlp``, a scalar ``MLP``."""
        if not isinstance(mlp, MLP):
            raise TypeError(f"DenseMLP.from_mlp(mlp): mlp must be an MLP, got "
                            f"{type(mlp).__name__}")
        model = cls.__new__(cls)
        MLP._keep_shape(model, mlp.nin, mlp.nouts, mlp.activations)
        model.layers = []
        for layer, a in zip(mlp.layers, mlp.activations):
            dense = Linear.__new__(Linear)
            dense.weight = Value(np.array([[w.data for w in n.w] for n in layer.neurons],
                                          dtype=np.float64))
            dense.bias = Value(np.array([n.b.data for n in layer.neurons], dtype=np.float64))
            dense.activation = a
            model.layers.append(dense)
        return model

    def to_mlp(self) -> MLP:
        """The scalar ``MLP`` holding exactly these numbers (one Value per weight)."""
        values = [x for layer in self.layers
                  for w, b in zip(layer.weight.data.tolist(), layer.bias.data.tolist())
                  for x in w + [b]]
        return MLP.from_parameters(self.nin, self.nouts, values, self.activations)

    @classmethod
    def from_parameters(cls, nin: int, nouts: Sequence[int], parameters: Sequence,
                        activations: Sequence[str] | None = None) -> DenseMLP:
        """``MLP.from_parameters`` for a dense model: the values in ``MLP.parameters()``
        order (each neuron's weights, then its bias), as float64 arrays.

        >>> m = DenseMLP.from_parameters(2, [1], [2.0, 3.0, 0.5])
        >>> m.layers[0].weight.data.tolist(), m.layers[0].bias.data.tolist(), m.activations
        ([[2.0, 3.0]], [0.5], ['linear'])
        """
        model = cls.__new__(cls)
        if activations is None:
            activations = _default_activations(nouts, "relu", "linear")
        MLP._keep_shape(model, nin, nouts, activations)
        fan_ins = [model.nin] + model.nouts[:-1]
        expected = sum((a + 1) * b for a, b in zip(fan_ins, model.nouts))
        if len(parameters) != expected:
            raise ValueError(f"DenseMLP.from_parameters: DenseMLP({nin}, {model.nouts}) has "
                             f"{expected} parameters, got {len(parameters)} values")
        try:
            values, start, model.layers = np.asarray(parameters, dtype=np.float64), 0, []
        except (TypeError, ValueError):
            raise TypeError(f"DenseMLP.from_parameters: parameters must be numbers, got "
                            f"{reprlib.repr(list(parameters))}") from None
        for fan_in, size, a in zip(fan_ins, model.nouts, model.activations):
            rows = values[start:start + size * (fan_in + 1)].reshape(size, fan_in + 1)
            start += size * (fan_in + 1)
            layer = Linear.__new__(Linear)
            layer.weight, layer.bias = Value(rows[:, :fan_in].copy()), Value(rows[:, fan_in].copy())
            layer.activation = a
            model.layers.append(layer)
        return model

    def __repr__(self) -> str:
        return f"DenseMLP of [{', '.join(repr(layer) for layer in self.layers)}]"


__all__ = ["Module", "Neuron", "Layer", "MLP", "Linear", "DenseMLP", "ACTIVATIONS", "activate"]
