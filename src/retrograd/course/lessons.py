"""The check cells of lessons 1 and 2: the student's own ``Value`` against retrograd's.

In lessons 1 and 2 the student writes micrograd's ``Value`` class cell by
cell. After each step, a check cell calls one function of this module with
what the student wrote (the class, or the last node of an expression); the
function builds small expressions with it, builds the same expressions with
``retrograd.Value``, and prints with ``feedback.verdict`` which points agree
and which do not yet, never the expected numbers. The verdicts are kept by
``feedback.results``; the functions return nothing, so that a check cell shows
only its printout. Student code may raise
anything, or return anything: a point whose code raises is a point not yet
done, and the message names the exception.

>>> from retrograd.language import set_language
>>> set_language("en")
>>> from retrograd import Value
>>> check_graph(Value)
step 1 (the graph of an expression): done
  ✓ a + b and a * b give Values with the right numbers
  ✓ each result records its operation in _op ('+' or '*')
  ✓ each result keeps its two operands in _prev
"""

from __future__ import annotations

import math
from typing import Callable

from ..engine import Value as Reference
from ..language import say
from .feedback import verdict

# The neuron of the lessons: o = tanh(x1*w1 + x2*w2 + b), with o = 1/sqrt(2).
NEURON = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}


def _close(x, y) -> bool:
    try:
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12)
    except (TypeError, ValueError):
        return False


def _attempt(build: Callable):
    """``(result, None)``, or ``(None, 'ExceptionName')`` if the student's code raised."""
    try:
        return build(), None
    except Exception as error:  # noqa: BLE001 - student code may raise anything
        return None, type(error).__name__


def _raised(error: str | None, fr: str, en: str) -> tuple[str, str]:
    """The texts of a point, with the exception the student's code raised, if any."""
    if error is None:
        return fr, en
    return f"{fr} (votre code lève l'exception {error})", f"{en} (your code raises {error})"


def _children(node) -> list:
    return list(getattr(node, "_prev", ()) or ())


def _nodes(root) -> list:
    """Every node of the student's graph under ``root``, each once, operands first."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
    return order


def _shape(node, memo: dict) -> tuple:
    """The graph under ``node`` as nested tuples, operands in no particular order:
    two graphs have the same shape when they have the same operations on the same
    numbers, whatever the order in which each node keeps its operands (and
    whether ``a + a`` keeps ``a`` once, in a set as micrograd does, or twice)."""
    key = id(node)
    if key not in memo:
        children = list({id(c): c for c in _children(node)}.values())
        if not children:
            memo[key] = ("", round(float(node.data), 9))
        else:
            memo[key] = (str(getattr(node, "_op", "")),
                         tuple(sorted((_shape(c, memo) for c in children), key=repr)))
    return memo[key]


# -- lesson 1 -------------------------------------------------------------------------

def check_graph(value_class) -> None:
    """Step 1: ``+`` and ``*`` give Values that remember their operands and operation."""
    V = value_class

    def build():
        a, b, c = V(2.0), V(-3.0), V(10.0)
        s, e = a + b, a * b
        d = e + c
        return a, b, c, s, e, d

    nodes, error = _attempt(build)
    numbers = ops = operands = False
    if nodes is not None:
        a, b, c, s, e, d = nodes
        numbers = all(isinstance(x, V) for x in (s, e, d)) and \
            _close(s.data, -1.0) and _close(e.data, -6.0) and _close(d.data, 4.0)
        ops = numbers and getattr(s, "_op", None) == "+" and getattr(e, "_op", None) == "*"
        operands = numbers and _same_members(_children(d), [e, c]) and \
            _same_members(_children(e), [a, b])
    verdict(say(fr="étape 1 (le graphe d'une expression)",
                       en="step 1 (the graph of an expression)"), [
        (numbers, *_raised(error, "a + b et a * b donnent des Value aux bons nombres",
                           "a + b and a * b give Values with the right numbers")),
        (ops, "chaque résultat note son opération dans _op ('+' ou '*')",
         "each result records its operation in _op ('+' or '*')"),
        (operands, "chaque résultat garde ses deux opérandes dans _prev",
         "each result keeps its two operands in _prev"),
    ])


def _same_members(got, wanted) -> bool:
    return len(got) == len(wanted) and all(any(g is w for g in got) for w in wanted)


def check_gradients(root) -> None:
    """The gradients set by hand on the graph under ``root``, node by node (named
    by their labels), against those retrograd's ``backward()`` computes."""
    copies, error = _attempt(lambda: _rebuild(root))
    points = []
    if copies is None:
        points.append((False, *_raised(error, "le graphe se relit", "the graph can be read")))
    else:
        for node in _nodes(root):
            label = getattr(node, "label", "") or "?"
            right = _close(node.grad, copies[id(node)].grad)
            points.append((right, f"dL/d{label}" + (" juste" if right else " à revoir"),
                           f"dL/d{label}" + (" is right" if right else " is not right yet")))
    verdict(say(fr="étape 2 (les gradients à la main)",
                       en="step 2 (the gradients by hand)"), points)


def _rebuild(root) -> dict:
    """retrograd copies of the nodes under the student's ``root`` (same operations,
    same numbers), by ``id`` of the student's node, after ``backward()`` on the copy."""
    copies: dict[int, Reference] = {}
    for node in _nodes(root):
        children = [copies[id(c)] for c in _children(node)]
        op = str(getattr(node, "_op", ""))
        if not children:
            copies[id(node)] = Reference(float(node.data))
        elif op == "+" and len(children) == 2:
            copies[id(node)] = children[0] + children[1]
        elif op == "*" and len(children) == 2:
            copies[id(node)] = children[0] * children[1]
        elif op in ("tanh", "exp") and len(children) == 1:
            copies[id(node)] = getattr(children[0], op)()
        elif op.startswith("**") and len(children) == 1:
            copies[id(node)] = children[0] ** float(op[2:])
        else:
            raise ValueError(f"operation {op!r} with {len(children)} operands")
    copies[id(root)].backward()
    return copies


def check_tanh(value_class) -> None:
    """Step 3: ``tanh`` computes the hyperbolic tangent and records its operand."""
    V = value_class
    built, error = _attempt(lambda: [(x, x.tanh()) for x in (V(0.5), V(-2.0), V(0.0))])
    numbers = node = False
    if built is not None:
        numbers = all(isinstance(t, V) and _close(t.data, math.tanh(x.data)) for x, t in built)
        node = numbers and all(getattr(t, "_op", None) == "tanh" and
                               _same_members(_children(t), [x]) for x, t in built)
    verdict(say(fr="étape 3 (tanh)", en="step 3 (tanh)"), [
        (numbers, *_raised(error, "x.tanh() donne la tangente hyperbolique de x",
                           "x.tanh() gives the hyperbolic tangent of x")),
        (node, "le résultat note l'opération 'tanh' et son opérande x",
         "the result records the operation 'tanh' and its operand x"),
    ])


def check_closures(value_class) -> None:
    """Step 4: the ``_backward`` of ``+``, ``*`` and ``tanh`` each do one chain-rule
    step: they use the result's gradient and the local derivatives."""
    V = value_class
    points = []
    cases = (
        ("+", lambda a, b: a + b, (1.5, -4.0)),
        ("*", lambda a, b: a * b, (1.5, -4.0)),
        ("tanh", lambda a, b: a.tanh(), (0.5, 0.0)),
    )
    for op, build, (x, y) in cases:
        def run(build=build, x=x, y=y):
            a, b = V(x), V(y)
            out = build(a, b)
            out.grad = 3.0  # not 1: a _backward that forgets out.grad shows it
            out._backward()
            return a, b
        done, error = _attempt(run)
        reference = _reference_step(build, x, y)
        right = done is not None and all(_close(got.grad, want) for got, want in
                                         zip(done, reference))
        points.append((right, *_raised(error, f"le _backward de {op} donne les bons gradients",
                                       f"the _backward of {op} gives the right gradients")))
    verdict(say(fr="étape 4 (les fonctions _backward)", en="step 4 (the _backward functions)"),
                   points)


def _reference_step(build, x, y) -> tuple:
    a, b = Reference(x), Reference(y)
    out = build(a, b)
    out.backward(3.0)
    return a.grad, b.grad


def check_backward(value_class) -> None:
    """Step 5: ``backward()`` orders the graph and calls every ``_backward`` from the
    output to the inputs."""
    points = []
    for fr, en, build in (("sur L = (a*b + c)*f", "on L = (a*b + c)*f", _expression_L),
                          ("sur le neurone", "on the neuron", _expression_neuron)):
        done, error = _run(build, value_class)
        _, theirs = _reference(build)
        right = done is not None and _close(done[0].grad, 1.0) and _same_gradients(done[1], theirs)
        points.append((right, *_raised(error, f"backward() {fr} : tous les gradients justes",
                                       f"backward() {en}: every gradient right")))
    verdict(say(fr="étape 5 (backward)", en="step 5 (backward)"), points)


# An expression builder takes a Value class and returns the output and the leaves
# it made, so that leaves are compared by their place, whatever order the
# student's nodes keep their operands in.

def _expression_L(V):
    a, b, c, f = V(2.0), V(-3.0), V(10.0), V(-2.0)
    return (a * b + c) * f, [a, b, c, f]


def _expression_neuron(V):
    leaves = [V(NEURON[k]) for k in ("x1", "x2", "w1", "w2", "b")]
    x1, x2, w1, w2, b = leaves
    return (x1 * w1 + x2 * w2 + b).tanh(), leaves


def _expression_deep(V):
    leaves = [V(0.5), V(-1.5), V(2.0), V(0.75), V(-0.25)]
    a, b, c, d, e = leaves  # each used once: lesson 1's _backward may still assign
    return ((a * b + c).tanh() * d + e).tanh(), leaves


def _run(build, value_class):
    """The student's expression after backward(), and its leaves; or the exception's name."""
    def go():
        out, leaves = build(value_class)
        out.backward()
        return out, leaves
    return _attempt(go)


def _reference(build):
    out, leaves = build(Reference)
    out.backward()
    return out, leaves


def _same_gradients(mine: list, theirs: list) -> bool:
    return len(mine) == len(theirs) and all(_close(m.grad, t.grad) for m, t in zip(mine, theirs))


# -- lesson 2 -------------------------------------------------------------------------

def check_accumulation(value_class) -> None:
    """Step 1 of lesson 2: a value used twice receives the sum of its gradients."""
    points = []
    for name, build in (("b = a + a", _twice), ("f = (a*b) * (a+b)", _both_paths)):
        done, error = _run(build, value_class)
        right = done is not None and _same_gradients(done[1], _reference(build)[1])
        points.append((right, *_raised(error, f"{name} : les gradients des feuilles sont justes",
                                       f"{name}: the leaves' gradients are right")))
    verdict(say(fr="étape 1 (les gradients s'ajoutent)",
                       en="step 1 (gradients add up)"), points)


def _twice(V):
    a = V(3.0)
    return a + a, [a]


def _both_paths(V):
    a, b = V(-2.0), V(3.0)
    return (a * b) * (a + b), [a, b]


def _one(make):
    """A builder for an expression of one leaf ``a`` = 2, 3 or 0.5, as ``make`` says."""
    def build(V):
        a, out = make(V)
        return out, [a]
    return build


def _two(operation):
    def build(V):
        a, b = V(2.0), V(4.0)
        return operation(a, b), [a, b]
    return build


def _tanh_from_exp(V):
    n = V(0.8813735870195432)
    e = (2 * n).exp()
    return (e - 1) / (e + 1), [n]


def _with(x, operation):
    def make(V):
        a = V(x)
        return a, operation(a)
    return make


OPERATIONS = (
    # (what the student reads, how to build it from a Value class V)
    ("a + 1", _one(_with(2.0, lambda a: a + 1))),
    ("1 + a", _one(_with(2.0, lambda a: 1 + a))),
    ("2 * a", _one(_with(3.0, lambda a: 2 * a))),
    ("a ** 3", _one(_with(2.0, lambda a: a ** 3))),
    ("-a", _one(_with(2.0, lambda a: -a))),
    ("a.exp()", _one(_with(0.5, lambda a: a.exp()))),
    ("a / b", _two(lambda a, b: a / b)),
    ("a - b", _two(lambda a, b: a - b)),
    ("(e - 1) / (e + 1), e = (2*n).exp()", _tanh_from_exp),
)


def check_operations(value_class) -> None:
    """Step 2 of lesson 2: constants, reflected operators, powers, division,
    subtraction and exp give the right number and the right gradients."""
    points = []
    for name, build in OPERATIONS:
        done, error = _run(build, value_class)
        out, theirs = _reference(build)
        right = done is not None and _close(done[0].data, out.data) and \
            _same_gradients(done[1], theirs)
        points.append((right, *_raised(error, f"{name} : valeur et gradients justes",
                                       f"{name}: value and gradients right")))
    verdict(say(fr="étape 2 (les nouvelles opérations)", en="step 2 (the new operations)"),
                   points)


def check_network(neuron_class, layer_class, mlp_class) -> None:
    """Step 3 of lesson 2: a neuron computes tanh(w·x + b) with its own parameters, a
    layer holds its neurons, a network its layers, and each lists its parameters."""
    def neuron():
        n = neuron_class(3)
        out = n([2.0, 3.0, -1.0])
        params = n.parameters()
        w, b = [p.data for p in params[:-1]], params[-1].data
        expected = math.tanh(sum(wi * xi for wi, xi in zip(w, [2.0, 3.0, -1.0])) + b)
        return len(params) == 4 and _close(out.data, expected)

    def layer():
        outs = layer_class(2, 3)([0.2, 0.3])
        return len(outs) == 3 and len(layer_class(2, 3).parameters()) == 9

    def mlp():
        return len(mlp_class(3, [4, 4, 1]).parameters()) == 41

    points = []
    for build, fr, en in ((neuron, "Neuron(3) : tanh(w·x + b) et 4 paramètres",
                           "Neuron(3): tanh(w·x + b) and 4 parameters"),
                          (layer, "Layer(2, 3) : 3 sorties et 9 paramètres",
                           "Layer(2, 3): 3 outputs and 9 parameters"),
                          (mlp, "MLP(3, [4, 4, 1]) : 41 paramètres",
                           "MLP(3, [4, 4, 1]): 41 parameters")):
        right, error = _attempt(build)
        points.append((bool(right), *_raised(error, fr, en)))
    verdict(say(fr="étape 3 (neurone, couche, réseau)", en="step 3 (neuron, layer, network)"),
                   points)


# -- the end of each lesson: the student's Value against retrograd's ------------------

EXPRESSIONS = {
    1: (("L = (a*b + c)*f", _expression_L), ("o = tanh(x1*w1 + x2*w2 + b)", _expression_neuron),
        ("tanh(tanh(a*b + c)*d + e)", _expression_deep)),
    2: (("b = a + a", _twice), ("f = (a*b) * (a+b)", _both_paths),
        ("o = tanh(x1*w1 + x2*w2 + b)", _expression_neuron),
        *OPERATIONS),
}


def compare_with_retrograd(value_class, lesson: int) -> None:
    """The student's ``Value`` and ``retrograd.Value`` on the expressions of
    ``lesson`` (1 or 2): the same numbers, the same gradients after
    ``backward()``, and the same graph (the same operations on the same operands,
    in any order)."""
    if lesson not in EXPRESSIONS:
        raise ValueError(f"compare_with_retrograd(lesson): lesson must be 1 or 2, got {lesson!r}")
    numbers = gradients = graphs = True
    errors = []
    for _, build in EXPRESSIONS[lesson]:
        done, error = _run(build, value_class)
        out, theirs = _reference(build)
        if done is None:
            numbers = gradients = graphs = False
            errors.append(error)
            continue
        numbers &= _close(done[0].data, out.data)
        gradients &= _same_gradients(done[1], theirs)
        graphs &= _shape(done[0], {}) == _shape(out, {})
    error = errors[0] if errors else None
    count = len(EXPRESSIONS[lesson])
    verdict(say(fr=f"leçon {lesson} : votre Value et celle de retrograd",
                       en=f"lesson {lesson}: your Value and retrograd's"), [
        (numbers, *_raised(error, f"les mêmes nombres sur les {count} expressions",
                           f"the same numbers on the {count} expressions")),
        (gradients, "les mêmes gradients après backward()",
         "the same gradients after backward()"),
        (graphs, "le même graphe : mêmes opérations, mêmes opérandes",
         "the same graph: the same operations on the same operands"),
    ])


__all__ = ["check_graph", "check_gradients", "check_tanh", "check_closures", "check_backward",
           "check_accumulation", "check_operations", "check_network", "compare_with_retrograd"]
