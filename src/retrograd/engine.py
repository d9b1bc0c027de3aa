"""The autograd engine: a scalar ``Value`` and reverse-mode differentiation.

Every operation below is one short block: it computes the forward value and,
right beside it, the local derivative of the result with respect to each
operand. The result node stores its operands and those local derivatives as
plain data; ``backward()`` visits the nodes from the output back to the inputs
and applies the chain rule: operand.grad += d(node)/d(operand) * node.grad.

There is no closure per node, so a graph holds no reference cycles and is freed
by reference counting as soon as the last name pointing at it goes away.

>>> a, b = Value(2.0), Value(-3.0)
>>> L = (a * b + 10.0) * -2.0
>>> L.backward()
>>> L.data, a.grad, b.grad
(-8.0, 6.0, -4.0)
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Iterable, Union

Number = Union[int, float, Fraction]


class Value:
    """A number that remembers how it was computed, and its gradient.

    ``Value(data, _children=(), _op='')`` is micrograd's constructor; ``label``
    names the node in drawings. ``data`` may be an ``int``, a ``float`` or a
    ``fractions.Fraction``: sums, products, quotients and integer powers stay
    exact, transcendental functions (exp, log, tanh, sigmoid) give floats.

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
        return _node(self.data + other.data, "+", self, 1, other, 1)

    def __mul__(self, other: Value | Number) -> Value:
        other = other if isinstance(other, Value) else _constant(other, "*")
        return _node(self.data * other.data, "*", self, other.data, other, self.data)

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            x, y = self.data, other.data
            out = _pow(x, y)
            # d/dy x**y = x**y * log(x), taken as 0 where x = 0 and y >= 0 (as PyTorch).
            dy = 0.0 if x == 0 and y >= 0 else out * _log(x)
            return _node(out, "**", self, _pow_slope(x, y), other, dy)
        k = _check_number(other, "Value ** exponent", _ACCEPTED)
        return _node(_pow(self.data, k), f"**{k}", self, _pow_slope(self.data, k))

    def exp(self) -> Value:
        e = _exp(self.data)
        return _node(e, "exp", self, e)

    def log(self) -> Value:
        return _node(_log(self.data), "log", self, _reciprocal(self.data))

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        return _node(t, "tanh", self, 1 - t * t)

    def sigmoid(self) -> Value:
        s = _sigmoid(self.data)
        return _node(s, "sigmoid", self, s * (1 - s))

    def relu(self) -> Value:
        out = 0 if self.data < 0 else self.data  # micrograd's: an int 0 below zero
        return _node(out, "ReLU", self, 1 if out > 0 else 0)

    # -- composed from the operations above, exactly as micrograd composes them ---

    def __neg__(self) -> Value:  # -self
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:  # self - other
        return self + (-_operand(other, "-"))

    def __truediv__(self, other: Value | Number) -> Value:  # self / other
        other = _operand(other, "/")
        return self * (other**-1 if isinstance(other, Value) else _pow(other, -1))

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
        return float(self.data)

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
        order = topological_order(self)
        for node in order:
            if node._a is not None:
                node.grad = 0
        self.grad += gradient
        for node in reversed(order):
            node._backward()

    def _backward(self) -> None:
        """One step of the chain rule: pass this node's gradient to its operands."""
        if self._da is not None:
            self._a.grad += self._da * self.grad
            if self._b is not None:
                self._b.grad += self._db * self.grad


_new = object.__new__


def _node(data, op: str, a: Value, da, b: Value | None = None, db=None) -> Value:
    """The result of operation ``op`` on operands ``a`` (and ``b``), with its local
    derivatives ``da`` (and ``db``)."""
    out = _new(Value)
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
    """A plain number operand of ``op``, wrapped as a leaf Value."""
    out = _new(Value)
    out.data = _operand(x, op)
    out.grad = 0
    out.label = ""
    out._op = ""
    out._a = out._da = out._b = out._db = None
    return out


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


# -- numbers in, numbers out: IEEE semantics, never a Python exception -----------

_NUMBERS = "an int, a float or a fractions.Fraction"
_ACCEPTED = "a Value, an int, a float or a fractions.Fraction"


def _check_number(x, where: str = "Value(data)", accepted: str = _NUMBERS) -> Number:
    if type(x) is float or type(x) is int:
        return x
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
    """The other operand of ``op``, checked: a Value or a number."""
    if isinstance(x, Value) or type(x) is float or type(x) is int:
        return x
    try:
        return _check_number(x, op)
    except TypeError:
        raise TypeError(f"Value {op} {type(x).__name__}: cannot combine a Value with {x!r}; "
                        f"the other operand must be {_ACCEPTED}") from None




def _is_odd_integer(y) -> bool:
    return y == y and y not in (math.inf, -math.inf) and y % 2 == 1


def _pow(x, y):
    """x ** y with IEEE results: inf instead of ZeroDivisionError or OverflowError, nan
    instead of a complex number."""
    try:
        out = x**y
    except ZeroDivisionError:  # 0 ** negative
        return math.copysign(math.inf, x) if _is_odd_integer(y) else math.inf
    except OverflowError:
        if x < 0 and not float(y).is_integer():
            return math.nan
        return -math.inf if x < 0 and _is_odd_integer(y) else math.inf
    return math.nan if isinstance(out, complex) else out


def _pow_slope(x, y):
    """d/dx x**y = y * x**(y-1); 0 for the constant x**0, as in PyTorch."""
    return 0 if y == 0 else y * _pow(x, y - 1)


def _exp(x) -> float:
    try:
        return math.exp(x)
    except OverflowError:  # a float above 709.78, or an int beyond the float range
        return math.inf if x > 0 else 0.0


def _log(x) -> float:
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def _reciprocal(x) -> float:
    try:
        return 1.0 / x
    except ZeroDivisionError:
        return math.copysign(math.inf, x)


def _sigmoid(x) -> float:
    if x >= 0:
        return 1.0 / (1.0 + _exp(-x))
    e = _exp(x)  # for x < 0 this cannot overflow
    return e / (1.0 + e)


__all__ = ["Value", "topological_order", "Number"]
