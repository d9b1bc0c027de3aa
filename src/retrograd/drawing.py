"""Pictures of computation graphs: the lessons' ``draw_dot``, made dependable.

``draw_dot(root)`` draws every Value ``root`` depends on as a record
``label | data | grad`` and every operation as a small node, as the lessons do.
The DOT text is the same in every run (nodes are named by their place in
``topological_order``, not by memory address), labels are escaped, and
parameters can be named by their place in a model. ``draw_collapsed`` draws a
network with one box per neuron (or per layer, ``retrograd.collapsed``);
``stepthrough_html`` writes a page that replays ``backward()`` one chain-rule
step at a time (``retrograd.stepthrough``). This module holds the full view
and what every drawing shares: Graphviz, record labels, names of Values.

Building a drawing needs only the Python package ``graphviz``; turning it into
SVG, PNG or PDF (``render``, or showing it in Jupyter) needs Graphviz's ``dot``
program. When ``dot`` is missing, rendering raises ``GraphvizNotFound``:
Graphviz's own message and the command that installs it.

>>> from retrograd import Value
>>> a, b = Value(2.0, label='a'), Value(-3.0, label='b')
>>> e = a * b; e.label = 'e'
>>> e.backward()
>>> print(draw_dot(e).source)  # doctest: +NORMALIZE_WHITESPACE
digraph {
	graph [rankdir=LR]
	v0 [label="{ a | data 2.0000 | grad -3.0000 }" shape=record]
	v1 [label="{ b | data -3.0000 | grad 2.0000 }" shape=record]
	v2 [label="{ e | data -6.0000 | grad 1.0000 }" shape=record]
	v2op [label="*"]
	v2op -> v2
	v0 -> v2op
	v1 -> v2op
}
<BLANKLINE>
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Callable

import graphviz

from .engine import Value, topological_order
from .files import atomic_write
from .neurons import model_names
from .nn import Module
from .rendering import GraphvizFailed, run_dot
from .steps import format_number

MAX_NODES = 1000
"""``draw_dot`` refuses graphs with more Values than this (pass ``max_nodes`` to change it)."""

MAX_STEP_NODES = 300
"""``stepthrough_html`` refuses graphs with more Values than this."""

_RANKDIRS = ("LR", "RL", "TB", "BT")
_RENDER_FORMATS = ("svg", "png", "pdf")


# -- Graphviz's dot program: finding it, and saying how to install it ---------------


def install_instructions() -> str:
    """The line that says how to install Graphviz (the README's command, and where to
    look on other systems).

    >>> print(install_instructions())
    sudo apt-get install graphviz   (macOS: brew install graphviz; others: graphviz.org/download)
    """
    return ("sudo apt-get install graphviz   (macOS: brew install graphviz; others: "
            "graphviz.org/download)")


class GraphvizNotFound(graphviz.ExecutableNotFound):
    """Graphviz's ``dot`` program is not installed (or not on PATH).

    A ``RuntimeError`` (and a ``graphviz.ExecutableNotFound``): Graphviz's own
    message, then one line that says how to install it.
    """

    def __init__(self, what: str = "render the graph"):
        RuntimeError.__init__(self, f"cannot {what}: {graphviz.ExecutableNotFound(['dot'])}\n"
                                    f"Install it with: {install_instructions()}")


@contextlib.contextmanager
def needs_dot(what: str):
    """Turn graphviz's bare ``ExecutableNotFound`` into ``GraphvizNotFound(what)``."""
    try:
        yield
    except GraphvizNotFound:
        raise
    except graphviz.ExecutableNotFound:
        raise GraphvizNotFound(what) from None


class Drawing(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose rendering says how to install Graphviz when
    ``dot`` is missing, instead of failing with a bare ``ExecutableNotFound``.
    In Jupyter it shows as an SVG picture, or, without ``dot``, as that message."""

    def pipe(self, format: str | None = None, encoding: str | None = None, **kwargs):
        """The picture as bytes (as text with ``encoding``), from ``dot`` run with
        ``retrograd.rendering``'s layout settings and time limit."""
        if kwargs:  # renderer, formatter, engine...: graphviz's own way
            with needs_dot("render the graph"):
                return super().pipe(format, encoding=encoding, **kwargs)
        with needs_dot("render the graph"):
            data = run_dot(self.source, format or self.format, "this graph")
        return data if encoding is None else data.decode(encoding)

    def render(self, *args, **kwargs):
        with needs_dot("render the graph"):
            return super().render(*args, **kwargs)

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except (GraphvizNotFound, GraphvizFailed) as e:
            return {"text/plain": str(e)}


def render(dot: graphviz.Digraph | graphviz.Source, path: str | os.PathLike) -> Path:
    """Write ``dot`` to ``path`` in the format its suffix names (.svg, .png or .pdf;
    .dot or .gv write the DOT text and need no Graphviz), atomically: an
    existing file is replaced only by the whole new one. Returns the path.

    Raises ``GraphvizNotFound`` (with install instructions) when ``dot`` is missing.

    >>> import tempfile, pathlib
    >>> from retrograd import Value
    >>> out = render(draw_dot(Value(1.0, label='x')), pathlib.Path(tempfile.mkdtemp()) / 'x.dot')
    >>> out.read_text().splitlines()[2]
    '\\tv0 [label="{ x | data 1.0000 | grad 0.0000 }" shape=record]'
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in _RENDER_FORMATS + ("dot", "gv"):
        raise ValueError(f"render(dot, path): cannot tell the format from {str(path)!r}; end the "
                         f"file name with .svg, .png, .pdf (or .dot/.gv for the DOT text)")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("dot", "gv"):
        return atomic_write(path, dot.source)
    with needs_dot(f"write {path.name}"):
        data = run_dot(dot.source, fmt, f"the graph of {path.name}")
    return atomic_write(path, data)


# -- record labels -----------------------------------------------------------------

_RECORD_SPECIAL = re.compile(r'([\\|{}<>"])')


def escape(text: str) -> str:
    """Text as a literal inside a record field: |{}<>" and backslash are escaped."""
    return _RECORD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))


def record(rows: list[list[str]], rankdir: str) -> str:
    """A record label of ``rows`` (lists of escaped fields), rows stacked, fields side by side.

    Graphviz flips a record's direction at each brace level and starts vertical
    when the graph runs left to right, so the braces depend on ``rankdir``. A
    single row is stacked instead (one field under the other) when the graph
    runs top to bottom: side by side, the boxes of one rank soon make the
    picture wider than a page.
    """
    across = [" | ".join(row) for row in rows]
    if rankdir in ("LR", "RL"):
        return " | ".join("{ " + row + " }" for row in across)
    if len(rows) == 1:
        return "{ " + across[0] + " }"
    return "{ " + " | ".join("{ " + row + " }" for row in across) + " }"


def value_label(v: Value, name: str, rankdir: str, digits: int, grad_text: str | None = None) -> str:
    grad = grad_text if grad_text is not None else format_number(v.grad, digits)
    return graphviz.nohtml(record(
        [[escape(name), f"data {escape(format_number(v.data, digits))}", f"grad {escape(grad)}"]],
        rankdir))


def check_common(root, rankdir: str, fmt: str, who: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"{who}(root): root must be a Value (the output of an expression), "
                        f"got {type(root).__name__}")
    if rankdir not in _RANKDIRS:
        raise ValueError(f"{who}: rankdir must be one of {', '.join(_RANKDIRS)}, got {rankdir!r}")
    if fmt not in graphviz.FORMATS:
        raise ValueError(f"{who}: format {fmt!r} is not a Graphviz output format; "
                         f"use 'svg', 'png' or 'pdf'")



# -- names of Values ------------------------------------------------------------------

def namer(order: list[Value], model, show_ids: bool) -> Callable[[Value], str]:
    """The text in a node's first field: its label, its name in the model, or its id."""
    names = model_names(order, model) if model is not None else {}
    index = {v: i for i, v in enumerate(order)}

    def name(v: Value) -> str:
        own, placed = v.label, names.get(v)
        if own and placed and own != placed:
            return f"{own} ({placed})"
        return own or placed or (f"v{index[v]}" if show_ids else "")

    return name


# -- the full view ---------------------------------------------------------------------


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR", model: Module | None = None,
             max_nodes: int = MAX_NODES, *, digits: int = 4, show_ids: bool = False) -> Drawing:
    """Draw ``root`` and every Value it depends on, as the lessons' ``draw_dot``.

    One record per Value (``label | data | grad``, numbers with ``digits``
    decimals; an array shows its first three numbers and its shape, as
    ``[0.5000, -1.0000, 1.0000, …] (2×2)``) and one small node per operation.
    Nodes are named ``v0, v1, ...`` in ``topological_order``, so the DOT text is
    the same in every run. ``model``: parameters show their name in the model
    (``layers.0.neurons.3.w.1``, ``layers.0.weight``) and the outputs of neurons
    and ``Linear`` layers their module, without changing any Value. ``show_ids``:
    unlabelled Values show their node name. Graphs with more than ``max_nodes``
    Values are refused: draw them with ``draw_collapsed``.

    Returns a ``graphviz.Digraph`` (Jupyter shows it); ``render(graph, 'L.svg')``
    writes it to a file.

    >>> from retrograd import Value
    >>> x = Value(0.5, label='x')
    >>> print(draw_dot(x.tanh(), rankdir='TB', show_ids=True).source)  # doctest: +NORMALIZE_WHITESPACE
    digraph {
        graph [rankdir=TB]
        v0 [label="{ x | data 0.5000 | grad 0.0000 }" shape=record]
        v1 [label="{ v1 | data 0.4621 | grad 0.0000 }" shape=record]
        v1op [label=tanh]
        v1op -> v1
        v0 -> v1op
    }
    """
    check_common(root, rankdir, format, "draw_dot")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"draw_dot: this graph has {len(order)} Values, more than max_nodes={max_nodes}; a "
            f"picture that big cannot be read. Draw one box per neuron with "
            f"retrograd.draw_collapsed(root, model) (or level='layer'), or pass "
            f"max_nodes={len(order)} to draw every Value anyway.")
    return full_graph(order, namer(order, model, show_ids), format, rankdir, digits)


def full_graph(order: list[Value], name: Callable[[Value], str], fmt: str, rankdir: str,
                digits: int, grad_texts: dict[Value, str] | None = None,
                ids: bool = False) -> Drawing:
    """The full view of ``order``; ``grad_texts`` overrides the grad shown, ``ids`` puts
    SVG ids on nodes (vN, vNop) and edges (eNa, eNb: operand to op node; eNop)."""
    index = {v: i for i, v in enumerate(order)}
    dot = Drawing(format=fmt, graph_attr={"rankdir": rankdir})
    for i, v in enumerate(order):
        grad = grad_texts.get(v) if grad_texts else None
        extra = {"id": f"v{i}"} if ids else {}
        dot.node(f"v{i}", value_label(v, name(v), rankdir, digits, grad), shape="record", **extra)
        if v._op:
            dot.node(f"v{i}op", v._op, **({"id": f"v{i}op"} if ids else {}))
            dot.edge(f"v{i}op", f"v{i}", **({"id": f"e{i}op"} if ids else {}))
        for slot, child in zip("ab", v.operands):
            dot.edge(f"v{index[child]}", f"v{i}op", **({"id": f"e{i}{slot}"} if ids else {}))
    return dot


__all__ = ["draw_dot", "render", "GraphvizNotFound", "Drawing", "install_instructions",
           "MAX_NODES", "MAX_STEP_NODES", "full_graph", "namer", "check_common", "record",
           "escape", "value_label", "needs_dot"]
