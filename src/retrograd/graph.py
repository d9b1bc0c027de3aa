"""Pictures of computation graphs: the lessons' ``draw_dot``, made dependable.

``draw_dot(root)`` draws every Value ``root`` depends on as a record
``label | data | grad`` and every operation as a small node, as the lessons do.
The DOT text is the same in every run (nodes are named by their place in
``topological_order``, not by memory address), labels are escaped, and
parameters can be named by their place in a model. ``draw_collapsed`` draws a
network with one box per neuron (or per layer); ``stepthrough_html`` writes a
page that replays ``backward()`` one chain-rule step at a time.

Building a drawing needs only the Python package ``graphviz``; turning it into
SVG, PNG or PDF (``render``, or showing it in Jupyter) needs Graphviz's ``dot``
program. When ``dot`` is missing, rendering raises ``GraphvizNotFound``, which
says how to install it on this platform.

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
import html
import json
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import graphviz

from .engine import Value, topological_order
from .files import atomic_write
from .language import language, say
from .nn import Module, Neuron
from .rendering import GraphvizFailed, run_dot
from .steps import backward_steps, format_number

MAX_NODES = 1000
"""``draw_dot`` refuses graphs with more Values than this (pass ``max_nodes`` to change it)."""

MAX_STEP_NODES = 300
"""``stepthrough_html`` refuses graphs with more Values than this."""

_RANKDIRS = ("LR", "RL", "TB", "BT")
_RENDER_FORMATS = ("svg", "png", "pdf")
# The op a retrograd.nn.Neuron applies after its weighted sum, for each name of
# retrograd.nn.ACTIVATIONS (tests/test_activations.py checks the two agree).
_ACTIVATION_OPS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "linear": None}


# -- Graphviz's dot program: finding it, and saying how to install it ---------------


def install_instructions(system: str | None = None, distro: Iterable[str] | None = None) -> str:
    """The command that installs Graphviz's ``dot`` on this machine (or on ``system``,
    a ``platform.system()`` name, with Linux ``distro`` ids as in /etc/os-release).

    >>> print(install_instructions("Darwin"))
    brew install graphviz   (or with MacPorts: sudo port install graphviz)
    >>> print(install_instructions("Linux", ["ubuntu", "debian"]))
    sudo apt-get install -y graphviz
    """
    system = system or platform.system()
    lines = []
    if os.environ.get("CONDA_PREFIX"):
        lines.append("conda install -c conda-forge graphviz   (this is a conda environment)")
    if system == "Darwin":
        lines.append("brew install graphviz   (or with MacPorts: sudo port install graphviz)")
    elif system == "Windows":
        lines.append(r"winget install graphviz   (or: choco install graphviz), then add "
                     r"C:\Program Files\Graphviz\bin to PATH and restart the terminal or kernel")
    elif system == "Linux":
        ids = set(distro) if distro is not None else _linux_ids()
        if ids & {"debian", "ubuntu", "linuxmint", "pop", "raspbian"}:
            lines.append("sudo apt-get install -y graphviz")
        elif ids & {"fedora", "rhel", "centos", "rocky", "almalinux"}:
            lines.append("sudo dnf install -y graphviz")
        elif ids & {"arch", "manjaro", "endeavouros"}:
            lines.append("sudo pacman -S graphviz")
        elif ids & {"opensuse", "suse", "opensuse-leap", "opensuse-tumbleweed", "sles"}:
            lines.append("sudo zypper install graphviz")
        elif "alpine" in ids:
            lines.append("sudo apk add graphviz")
        else:
            lines.append("install the package named graphviz with your distribution's "
                         "package manager (apt-get, dnf, pacman, zypper, apk)")
    else:
        lines.append("download Graphviz from https://graphviz.org/download/")
    return "\n".join(lines)


def _linux_ids() -> set[str]:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return set()
    ids: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip('"').lower().split())
    return ids


class GraphvizNotFound(graphviz.ExecutableNotFound):
    """Graphviz's ``dot`` program is not installed (or not on PATH).

    A ``RuntimeError`` (and a ``graphviz.ExecutableNotFound``) whose message says
    how to install Graphviz on this platform.
    """

    def __init__(self, what: str = "render the graph"):
        RuntimeError.__init__(
            self,
            f"cannot {what}: Graphviz's `dot` program is not on PATH. The Python package "
            f"`graphviz` only writes the DOT text (`.source` works without it); drawing needs "
            f"the Graphviz program itself. Install it with:\n    "
            + install_instructions().replace("\n", "\n    ")
            + "\nthen start Python (or restart the notebook kernel) again.")


@contextlib.contextmanager
def _needs_dot(what: str):
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
            with _needs_dot("render the graph"):
                return super().pipe(format, encoding=encoding, **kwargs)
        with _needs_dot("render the graph"):
            data = run_dot(self.source, format or self.format, "this graph")
        return data if encoding is None else data.decode(encoding)

    def render(self, *args, **kwargs):
        with _needs_dot("render the graph"):
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
    with _needs_dot(f"write {path.name}"):
        data = run_dot(dot.source, fmt, f"the graph of {path.name}")
    return atomic_write(path, data)


# -- record labels -----------------------------------------------------------------

_RECORD_SPECIAL = re.compile(r'([\\|{}<>"])')


def _escape(text: str) -> str:
    """Text as a literal inside a record field: |{}<>" and backslash are escaped."""
    return _RECORD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))


def _record(rows: list[list[str]], rankdir: str) -> str:
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


def _value_label(v: Value, name: str, rankdir: str, digits: int, grad_text: str | None = None) -> str:
    grad = grad_text if grad_text is not None else format_number(v.grad, digits)
    return graphviz.nohtml(_record(
        [[_escape(name), f"data {_escape(format_number(v.data, digits))}", f"grad {_escape(grad)}"]],
        rankdir))


def _check_common(root, rankdir: str, fmt: str, who: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"{who}(root): root must be a Value (the output of an expression), "
                        f"got {type(root).__name__}")
    if rankdir not in _RANKDIRS:
        raise ValueError(f"{who}: rankdir must be one of {', '.join(_RANKDIRS)}, got {rankdir!r}")
    if fmt not in graphviz.FORMATS:
        raise ValueError(f"{who}: format {fmt!r} is not a Graphviz output format; "
                         f"use 'svg', 'png' or 'pdf'")


# -- where each Value sits in a model ------------------------------------------------


@dataclass
class _NeuronCall:
    """One call of a neuron found in a graph: the nodes it made and the output."""

    index: int          # which neuron of the model (in model order)
    name: str           # e.g. layers.0.neurons.3
    layer: str          # e.g. layers.0
    call: int           # 0 for its first call in the graph, 1 for the next...
    activation: str
    kind: str           # the neuron's repr, e.g. ReLUNeuron(2)
    output: Value
    members: list[Value] = field(default_factory=list)
    inputs: list[Value] = field(default_factory=list)


def _model_neurons(model) -> list[tuple[str, Neuron]]:
    """Every Neuron inside ``model``, in model order, with its name (``named_modules``)."""
    if not isinstance(model, Module):
        raise TypeError(f"model must be a retrograd.nn Module (Neuron, Layer, MLP...), "
                        f"got {type(model).__name__}")
    return [(name, m) for name, m in model.named_modules() if isinstance(m, Neuron)]


def _mul_with(node: Value, w: Value) -> Value | None:
    """The other operand if ``node`` is ``w * x`` (or ``x * w``), else None."""
    if node is not None and node._op == "*":
        a, b = node.operands
        if a is w:
            return b
        if b is w:
            return a
    return None


def _consumers(order: list[Value]) -> dict[Value, list[Value]]:
    """For each Value in ``order``, the Values computed from it (each once)."""
    consumers: dict[Value, list[Value]] = {v: [] for v in order}
    for v in order:
        for c in v.operands:
            if not consumers[c] or consumers[c][-1] is not v:
                consumers[c].append(v)
    return consumers


def _neuron_calls(order: list[Value], model,
                  consumers: dict[Value, list[Value]]) -> list[_NeuronCall]:
    """Every call of a model's neurons in the graph ``order``.

    A retrograd.nn.Neuron (like micrograd's) computes ``b + w0*x0 + w1*x1 + ...``
    left to right, then its activation; each chain of that shape starting at a
    neuron's bias is one call of that neuron.
    """
    calls: list[_NeuronCall] = []
    for index, (name, neuron) in enumerate(_model_neurons(model)):
        if neuron.b not in consumers:
            continue
        act_op = _ACTIVATION_OPS.get(getattr(neuron, "activation", "linear"))
        ncalls = 0
        for start in consumers[neuron.b]:
            if start._op != "+" or start.operands[0] is not neuron.b:
                continue
            node, members, inputs = start, [], []
            for i, w in enumerate(neuron.w):
                if i > 0:
                    nxt = [c for c in consumers[node]
                           if c._op == "+" and c.operands[0] is node
                           and _mul_with(c.operands[1], w) is not None]
                    if len(nxt) != 1:
                        break
                    node = nxt[0]
                x = _mul_with(node.operands[1], w)
                if x is None:
                    break
                members += [node, node.operands[1]]
                inputs.append(x)
            else:
                output = node
                if act_op is not None:
                    acts = [c for c in consumers[node] if c._op == act_op and c.operands[0] is node]
                    if len(acts) != 1:
                        continue
                    output = acts[0]
                    members.append(output)
                layer = name.rsplit(".neurons.", 1)[0] if ".neurons." in name else ""
                calls.append(_NeuronCall(index, name or "neuron", layer, ncalls,
                                         getattr(neuron, "activation", "linear"), repr(neuron),
                                         output, members, inputs))
                ncalls += 1
    return calls


def _model_names(order: list[Value], model) -> dict[Value, str]:
    """Names for the Values of a model in a graph: parameters as in named_parameters(),
    neuron outputs by their neuron (with #k for its k-th call when it is called again)."""
    names = {p: name for name, p in model.named_parameters()}
    calls = _neuron_calls(order, model, _consumers(order))
    repeated = {c.index for c in calls if c.call > 0}
    for c in calls:
        names.setdefault(c.output, c.name + (f" #{c.call}" if c.index in repeated else ""))
    return names


def _namer(order: list[Value], model, show_ids: bool) -> Callable[[Value], str]:
    """The text in a node's first field: its label, its name in the model, or its id."""
    names = _model_names(order, model) if model is not None else {}
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
    decimals) and one small node per operation. Nodes are named ``v0, v1, ...``
    in ``topological_order``, so the DOT text is the same in every run.
    ``model``: parameters show their name in the model (``layers.0.neurons.3.w.1``)
    and neuron outputs their neuron, without changing any Value. ``show_ids``:
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
    _check_common(root, rankdir, format, "draw_dot")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"draw_dot: this graph has {len(order)} Values, more than max_nodes={max_nodes}; a "
            f"picture that big cannot be read. Draw one box per neuron with "
            f"retrograd.draw_collapsed(root, model) (or level='layer'), or pass "
            f"max_nodes={len(order)} to draw every Value anyway.")
    return _full_graph(order, _namer(order, model, show_ids), format, rankdir, digits)


def _full_graph(order: list[Value], name: Callable[[Value], str], fmt: str, rankdir: str,
                digits: int, grad_texts: dict[Value, str] | None = None,
                ids: bool = False) -> Drawing:
    """The full view of ``order``; ``grad_texts`` overrides the grad shown, ``ids`` puts
    SVG ids on nodes (vN, vNop) and edges (eNa, eNb: operand to op node; eNop)."""
    index = {v: i for i, v in enumerate(order)}
    dot = Drawing(format=fmt, graph_attr={"rankdir": rankdir})
    for i, v in enumerate(order):
        grad = grad_texts.get(v) if grad_texts else None
        extra = {"id": f"v{i}"} if ids else {}
        dot.node(f"v{i}", _value_label(v, name(v), rankdir, digits, grad), shape="record", **extra)
        if v._op:
            dot.node(f"v{i}op", v._op, **({"id": f"v{i}op"} if ids else {}))
            dot.edge(f"v{i}op", f"v{i}", **({"id": f"e{i}op"} if ids else {}))
        for slot, child in zip("ab", v.operands):
            dot.edge(f"v{index[child]}", f"v{i}op", **({"id": f"e{i}{slot}"} if ids else {}))
    return dot


# -- the collapsed view ----------------------------------------------------------------


def draw_collapsed(root: Value, model: Module, level: str = "neuron", format: str = "svg",
                   rankdir: str = "LR", *, max_nodes: int = MAX_NODES, digits: int = 4,
                   max_rows: int = 20) -> Drawing:
    """Draw a network's graph with one box per neuron (``level='neuron'``) or per
    layer (``level='layer'``) instead of one record per Value.

    A neuron's box shows its name in the model, its activation and number of
    inputs, and the data and grad of its output; a layer's box lists its
    neurons' outputs (at most ``max_rows``). The inputs of the first layer get
    one box each (x0, x1, ...) whose grad is dL/dx, summed over the copies a
    plain number gets when it meets each weight. Values outside the model (the
    loss) are drawn as in ``draw_dot``. A model called several times in the
    graph (a batch) gets one box per call, marked #0, #1...

    Neurons are recognised by the computation of ``retrograd.nn.Neuron``:
    ``b + w0*x0 + w1*x1 + ...`` then the activation.

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> model = MLP(2, [3, 1])
    >>> loss = (model([0.5, -1.0]) - 1.0) ** 2
    >>> g = draw_collapsed(loss, model)
    >>> [line.split()[0] for line in g.body if '.neurons.' in line]
    ['n0', 'n1', 'n2', 'n3']
    """
    _check_common(root, rankdir, format, "draw_collapsed")
    if level not in ("neuron", "layer"):
        raise ValueError(f"draw_collapsed: level must be 'neuron' or 'layer', got {level!r}")
    order = topological_order(root)
    consumers = _consumers(order)
    calls = _neuron_calls(order, model, consumers)
    if not calls:
        raise ValueError("draw_collapsed: no neuron of this model was found in the graph of root; "
                         "root must be computed from model(x) (retrograd.nn Neurons, Layers or "
                         "MLPs). Use draw_dot(root) to draw it Value by Value.")
    index = {v: i for i, v in enumerate(order)}
    repeated = {c.index for c in calls if c.call > 0}
    multi = any(c.call > 0 for c in calls)
    params = {p for _, p in model.named_parameters()}
    owner: dict[Value, str] = {}     # hidden Value -> its box ("" for a parameter)
    boxes: dict[str, dict] = {}      # box name -> its label rows and member Values

    # Neuron (or layer) boxes, in the order their outputs were computed.
    by_output = sorted(calls, key=lambda c: index[c.output])
    layers = list(dict.fromkeys(c.layer for c in sorted(calls, key=lambda c: c.index)))
    for c in by_output:
        if level == "neuron":
            key = f"n{c.index}" + (f"c{c.call}" if c.index in repeated else "")
        else:
            key = f"l{layers.index(c.layer)}" + (f"c{c.call}" if multi else "")
        box = boxes.setdefault(key, {"calls": [], "members": set()})
        box["calls"].append(c)
        box["members"].update(c.members)
        for v in c.members:
            owner[v] = key

    # Parameters used only inside their neuron's calls disappear into its boxes.
    for p in params:
        if p in consumers and p not in owner and consumers[p] and \
                all(u in owner for u in consumers[p]):
            owner[p] = ""

    # First-layer inputs: one box per input position (copies of a number are merged).
    inputs: dict[object, dict] = {}
    for c in by_output:
        for i, x in enumerate(c.inputs):
            if x.operands or x in params or x in owner:
                continue  # computed by something drawn elsewhere, or already in a box
            key = ("copy", c.layer, c.call, i) if len(consumers[x]) == 1 and not x.label else x
            group = inputs.setdefault(key, {
                "box": f"x{len(inputs)}", "members": [],
                "name": x.label or f"x{i}" + (f" #{c.call}" if multi else "")})
            group["members"].append(x)
            owner[x] = group["box"]

    visible = [v for v in order if v not in owner]
    count = len(boxes) + len(inputs) + len(visible)
    if count > max_nodes:
        raise ValueError(
            f"draw_collapsed: {count} boxes, more than max_nodes={max_nodes}; draw fewer samples "
            f"(one call of the model), use level='layer', or pass max_nodes={count}.")

    # ordering=out keeps each layer's neurons in model order: without it dot
    # shuffles them to save crossings, which are unavoidable between dense layers.
    dot = Drawing(format=format, graph_attr={"rankdir": rankdir, "ordering": "out"})
    f = lambda x: _escape(format_number(x, digits))  # noqa: E731
    for group in inputs.values():
        members = group["members"]
        grad = members[0].grad
        for x in members[1:]:
            grad = grad + x.grad
        dot.node(group["box"], graphviz.nohtml(_record(
            [[_escape(group["name"]), f"data {f(members[0].data)}", f"grad {f(grad)}"]], rankdir)),
            shape="record")
    for key, box in boxes.items():
        dot.node(key, graphviz.nohtml(_box_label(box["calls"], level, repeated, multi, rankdir, f,
                                                 max_rows)),
                 shape="record", style="rounded,filled", fillcolor="#eef3fb")
    name = _namer(order, model, show_ids=False)
    for v in visible:
        i = index[v]
        dot.node(f"v{i}", _value_label(v, name(v), rankdir, digits), shape="record")
        if v._op:
            dot.node(f"v{i}op", v._op)
            dot.edge(f"v{i}op", f"v{i}")

    def source(x: Value) -> str | None:
        if x in owner:
            return owner[x] or None
        return f"v{index[x]}"

    edges: dict[tuple[str, str], None] = {}
    for key, box in boxes.items():
        for c in box["calls"]:
            for x in c.inputs:
                src = source(x)
                if src is not None and src != key and x not in box["members"]:
                    edges[(src, key)] = None
    for v in visible:
        for x in v.operands:
            src = source(x)
            if src is not None:
                edges[(src, f"v{index[v]}op")] = None
    for src, dst in edges:
        if src in boxes or dst in boxes:  # the many edges between neurons, drawn light
            dot.edge(src, dst, color="#00000066", arrowsize="0.6")
        else:
            dot.edge(src, dst)
    return dot


def _box_label(calls: list[_NeuronCall], level: str, repeated: set[int], multi: bool,
               rankdir: str, f: Callable, max_rows: int) -> str:
    if level == "neuron":
        c = calls[0]
        title = c.name + (f" #{c.call}" if c.index in repeated else "")
        return _record([[_escape(title), _escape(c.kind), f"data {f(c.output.data)}",
                         f"grad {f(c.output.grad)}"]], rankdir)
    first = calls[0]
    kinds = ", ".join(dict.fromkeys(c.kind for c in calls))
    title = (first.layer or say(fr="couche", en="layer")) + (f" #{first.call}" if multi else "")
    rows = [[_escape(f"{title}: {len(calls)} × {kinds}")]]
    for c in calls[:max_rows]:
        short = c.name[len(c.layer) + 1:] if c.layer else c.name
        rows.append([_escape(short), f"data {f(c.output.data)}", f"grad {f(c.output.grad)}"])
    if len(calls) > max_rows:
        more = len(calls) - max_rows
        rows.append([_escape(say(fr=f"… {more} de plus", en=f"… {more} more"))])
    return _record(rows, rankdir)


# -- backpropagation, one step at a time, in a web page ---------------------------------


def stepthrough_html(root: Value, path: str | os.PathLike | None = None,
                     model: Module | None = None, *, rankdir: str = "LR", digits: int = 4,
                     gradient=1, max_nodes: int = MAX_STEP_NODES, title: str | None = None) -> str:
    """A web page that replays ``root.backward()`` one chain-rule step at a time.

    The page shows the graph once (as ``draw_dot`` draws it, unlabelled Values
    named by their node id) and, at each step, fills one gradient: the node
    receiving it and the edge it flows along are highlighted and the step is
    written out, e.g. ``dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000``.
    Previous/next buttons and the arrow keys (Home/End for the ends) move
    through the steps. The page is one self-contained HTML file (SVG, style and
    script inline, nothing loaded from the network); it is returned as text
    and written to ``path`` when one is given.

    The steps come from ``backward_steps(root, gradient)``: they show what one
    ``backward()`` computes starting from zero gradients, with the engine's
    arithmetic, and change no Value (``backward()`` is not called; the grads
    you see on your Values are left as they are). Needs Graphviz's ``dot``;
    graphs of more than ``max_nodes`` Values are refused.

    Elements a test or a script can read: ``#grad-vN`` (the text
    ``grad 6.0000`` of node vN, with ``data-value`` holding the exact number),
    ``#counter`` (``data-step``, ``data-steps``), ``#chain``, ``#rule``,
    ``#prev``, ``#next``.
    """
    _check_common(root, rankdir, "svg", "stepthrough_html")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"stepthrough_html: this graph has {len(order)} Values, more than "
            f"max_nodes={max_nodes}; a step-through that long cannot be followed. Step through a "
            f"smaller expression (one neuron, one sample), look at the whole network with "
            f"draw_collapsed(root, model), or pass max_nodes={len(order)}.")
    steps = backward_steps(root, gradient)
    index = {v: i for i, v in enumerate(order)}
    name = _namer(order, model, show_ids=True)
    fmt = lambda x: format_number(x, digits)  # noqa: E731
    ident = lambda v: f"v{index[v]}"  # noqa: E731

    initial = {ident(v): [fmt(0), "0"] for v in order}
    widest = {v: fmt(0) for v in order}  # each box is drawn wide enough for all its gradients
    records = []
    for s in steps:
        text = fmt(s.after)
        if len(text) > len(widest[s.target]):
            widest[s.target] = text
        record = {"target": ident(s.target), "grad": text, "value": str(s.after),
                  "chain": s.chain(name, digits), "rule": s.rule(name, digits),
                  "node": None, "edges": []}
        if s.node is not None:
            i = index[s.node]
            record["node"] = f"v{i}"
            record["edges"] = [f"e{i}op", f"e{i}{s.operand}"]
        records.append(record)

    graph = _full_graph(order, name, "svg", rankdir, digits, grad_texts=widest, ids=True)
    svg = graph.pipe(format="svg", encoding="utf-8")
    svg = _mark_svg(svg[svg.index("<svg"):], initial)
    fields, words = _page_words(len(records))
    data = {"root": ident(root), "steps": records, "initial": initial, "words": words}
    payload = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    heading = title if title is not None else say(
        fr=f"La rétropropagation dans {name(root)}, pas à pas",
        en=f"Backpropagation through {name(root)}, one step at a time")
    fields = {"TITLE": html.escape(heading), "STEPS": str(len(records)), "SVG": svg,
              "DATA": payload, "LANG": language(), **fields}
    # One pass, so that text inside a field is never taken for another field's marker.
    page = re.sub(r"@([A-Z_]+)@", lambda m: fields[m.group(1)], _PAGE)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, page)
    return page


def _page_words(total: int) -> tuple[dict[str, str], dict[str, str]]:
    """The page's words in the language in use: the buttons and hints of its HTML
    (escaped), and the texts its script writes."""
    script = {
        "counter": say(fr="pas {step} sur {total}", en="step {step} of {total}"),
        "start": say(fr="Avant backward()\u00a0: tous les gradients valent 0.",
                     en="Before backward(): every gradient is 0."),
        "press": say(fr="Appuyez sur suivant (ou la flèche droite) pour remplir les gradients, "
                        "de la sortie vers les entrées, un pas de la règle de la chaîne à la fois.",
                     en="Press next (or the right arrow) to fill the gradients from the output "
                        "back to the inputs, one chain-rule step at a time."),
        "done": say(fr="  (backward() a fini)", en="  (backward() is done)"),
        "actual": say(fr="taille réelle", en="actual size"),
        "fit": say(fr="ajuster à la fenêtre", en="fit to window"),
    }
    html_words = {
        "FIRST_TIP": say(fr="premier pas (Début)", en="first step (Home)"),
        "FIRST": say(fr="« début", en="« first"),
        "PREV_TIP": say(fr="pas précédent (flèche gauche)", en="previous step (left arrow)"),
        "PREV": say(fr="◀ précédent", en="◀ previous"),
        "COUNTER": script["counter"].format(step=0, total=total),
        "NEXT_TIP": say(fr="pas suivant (flèche droite)", en="next step (right arrow)"),
        "NEXT": say(fr="suivant ▶", en="next ▶"),
        "LAST_TIP": say(fr="dernier pas (Fin)", en="last step (End)"),
        "LAST": say(fr="fin »", en="last »"),
        "ZOOM_TIP": say(fr="ajuster le graphe à la fenêtre, ou le montrer en taille réelle",
                        en="fit the graph to the window, or show it at full size"),
        "ZOOM": script["actual"],
        "KEYS": say(fr="touches\u00a0: ← → Début Fin", en="keys: ← → Home End"),
    }
    return {key: html.escape(text) for key, text in html_words.items()}, script


_NODE_BLOCK = re.compile(r'<g id="(v\d+)" class="node">.*?</g>', re.S)
_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")


def _mark_svg(svg: str, initial: dict[str, list[str]]) -> str:
    """Give each record's data and grad texts stable ids (data-vN, grad-vN) and put
    the starting gradients in; the grad field is a record's last text, data the one before."""

    def mark(node: re.Match) -> str:
        nid = node.group(1)
        texts = list(_TEXT.finditer(node.group(0)))
        block = node.group(0)
        for role, t in (("grad", texts[-1]), ("data", texts[-2])):
            attrs, content = t.group(1), t.group(2)
            if role == "grad":
                text, value = initial[nid]
                new = (f'<text id="grad-{nid}" class="grad" data-node="{nid}" '
                       f'data-value="{html.escape(value)}" {attrs}>grad {html.escape(text)}</text>')
            else:
                new = f'<text id="data-{nid}" class="data" data-node="{nid}" {attrs}>{content}</text>'
            block = block[:t.start()] + new + block[t.end():]
        return block

    return _NODE_BLOCK.sub(mark, svg)


_PAGE = """<!DOCTYPE html>
<html lang="@LANG@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
  header { position: sticky; top: 0; background: #fafafa; border-bottom: 1px solid #ddd;
           padding: 0.6em 1em; z-index: 1; }
  h1 { font-size: 1.1em; margin: 0 0 0.4em; }
  nav { display: flex; gap: 0.4em; align-items: center; flex-wrap: wrap; }
  button { font: inherit; padding: 0.25em 0.8em; cursor: pointer; }
  #counter { min-width: 9em; text-align: center; font-variant-numeric: tabular-nums; }
  #chain { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1.05em;
           margin: 0.5em 0 0.2em; }
  #rule { margin: 0; color: #555; }
  #graph { overflow: auto; padding: 1em; }
  #graph.fit svg { max-width: 100%; height: auto; }
  .hint { color: #777; font-size: 0.9em; margin-left: 1em; }
  g.node text.grad { fill: #aaa; }
  g.node.reached text.grad { fill: #222; }
  g.node.target polygon { fill: #ffe58a; stroke: #c0392b; stroke-width: 2.5; }
  g.node.target text.grad { fill: #c0392b; font-weight: bold; }
  g.node.current polygon, g.node.current ellipse { fill: #d6e9ff; stroke: #1f5fa8;
                                                   stroke-width: 2; }
  g.edge.active path { stroke: #c0392b; stroke-width: 3; }
  g.edge.active polygon { stroke: #c0392b; fill: #c0392b; }
</style>
</head>
<body>
<header>
  <h1>@TITLE@</h1>
  <nav>
    <button id="first" title="@FIRST_TIP@">@FIRST@</button>
    <button id="prev" title="@PREV_TIP@">@PREV@</button>
    <span id="counter" data-step="0" data-steps="@STEPS@">@COUNTER@</span>
    <button id="next" title="@NEXT_TIP@">@NEXT@</button>
    <button id="last" title="@LAST_TIP@">@LAST@</button>
    <button id="zoom" title="@ZOOM_TIP@">@ZOOM@</button>
    <span class="hint">@KEYS@</span>
  </nav>
  <p id="chain"></p>
  <p id="rule"></p>
</header>
<div id="graph" class="fit">
@SVG@
</div>
<script id="steps-data" type="application/json">@DATA@</script>
<script>
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("steps-data").textContent);
  const total = data.steps.length;
  const counter = document.getElementById("counter");
  const words = data.words;
  let step = 0;

  function byId(id) { return document.getElementById(id); }

  function show(k) {
    step = Math.max(0, Math.min(total, k));
    const grads = {};
    for (const id in data.initial) grads[id] = data.initial[id];
    const reached = new Set();
    for (let i = 0; i < step; i++) {
      const s = data.steps[i];
      grads[s.target] = [s.grad, s.value];
      reached.add(s.target);
    }
    for (const id in grads) {
      const text = byId("grad-" + id);
      text.textContent = "grad " + grads[id][0];
      text.dataset.value = grads[id][1];
      byId(id).classList.toggle("reached", reached.has(id));
    }
    document.querySelectorAll(".target, .current, .active").forEach(function (el) {
      el.classList.remove("target", "current", "active");
    });
    if (step === 0) {
      byId("chain").textContent = words.start;
      byId("rule").textContent = words.press;
    } else {
      const s = data.steps[step - 1];
      byId(s.target).classList.add("target");
      if (!byId("graph").classList.contains("fit")) {
        byId(s.target).scrollIntoView({ block: "nearest", inline: "nearest" });
      }
      if (s.node) {
        byId(s.node).classList.add("current");
        byId(s.node + "op").classList.add("current");
      }
      s.edges.forEach(function (e) { const el = byId(e); if (el) el.classList.add("active"); });
      byId("chain").textContent = s.chain;
      byId("rule").textContent = s.rule + (step === total ? words.done : "");
    }
    counter.textContent = words.counter.replace("{step}", step).replace("{total}", total);
    counter.dataset.step = String(step);
    byId("first").disabled = byId("prev").disabled = step === 0;
    byId("next").disabled = byId("last").disabled = step === total;
  }

  byId("first").addEventListener("click", function () { show(0); });
  byId("prev").addEventListener("click", function () { show(step - 1); });
  byId("next").addEventListener("click", function () { show(step + 1); });
  byId("last").addEventListener("click", function () { show(total); });
  byId("zoom").addEventListener("click", function () {
    const fit = byId("graph").classList.toggle("fit");
    byId("zoom").textContent = fit ? words.actual : words.fit;
  });
  document.addEventListener("keydown", function (event) {
    const moves = { ArrowRight: step + 1, ArrowLeft: step - 1, Home: 0, End: total };
    if (event.key in moves) { show(moves[event.key]); event.preventDefault(); }
  });
  // A graph much wider than the window would shrink to unreadable: show it full size.
  const svg = document.querySelector("#graph svg");
  if (svg && svg.width.baseVal.value > 1.8 * byId("graph").clientWidth) byId("zoom").click();
  show(0);
})();
</script>
</body>
</html>
"""


__all__ = ["draw_dot", "draw_collapsed", "render", "stepthrough_html", "GraphvizNotFound",
           "Drawing", "install_instructions", "MAX_NODES", "MAX_STEP_NODES"]
