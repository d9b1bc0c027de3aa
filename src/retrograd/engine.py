"""The autograd engine: a scalar ``Value`` and reverse-mode differentiation.

Every operation below is one short block: it computes the forward value and,
right beside it, the local derivative of the result with respect to each
operand. The result node stores its operands and those local derivatives as
plain data; ``backward()`` visits the nodes from the output back to the inputs
and applies the chain rule: operand.grad += d(node)/d(operand) * node.grad.

There is no closure per node, so a graph holds no reference cycles and is freed
by reference counting as soon as the last name pointing at it goes away.

The arithmetic itself lives in ``scalar_math`` (IEEE results for plain numbers)
and ``batch`` (the same rules elementwise on numpy arrays, for a Value that
holds a batch of independent samples).

>>> a, b = Value(2.0), Value(-3.0)
>>> L = (a * b + 10.0) * -2.0
>>> L.backward()
>>> L.data, a.grad, b.grad
(-8.0, 6.0, -4.0)
"""

from __future__ import annotations

import contextlib
import numbers
from fractions import Fraction
from typing import Iterable, Union

from . import scalar_math

Number = Union[int, float, Fraction]


class Value:
    """A number that remembers how it was computed, and its gradient.

    ``Value(data, _children=(), _op='')`` is micrograd's constructor; ``label``
    names the node in drawings. ``data`` may be an ``int``, a ``float`` or a
    ``fractions.Fraction``: sums, products, quotients and integer powers stay
    exact, transcendental functions (exp, log, tanh, sigmoid) give floats.
    ``data`` may also be a one-dimensional numpy array: a batch of samples
    computed at once (see ``retrograd.batch``).

    >>> x = Value(3.0, label='x')
    >>> y = x * x * x
    >>> y.backward()
    >>> x.grad
    27.0
    """

    # Every operation has one or two operands: a node keeps them in _a and _b
    # and the local derivatives d(self)/d(a), d(self)/d(b) in _da and _db.
    # Plain slots (no tuple per node) keep a node small and give Python's
    # garbage collector one object per node to look at.
    __slots__ = ("data", "grad", "label", "_op", "_a", "_da", "_b", "_db")
    # numpy scalars defer to Value's reflected operators: np.float64(2) * v is a Value.
    __array_ufunc__ = None

    def __init__(self, data: Number, _children: Iterable[Value] = (), _op: str = "",
                 label: str = ""):
        self.data = _check_number(data)
        self.grad = 0
        self.label = label
        self._op = _op
        children = tuple(_children)
        if len(children) > 2 or not all(isinstance(c, Value) for c in children):
            raise ValueError(f"Value(data, _children): _children must hold at most two Values "
                             f"(the operands of one operation), got {children!r}")
        # A node built by hand has no recorded local derivatives (None): like
        # micrograd's, it passes no gradient on to its children.
        self._a, self._b = (children + (None, None))[:2]
        self._da = self._db = None

    @property
    def _prev(self) -> tuple[Value, ...]:
        """The operands this value was computed from, in order (micrograd's name)."""
        if self._a is None:
            return ()
        return (self._a,) if self._b is None else (self._a, self._b)

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # -- operations: forward value, then d(out)/d(each operand) ------------------

    def __add__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "+")
        try:
            data = self.data + other.data
        except ValueError:  # numpy: batches of different lengths
            raise _batch.length_error("+", self.data, other.data) from None
        return _node(data, "+", self, 1, other, 1)

    def __mul__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "*")
        try:
            data = self.data * other.data
        except ValueError:  # numpy: batches of different lengths
            raise _batch.length_error("*", self.data, other.data) from None
        return _node(data, "*", self, other.data, other, self.data)

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            x, y = self.data, other.data
            m = _math(x, y)
            out = m.power(x, y)
            return _node(out, "**", self, m.power_slope(x, y), other, m.exponent_slope(x, y, out))
        k = _check_number(other, "Value ** exponent", _ACCEPTED)
        m = _math(self.data, k)
        op = f"**{k}" if type(k) is not _ndarray else "**"  # a batch of exponents: no digits
        return _node(m.power(self.data, k), op, self, m.power_slope(self.data, k))

    def exp(self) -> Value:
        e = _math(self.data).exp(self.data)
        return _node(e, "exp", self, e)

    def log(self) -> Value:
        m = _math(self.data)
        return _node(m.log(self.data), "log", self, m.reciprocal(self.data))

    def tanh(self) -> Value:
        t = _math(self.data).tanh(self.data)
        return _node(t, "tanh", self, 1 - t * t)

    def sigmoid(self) -> Value:
        s = _math(self.data).sigmoid(self.data)
        return _node(s, "sigmoid", self, s * (1 - s))

    def relu(self) -> Value:
        out, slope = _math(self.data).relu(self.data)
        return _node(out, "ReLU", self, slope)

    def sum(self) -> Value:
        """The sum of a batch, as a scalar Value (a scalar is its own sum)."""
        if type(self.data) is not _ndarray:
            return self
        total, slope = _batch.total(self.data)
        return _node(total, "sum", self, slope)

    def mean(self) -> Value:
        """The mean of a batch, as a scalar Value (a scalar is its own mean)."""
        if type(self.data) is not _ndarray:
            return self
        average, slope = _batch.mean(self.data)
        return _node(average, "mean", self, slope)

    # -- composed from the operations above, exactly as micrograd composes them ---

    def __neg__(self) -> Value:  # -self
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:  # self - other
        return self + (-_operand(other, "-"))

    def __truediv__(self, other: Value | Number) -> Value:  # self / other
        other = _operand(other, "/")
        return self * (other**-1 if isinstance(other, Value) else _math(other).power(other, -1))

    def __radd__(self, other: Number) -> Value:  # other + self
        return self + other

    def __rmul__(self, other: Number) -> Value:  # other * self
        return self * other

    def __rsub__(self, other: Number) -> Value:  # other - self
        return _operand(other, "-") + (-self)

    def __rtruediv__(self, other: Number) -> Value:  # other / self
        return _operand(other, "/") * self**-1

    def __rpow__(self, other: Number) -> Value:  # other ** self
        return _constant(other, "**") ** self

    def __float__(self) -> float:
        if type(self.data) is _ndarray:
            raise TypeError(f"float() of a batch of {self.data.shape[0]} values: reduce it first "
                            f"with .sum() or .mean(), or read the numbers in .data")
        return float(self.data)

    def __bool__(self) -> bool:
        if type(self.data) is _ndarray:
            raise TypeError(f"the truth value of a batch of {self.data.shape[0]} values is "
                            f"ambiguous; compare .data elementwise (numpy) instead")
        return True  # like micrograd's Value, which defines no truth value

    # -- reverse mode -----------------------------------------------------------

    def backward(self, gradient: Number = 1) -> None:
        """Fill ``.grad`` of every node this value depends on, by the chain rule.

        Leaves (inputs, parameters) accumulate across calls, as PyTorch's leaf
        tensors do; the gradients of intermediate nodes are computed afresh.

        >>> x = Value(3.0)
        >>> y = x * x * x
        >>> y.backward(); y.backward()
        >>> x.grad
        54.0
        """
        gradient = _check_number(gradient, "backward(gradient)")
        if type(self.data) is _ndarray and type(gradient) is not _ndarray:
            raise ValueError(f"backward() of a batch of {self.data.shape[0]} values: reduce it "
                             f"to one number first (.sum() or .mean()), or pass gradient=array")
        order = topological_order(self)
        for node in order:
            if node._a is not None:
                node.grad = 0
        self.grad += gradient
        with _quiet_numpy():  # inf * 0 in a batch is nan, as for scalars, without a warning
            for node in reversed(order):
                node._backward()

    def _backward(self) -> None:
        """One step of the chain rule: pass this node's gradient to its operands."""
        if self._da is not None:
            self._a.grad += self._da * self.grad
            if self._b is not None:
                self._b.grad += self._db * self.grad


_new = object.__new__


class _BatchNode(Value):
    """A Value whose data is a batch; a scalar operand receives the batch's summed gradient."""

    __slots__ = ()

    def _backward(self) -> None:
        if self._da is not None:
            self._a.grad += _batch.reduce_to(self._a.data, self._da * self.grad)
            if self._b is not None:
                self._b.grad += _batch.reduce_to(self._b.data, self._db * self.grad)


def _node(data, op: str, a: Value | None, da, b: Value | None = None, db=None) -> Value:
    """The result of operation ``op`` on operands ``a`` (and ``b``), with its local
    derivatives ``da`` (and ``db``)."""
    out = _new(Value if type(data) is not _ndarray else _BatchNode)
    out.data = data
    out.grad = 0
    out.label = ""
    out._op = op
    out._a = a
    out._da = da
    out._b = b
    out._db = db
    return out


def _constant(x, op: str) -> Value:
    """A plain number (or batch) operand of ``op``, wrapped as a leaf Value."""
    return _node(_operand(x, op), "", None, None)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each one after all of its operands.

    A depth-first walk, first operand first, with an explicit stack instead of
    recursion, so a chain of a million operations needs no deep Python stack.

    >>> a = Value(1.0); b = a + a
    >>> [v.data for v in topological_order(b * b)]
    [1.0, 2.0, 4.0]
    """
    order: list[Value] = []
    visited: set[Value] = set()
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is None:  # a marker: the operands of the node below it are all ordered
            order.append(stack.pop())
            continue
        if node in visited:
            continue
        visited.add(node)
        stack.append(node)
        stack.append(None)
        a, b = node._a, node._b
        if b is not None and b not in visited:
            stack.append(b)
        if a is not None and a not in visited:
            stack.append(a)
    return order


# -- what a Value may hold: numbers, and batches of them --------------------------

_NUMBERS = "an int, a float, a fractions.Fraction or a one-dimensional numpy array (a batch)"
_ACCEPTED = "a Value, an int, a float, a fractions.Fraction or a one-dimensional numpy array"


class _NoBatchYet:
    """Stands in for numpy's array type until the first batch is made."""


# A batch is a numpy array; numpy and retrograd.batch are loaded with the first one,
# so that scalar programs never import numpy.
_ndarray: type = _NoBatchYet
_batch = None


def _math(x, y=None):
    """The functions to compute with: ``scalar_math``, or ``batch`` if x or y is a batch."""
    if type(x) is _ndarray or type(y) is _ndarray:
        return _batch
    return scalar_math


def _quiet_numpy():
    """A context without numpy's floating-point warnings, once batches exist."""
    return _batch.quiet() if _batch is not None else contextlib.nullcontext()


def _check_number(x, where: str = "Value(data)", accepted: str = _NUMBERS) -> Number:
    global _batch, _ndarray
    if type(x) is float or type(x) is int:
        return x
    if getattr(x, "ndim", None) == 0:  # a numpy 0-d array holds one number
        x = x.item()
    elif getattr(x, "ndim", 0) >= 1:  # an array: a batch, if numpy's
        from . import batch
        if isinstance(x, batch.ndarray):
            _batch, _ndarray = batch, batch.ndarray
            return batch.as_batch(x, where)
        raise TypeError(f"{where}: got an array of type {type(x).__name__}; a batch is a "
                        f"one-dimensional numpy array (convert it with numpy.asarray, or "
                        f".numpy() for a torch tensor)")
    if not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: got {x!r} of type {type(x).__name__}; expected {accepted}")
    if isinstance(x, float):  # numpy.float64 and other float subclasses
        return float(x)
    if isinstance(x, numbers.Integral):  # numpy integers
        return int(x)
    if isinstance(x, numbers.Rational):  # Fraction: stays exact
        return x
    return float(x)  # numpy.float32 and other real numbers


def _operand(x, op: str) -> Value | Number:
    """The other operand of ``op``, checked: a Value, a number or a batch."""
    if isinstance(x, Value) or type(x) is float or type(x) is int or type(x) is _ndarray:
        return x
    try:
        return _check_number(x, op)
    except TypeError:
        raise TypeError(f"Value {op} {type(x).__name__}: cannot combine a Value with {x!r}; "
                        f"the other operand must be {_ACCEPTED}") from None


__all__ = ["Value", "topological_order", "Number"]
