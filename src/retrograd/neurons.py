"""Where each Value of a graph sits in a model: the calls of its neurons.

A retrograd.nn.Neuron (like micrograd's) computes ``b + w0*x0 + w1*x1 + ...``
left to right, then its activation; a retrograd.nn.Linear, a layer of neurons
as one matrix, computes ``x @ weight.T + bias`` then its activation.
``neuron_calls`` finds each such computation in a graph, so that the drawings
can name its output after the neuron or layer (``draw_dot(model=...)``) or draw
one box for it (``draw_collapsed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .engine import Value
from .nn import Linear, Module, Neuron

# The op a retrograd.nn.Neuron applies after its weighted sum, for each name of
# retrograd.nn.ACTIVATIONS (tests/test_activations.py checks the two agree).
ACTIVATION_OPS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "linear": None}


@dataclass
class NeuronCall:
    """One call of a neuron (or of a whole ``Linear`` layer) found in a graph: the
    nodes it made and the output."""

    index: int          # which neuron (or Linear) of the model, in model order
    name: str           # e.g. layers.0.neurons.3, or layers.0 for a Linear
    layer: str          # e.g. layers.0
    call: int           # 0 for its first call in the graph, 1 for the next...
    activation: str
    kind: str           # the module's repr, e.g. ReLUNeuron(2)
    output: Value
    members: list[Value] = field(default_factory=list)
    inputs: list[Value] = field(default_factory=list)
    whole_layer: bool = False  # a Linear: one call computes all its neurons


def model_neurons(model) -> list[tuple[str, Neuron | Linear]]:
    """Every Neuron and Linear inside ``model``, in model order, with its name
    (``named_modules``)."""
    if not isinstance(model, Module):
        raise TypeError(f"model must be a retrograd.nn Module (Neuron, Layer, MLP...), "
                        f"got {type(model).__name__}")
    return [(name, m) for name, m in model.named_modules() if isinstance(m, (Neuron, Linear))]


def mul_with(node: Value, w: Value) -> Value | None:
    """The other operand if ``node`` is ``w * x`` (or ``x * w``), else None."""
    if node is not None and node._op == "*":
        a, b = node.operands
        if a is w:
            return b
        if b is w:
            return a
    return None


def consumers_of(order: list[Value]) -> dict[Value, list[Value]]:
    """For each Value in ``order``, the Values computed from it (each once)."""
    consumers: dict[Value, list[Value]] = {v: [] for v in order}
    for v in order:
        for c in v.operands:
            if not consumers[c] or consumers[c][-1] is not v:
                consumers[c].append(v)
    return consumers


def neuron_calls(order: list[Value], model,
                  consumers: dict[Value, list[Value]]) -> list[NeuronCall]:
    """Every call of a model's neurons (and Linear layers) in the graph ``order``.

    A retrograd.nn.Neuron (like micrograd's) computes ``b + w0*x0 + w1*x1 + ...``
    left to right, then its activation; each chain of that shape starting at a
    neuron's bias is one call of that neuron. A Linear's call is
    ``x @ weight.T + bias`` then its activation.
    """
    calls: list[NeuronCall] = []
    for index, (name, neuron) in enumerate(model_neurons(model)):
        if isinstance(neuron, Linear):
            calls += linear_calls(index, name, neuron, consumers)
            continue
        if neuron.b not in consumers:
            continue
        act_op = ACTIVATION_OPS.get(getattr(neuron, "activation", "linear"))
        ncalls = 0
        for start in consumers[neuron.b]:
            if start._op != "+" or start.operands[0] is not neuron.b:
                continue
            node, members, inputs = start, [], []
            for i, w in enumerate(neuron.w):
                if i > 0:
                    nxt = [c for c in consumers[node]
                           if c._op == "+" and c.operands[0] is node
                           and mul_with(c.operands[1], w) is not None]
                    if len(nxt) != 1:
                        break
                    node = nxt[0]
                x = mul_with(node.operands[1], w)
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
                calls.append(NeuronCall(index, name or "neuron", layer, ncalls,
                                         getattr(neuron, "activation", "linear"), repr(neuron),
                                         output, members, inputs))
                ncalls += 1
    return calls


def linear_calls(index: int, name: str, layer: Linear,
                 consumers: dict[Value, list[Value]]) -> list[NeuronCall]:
    """The calls of a Linear layer: ``activation(x.matmul_t(weight) + bias)``, one per ``x``."""
    calls: list[NeuronCall] = []
    act_op = ACTIVATION_OPS.get(layer.activation)
    for product in consumers.get(layer.weight, []):
        if product._op != "@ᵀ" or product.operands[1] is not layer.weight:
            continue
        sums = [c for c in consumers[product]
                if c._op == "+" and c.operands[0] is product and c.operands[1] is layer.bias]
        if len(sums) != 1:
            continue
        members, output = [product, sums[0]], sums[0]
        if act_op is not None:
            acts = [c for c in consumers[output] if c._op == act_op]
            if len(acts) != 1:
                continue
            output = acts[0]
            members.append(output)
        calls.append(NeuronCall(index, name or "layer", name, len(calls), layer.activation,
                                repr(layer), output, members, [product.operands[0]],
                                whole_layer=True))
    return calls


def model_names(order: list[Value], model) -> dict[Value, str]:
    """Names for the Values of a model in a graph: parameters as in named_parameters(),
    neuron outputs by their neuron (with #k for its k-th call when it is called again)."""
    names = {p: name for name, p in model.named_parameters()}
    calls = neuron_calls(order, model, consumers_of(order))
    repeated = {c.index for c in calls if c.call > 0}
    for c in calls:
        names.setdefault(c.output, c.name + (f" #{c.call}" if c.index in repeated else ""))
    return names


__all__ = ["ACTIVATION_OPS", "NeuronCall", "model_neurons", "consumers_of", "neuron_calls",
           "linear_calls", "model_names"]
