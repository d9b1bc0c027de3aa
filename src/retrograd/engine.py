"""The autograd engine: ``Value``, the table of operations, and ``backward()``.

Every operation is one row of ``OPS``: its forward value, its local
derivative with respect to each operand (the slope of the result when that
operand alone moves), the name its nodes carry, and the same derivative in
words for the chain-rule sentences of ``retrograd.steps``. A result node
stores its operands and those local derivatives as plain data;
``backward()`` visits the nodes from the output back to the inputs and
applies the chain rule: operand.grad += d(node)/d(operand) * node.grad.

There is no closure per node, so a graph holds no reference cycles and is
freed by reference counting as soon as the last name pointing at it goes
away. A node may still be given its own ``_backward`` closure, as in
micrograd and the lessons: ``backward()`` calls it instead.

The rows compute with ``m``, the arithmetic of their operands:
``scalar_math`` for Python numbers (IEEE results where Python would raise),
``batch`` for numpy arrays of any shape, with numpy's broadcasting. To add
an operation, add a row and a method line; see ``sin``. Sums, ``@``, ``v[idx]``
and the like record a ``retrograd.shapes.Pullback`` as their local derivative.

>>> a, b = Value(2.0), Value(-3.0)
>>> L = (a * b + 10.0) * -2.0
>>> L.backward()
>>> L.data, a.grad, b.grad
(-8.0, 6.0, -4.0)
"""

from __future__ import annotations

from fractions import Fraction
from types import FunctionType
from typing import Callable, Iterable, NamedTuple, Union

from . import batch, scalar_math, shapes
from .batch import ACCEPTED as _ACCEPTED, as_data as _as_data, is_batch, ndarray

Number = Union[int, float, Fraction]


class Op(NamedTuple):
    """One operation. ``rule(m, x[, y])`` gives its result and the local derivative
    of the result with respect to each operand: ``(out, dout/dx[, dout/dy])``,
    computed with ``m``, the arithmetic of the operands. ``words`` says each local
    derivative in words of the operands ``{a}``, ``{b}`` and the result ``{out}``;
    ``formula`` is how the result reads; ``domain`` is where the operation is
    smooth, for each operand (its tests draw inputs there)."""

    name: str
    rule: Callable
    words: tuple
    formula: str
    domain: tuple = ((-5.0, 5.0),)


def _pow(m, x, y):
    """x**y; d/dx = y·x**(y-1), 0 for y = 0; d/dy = x**y·log(x), 0 for x = 0 <= y
    (PyTorch's conventions at those points)."""
    out = m.power(x, y)
    return (out, m.where(y == 0, 0, y * m.power(x, y - 1)),
            m.where((x == 0) & (y >= 0), 0, m.real(out) * m.log(x)))


_R = (-5.0, 5.0)

# name      the node's _op  result, then d(result)/d(each operand)   the same in words
OPS = {
    "add": Op("+", lambda m, x, y: (x + y, 1, 1), ("1", "1"), "{a} + {b}", (_R, _R)),
    "mul": Op("*", lambda m, x, y: (x * y, y, x), ("{b}", "{a}"), "{a} * {b}", (_R, _R)),
    "pow": Op("**", _pow, ("{b}·{a}**({b} - 1)", "{a}**{b}·log({a})"), "{a}**{b}",
              ((0.1, 5.0), (-3.0, 3.0))),
    "exp": Op("exp", lambda m, x: (o := m.exp(x), o), ("exp({a}) = {out}",), "exp({a})"),
    "log": Op("log", lambda m, x: (m.log(x), m.reciprocal(x)), ("1/{a}",), "log({a})",
              ((0.05, 50.0),)),
    "tanh": Op("tanh", lambda m, x: (o := m.tanh(x), 1 - o * o), ("1 - {out}²",), "tanh({a})"),
    "sigmoid": Op("sigmoid", lambda m, x: (o := m.sigmoid(x), o * (1 - o)),
                  ("{out}·(1 - {out})",), "sigmoid({a})"),
    "relu": Op("ReLU", lambda m, x: (o := m.relu(x), m.step(o)), ("(1 if {a} > 0 else 0)",),
               "ReLU({a})"),
    "sin": Op("sin", lambda m, x: (m.sin(x), m.cos(x)), ("cos({a})",), "sin({a})"),
    "cos": Op("cos", lambda m, x: (m.cos(x), -m.sin(x)), ("-sin({a})",), "cos({a})"),
    "abs": Op("abs", lambda m, x: (m.abs(x), m.sign(x)), ("sign({a})",), "abs({a})"),
}

# The one-operand rows: the functions the expression reader of `retrograd graph` knows.
FUNCTIONS = tuple(name for name, op in OPS.items() if len(op.words) == 1)


def _method(name: str):
    """The Value method of the row ``OPS[name]``: the node of that operation on
    ``self`` (and ``other``, a plain number being wrapped as a leaf)."""
    op = OPS[name]
    rule, label = op.rule, op.name

    def unary(self: Value) -> Value:
        x = self.data
        if type(x) is not ndarray:
            try:
                out, d = rule(scalar_math, x)
            except OverflowError:  # an int beyond the float range: as ±inf
                out, d = rule(scalar_math, scalar_math.real(x))
        else:
            out, d = batch.compute(op.rule, op.name, x)
        return _node(out, label, self, d)

    def binary(self: Value, other) -> Value:
        if not isinstance(other, Value):
            other = _leaf(_operand(other, label))
        x, y = self.data, other.data
        if type(x) is not ndarray and type(y) is not ndarray:
            try:
                out, da, db = rule(scalar_math, x, y)
            except OverflowError:  # an int beyond the float range met a float: as ±inf
                out, da, db = rule(scalar_math, scalar_math.real(x), scalar_math.real(y))
        else:
            out, da, db = batch.compute(op.rule, op.name, x, y)
        return _node(out, label, self, da, other, db)

    shared = unary if len(op.words) == 1 else binary
    # Each operation gets its own copy of the code: Python 3.11+ adapts a code object to
    # the kinds of Values it meets, and + meets results where * meets parameters.
    method = FunctionType(shared.__code__.replace(co_name=name), shared.__globals__, name,
                          None, shared.__closure__)
    method.__qualname__, method.__annotations__ = name, dict(shared.__annotations__)
    method.__doc__ = f"{op.formula.format(a='self', b='other')}, a new node of the graph."
    return method


_new = object.__new__
_pow_values = _method("pow")


class Value:
    """A number that remembers how it was computed, and its gradient.

    ``Value(data, _children=(), _op='')`` is micrograd's constructor; ``label``
    names the node in drawings. ``data`` may be an ``int``, a ``float`` or a
    ``fractions.Fraction``: sums, products, quotients and integer powers stay
    exact, the other functions give floats. ``data`` may also be a numpy array
    of any shape (see ``retrograd.batch``). Any other attribute may be set on a
    Value, as on micrograd's (an optimizer's ``p.m``, a ``_backward`` closure),
    except on the results of operations, which keep to their slots.

    >>> x = Value(3.0, label='x')
    >>> y = x * x * x
    >>> y.backward()
    >>> x.grad
    27.0
    """

    # A node keeps its operands in _a and _b and the local derivatives d(self)/d(a),
    # d(self)/d(b) in _da and _db: plain slots (no tuple per node) keep a node small
    # and give Python's garbage collector one object per node to look at.
    __slots__ = ("data", "grad", "label", "_op", "_a", "_da", "_b", "_db")
    # numpy scalars defer to Value's reflected operators: np.float64(2) * v is a Value.
    __array_ufunc__ = None

    def __new__(cls, *args, **kwargs):  # Value(...) takes any attribute; results: slots only
        return _new(_OpenValue if cls is Value else cls)

    def __init__(self, data: Number, _children: Iterable[Value] = (), _op: str = "",
                 label: str = ""):
        self.data = _as_data(data, "Value(data)")
        self.grad = 0
        self.label = label
        self._op = _op
        children = tuple(_children)
        if len(children) > 2 or not all(isinstance(c, Value) for c in children):
            raise ValueError(f"Value(data, _children): _children must hold at most two Values "
                             f"(the operands of one operation), got {children!r}")
        # Built by hand: no local derivatives, so no gradient passed on but by a _backward.
        self._a, self._b = (children + (None, None))[:2]
        self._da = self._db = None

    @property
    def operands(self) -> tuple[Value, ...]:
        """The operands this value was computed from, in order (drawings use it)."""
        return () if self._a is None else (self._a,) if self._b is None else (self._a, self._b)

    @property
    def local_grads(self) -> tuple:
        """d(self)/d(each operand), in the order of ``operands``, as the operation
        recorded them; () for a leaf or a node built by hand."""
        return () if self._da is None else (self._da,) if self._b is None else (self._da, self._db)

    @property
    def _prev(self) -> set[Value]:
        """The operands as a set, as micrograd keeps them: ``(a * b)._prev == {a, b}``."""
        return set(self.operands)

    def __repr__(self) -> str:
        return f"Value(data={scalar_math.show(self.data)}, grad={scalar_math.show(self.grad)})"

    # -- the operations: one method line each, the rule is in OPS ------------------

    __add__ = _method("add")
    __mul__ = _method("mul")
    exp = _method("exp")
    log = _method("log")
    tanh = _method("tanh")
    sigmoid = _method("sigmoid")
    relu = _method("relu")
    sin = _method("sin")
    cos = _method("cos")
    __abs__ = abs = _method("abs")

    def __pow__(self, other: Value | Number) -> Value:
        if isinstance(other, Value):
            return _pow_values(self, other)
        # A plain exponent stays a number, as in micrograd: one operand, op '**k'.
        k = _as_data(other, "Value ** exponent", _ACCEPTED)
        node = _pow_values(self, _leaf(k))  # then the exponent is dropped
        node._b = node._db = None
        node._op = "**" if is_batch(k) else f"**{k}"
        return node

    # -- on arrays, not number by number: the rules are in retrograd.shapes --------

    def sum(self, axis=None, keepdims: bool = False) -> Value:
        """The sum along ``axis`` (all numbers by default), as numpy's ``sum``; a
        number is its own sum, and so for ``mean``, ``max`` and ``logsumexp``."""
        return self._reduce("sum", shapes.total, axis, keepdims)

    def mean(self, axis=None, keepdims: bool = False) -> Value:
        return self._reduce("mean", shapes.mean, axis, keepdims)

    def max(self, axis=None, keepdims: bool = False) -> Value:
        """The maximum along ``axis``; tied maxima share the gradient, as PyTorch's amax."""
        return self._reduce("max", shapes.maximum, axis, keepdims)

    def logsumexp(self, axis=None, keepdims: bool = False) -> Value:
        """log(sum(exp(self))) along ``axis``, without overflow."""
        return self._reduce("logsumexp", shapes.logsumexp, axis, keepdims)

    def log_softmax(self, axis: int = -1) -> Value:
        """log(softmax(self)) along ``axis``: self - logsumexp, without overflow."""
        return self - self.logsumexp(axis, keepdims=True)

    def transpose(self, *axes) -> Value:
        """The axes in reverse order, or in the order ``axes`` gives, as numpy's."""
        if not is_batch(self.data):
            return self
        axes = axes[0] if len(axes) == 1 and not isinstance(axes[0], int) else axes
        return self._shaped("T", shapes.transpose, tuple(axes) or None)

    T = property(transpose, doc="The transpose: the axes in reverse order.")

    def reshape(self, *shape) -> Value:
        """The same numbers in another shape, as numpy's ``reshape``."""
        shape = shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape
        return self._shaped("reshape", shapes.reshape, shape)

    def __getitem__(self, idx) -> Value:
        """``v[idx]`` with ints, slices and integer arrays, as numpy's indexing."""
        return self._shaped("[]", shapes.index, idx)

    def __matmul__(self, other) -> Value:  # self @ other
        return self._product(other, shapes.matmul, "@")

    def matmul_t(self, other) -> Value:
        """``self @ other.T`` as one node, a dense layer's product (no transpose node)."""
        return self._product(other, shapes.matmul_t, "@ᵀ")

    def _product(self, other, rule, label: str) -> Value:
        other = other if isinstance(other, Value) else _leaf(_operand(other, label))
        out, da, db = rule(self.data, other.data)
        return _node(out, label, self, da, other, db)

    def __rmatmul__(self, other) -> Value:  # other @ self
        return _leaf(_operand(other, "@")) @ self

    def _reduce(self, label: str, rule, axis, keepdims: bool) -> Value:  # a number: itself
        return self._shaped(label, rule, axis, keepdims) if type(self.data) is ndarray else self

    def _shaped(self, label: str, rule, *args) -> Value:
        """The node of ``rule`` (a function of ``retrograd.shapes``) on this array."""
        if type(self.data) is not ndarray:
            raise TypeError(f"Value.{label}: this Value holds the number {self.data!r}, not an "
                            f"array; give it a numpy array to use {label}")
        out, local = rule(self.data, *args)
        return _node(out, label, self, local)

    # -- composed from the operations above, exactly as micrograd composes them ---

    def __neg__(self) -> Value:  # -self
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:  # self - other
        return self + (-_operand(other, "-"))

    def __truediv__(self, other: Value | Number) -> Value:  # self / other
        other = _operand(other, "/")
        if isinstance(other, Value):
            return self * other**-1
        return self * (batch if is_batch(other) else scalar_math).power(other, -1)

    def __radd__(self, other: Number) -> Value:  # other + self
        return self + other

    def __rmul__(self, other: Number) -> Value:  # other * self
        return self * other

    def __rsub__(self, other: Number) -> Value:  # other - self
        return _operand(other, "-") + (-self)

    def __rtruediv__(self, other: Number) -> Value:  # other / self
        return _operand(other, "/") * self**-1

    def __rpow__(self, other: Number) -> Value:  # other ** self
        return _leaf(_operand(other, "**")) ** self

    def __float__(self):
        raise TypeError("a Value is not converted to a float, which would cut it off its "
                        "graph: use v.exp(), v.log(), v.tanh()... instead of math's "
                        "functions, or v.data for the number itself")

    def __bool__(self) -> bool:
        if is_batch(self.data):
            raise TypeError(f"the truth value of an array of shape {self.data.shape} is "
                            f"ambiguous; compare .data elementwise (numpy) instead")
        return True  # like micrograd's Value, which defines no truth value

    # -- reverse mode -----------------------------------------------------------

    def backward(self, gradient: Number | None = None) -> None:
        """Fill ``.grad`` of every node this value depends on, by the chain rule.

        The seed d(self)/d(self) is ``gradient``, 1 by default: ``1.0`` in a graph
        that holds a float, so that its gradients are floats, and the exact ``1``
        in a graph of ints and Fractions. Leaves (inputs, parameters) accumulate
        across calls, as PyTorch's leaf tensors do; the gradients of intermediate
        nodes are computed afresh.

        >>> x = Value(3.0)
        >>> y = x * x * x
        >>> y.backward(); y.backward()
        >>> x.grad
        54.0
        """
        order = topological_order(self)
        gradient, zero = seed(order, gradient)
        for node in order:
            if node._a is not None:
                node.grad = zero
        self.grad += gradient
        with batch.quiet():  # inf * 0 in a batch is nan, as for scalars, without a warning
            _propagate(reversed(order))

    def _backward(self) -> None:
        """One step of the chain rule: pass this node's gradient to its operands.
        (A closure set on a Value built by hand takes its place, as in micrograd.)"""
        if self._da is not None:
            _propagate((self,))


class _OpenValue(Value):
    """A Value built by the program itself: it also takes any other attribute.
    (A __dict__ on every node would make a graph's nodes a fifth larger.)"""

    __slots__ = ("__dict__",)


_OpenValue.__name__ = _OpenValue.__qualname__ = "Value"  # what it is, for the user


def seed(order: list[Value], gradient=None) -> tuple:
    """The gradient ``backward()`` starts from at the root ``order[-1]`` (1 by
    default) and the zero it gives the other nodes: floats in a graph that
    holds a float, so that all its gradients are floats, the exact ``1`` and
    ``0`` in a graph of ints and Fractions."""
    exact = all(type(n.data) is int or type(n.data) is Fraction for n in order)
    if gradient is None:
        gradient = 1 if exact else 1.0
    else:
        gradient = _as_data(gradient, "backward(gradient)")
    if is_batch(order[-1].data) and not is_batch(gradient):
        raise ValueError(f"backward() of an array of shape {order[-1].data.shape}: reduce it to "
                         f"one number first (.sum() or .mean()), or pass gradient=array")
    return gradient, 0 if exact else 0.0


def chain(operand: Value, local, upstream):
    """What a node passes to its ``operand``: ``local`` (d node/d operand) times
    ``upstream`` (d root/d node), or ``local`` applied to it for a ``shapes.Pullback``,
    summed back to the operand's shape if broadcasting stretched it. ``backward()``
    does this (written out in ``_propagate``), and so does ``retrograd.steps``."""
    contribution = local * upstream
    if type(contribution) is ndarray:
        return batch.unbroadcast(contribution, operand.data)
    return contribution


def _propagate(nodes: Iterable[Value]) -> None:
    """The chain rule at each of ``nodes`` in turn, ``operand.grad += chain(...)``
    for each operand, with ``chain`` written out: this loop is half of training."""
    for node in nodes:
        da = node._da
        if da is None:  # a leaf, or a node built by hand: its own _backward, if any
            if node._a is not None:
                node._backward()
            continue
        g = node.grad
        a = node._a
        c = da * g
        a.grad = a.grad + c if type(c) is not ndarray else batch.accumulate(a.grad, c, a.data)
        b = node._b
        if b is not None:
            c = node._db * g
            b.grad = b.grad + c if type(c) is not ndarray else batch.accumulate(b.grad, c, b.data)


def _node(data, op: str, a: Value | None, da, b: Value | None = None, db=None) -> Value:
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


def operation(node: Value) -> Op | None:
    """The row of ``OPS`` that made ``node``, or None for a leaf or a node built by
    hand (a plain exponent's ``**k`` node is the ``pow`` row)."""
    op = node._op
    if op.startswith("**"):
        return OPS["pow"]
    return _BY_NAME.get(op) if node._da is not None else None


_BY_NAME = {op.name: op for op in OPS.values()}


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
    push, pop, seen = stack.append, stack.pop, visited.add  # names looked up once
    while stack:
        node = pop()
        if node is None:  # a marker: the operands of the node below it are all ordered
            order.append(pop())
            continue
        while node not in visited:  # down the first operands, without the stack
            seen(node)
            a = node._a
            if a is None:  # a leaf
                order.append(node)
                break
            push(node)
            push(None)
            b = node._b
            if b is not None and b not in visited:
                push(b)
            node = a
    return order


def _operand(x, op: str) -> Value | Number:
    """The other operand of ``op``, checked: a Value, a number or a batch."""
    if isinstance(x, Value) or type(x) is float or type(x) is int:
        return x
    try:
        return _as_data(x, op)
    except TypeError:
        raise TypeError(f"Value {op} {type(x).__name__}: cannot combine a Value with {x!r}; "
                        f"the other operand must be {_ACCEPTED}") from None


def _leaf(x) -> Value:
    """A plain number (or batch) operand, as a leaf Value."""
    return x if isinstance(x, Value) else _node(x, "", None, None)


__all__ = ["Value", "Op", "OPS", "FUNCTIONS", "chain", "seed", "operation",
           "topological_order", "Number"]
