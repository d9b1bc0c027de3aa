"""A network's graph with one box per neuron, or per layer: ``draw_collapsed``."""

from __future__ import annotations

from typing import Callable

import graphviz

from .drawing import MAX_NODES, Drawing, check_common, escape, namer, record, value_label
from .engine import Value, topological_order
from .language import say
from .neurons import NeuronCall, consumers_of, neuron_calls
from .nn import Module
from .steps import format_number


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

    A ``DenseMLP`` computes a whole layer at once (``x @ weight.T + bias``, then
    the activation, on every sample of ``x``): each call of one of its
    ``Linear`` layers is one box at either level, showing the shape and first
    numbers of its output and their gradient, and ``x`` (all the inputs) one box.
    Its full graph is small but reads poorly: a product and a sum per layer, and
    the weights beside them, where the box says "this layer".

    >>> import random; random.seed(0)
    >>> from retrograd import MLP
    >>> model = MLP(2, [3, 1])
    >>> loss = (model([0.5, -1.0]) - 1.0) ** 2
    >>> g = draw_collapsed(loss, model)
    >>> [line.split()[0] for line in g.body if '.neurons.' in line]
    ['n0', 'n1', 'n2', 'n3']
    """
    check_common(root, rankdir, format, "draw_collapsed")
    if level not in ("neuron", "layer"):
        raise ValueError(f"draw_collapsed: level must be 'neuron' or 'layer', got {level!r}")
    order = topological_order(root)
    consumers = consumers_of(order)
    calls = neuron_calls(order, model, consumers)
    if not calls:
        raise ValueError("draw_collapsed: no neuron of this model was found in the graph of root; "
                         "root must be computed from model(x) (retrograd.nn Neurons, Layers, "
                         "MLPs, Linears or DenseMLPs). Use draw_dot(root) to draw it Value by "
                         "Value.")
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
                "name": x.label or ("x" if c.whole_layer else f"x{i}")
                + (f" #{c.call}" if multi else "")})
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
    f = lambda x: escape(format_number(x, digits))  # noqa: E731
    for group in inputs.values():
        members = group["members"]
        grad = members[0].grad
        for x in members[1:]:
            grad = grad + x.grad
        dot.node(group["box"], graphviz.nohtml(record(
            [[escape(group["name"]), f"data {f(members[0].data)}", f"grad {f(grad)}"]], rankdir)),
            shape="record")
    for key, box in boxes.items():
        dot.node(key, graphviz.nohtml(_box_label(box["calls"], level, repeated, multi, rankdir, f,
                                                 max_rows)),
                 shape="record", style="rounded,filled", fillcolor="#eef3fb")
    name = namer(order, model, show_ids=False)
    for v in visible:
        i = index[v]
        dot.node(f"v{i}", value_label(v, name(v), rankdir, digits), shape="record")
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


def _box_label(calls: list[NeuronCall], level: str, repeated: set[int], multi: bool,
               rankdir: str, f: Callable, max_rows: int) -> str:
    if level == "neuron" or calls[0].whole_layer:
        c = calls[0]
        title = c.name + (f" #{c.call}" if c.index in repeated else "")
        return record([[escape(title), escape(c.kind), f"data {f(c.output.data)}",
                         f"grad {f(c.output.grad)}"]], rankdir)
    first = calls[0]
    kinds = ", ".join(dict.fromkeys(c.kind for c in calls))
    title = (first.layer or say(fr="couche", en="layer")) + (f" #{first.call}" if multi else "")
    rows = [[escape(f"{title}: {len(calls)} × {kinds}")]]
    for c in calls[:max_rows]:
        short = c.name[len(c.layer) + 1:] if c.layer else c.name
        rows.append([escape(short), f"data {f(c.output.data)}", f"grad {f(c.output.grad)}"])
    if len(calls) > max_rows:
        more = len(calls) - max_rows
        rows.append([escape(say(fr=f"… {more} de plus", en=f"… {more} more"))])
    return record(rows, rankdir)


__all__ = ["draw_collapsed"]
