"""Drawings of computation graphs: DOT text, SVG content, collapsed views, missing dot."""

import html
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import graphviz
import numpy as np
import pytest

from retrograd import MLP, DenseMLP, Value
from retrograd.engine import topological_order
from retrograd.graph import (GraphvizNotFound, draw_collapsed, draw_dot, install_instructions,
                             render, stepthrough_html)
from retrograd.steps import backward_steps, format_number

from helpers import lesson_graph, needs_dot


GOLDEN_L = """digraph {
\tgraph [rankdir=LR]
\tv0 [label="{ a | data 2.0000 | grad 6.0000 }" shape=record]
\tv1 [label="{ b | data -3.0000 | grad -4.0000 }" shape=record]
\tv2 [label="{ e | data -6.0000 | grad -2.0000 }" shape=record]
\tv2op [label="*"]
\tv2op -> v2
\tv0 -> v2op
\tv1 -> v2op
\tv3 [label="{ c | data 10.0000 | grad -2.0000 }" shape=record]
\tv4 [label="{ d | data 4.0000 | grad -2.0000 }" shape=record]
\tv4op [label="+"]
\tv4op -> v4
\tv2 -> v4op
\tv3 -> v4op
\tv5 [label="{ f | data -2.0000 | grad 4.0000 }" shape=record]
\tv6 [label="{ L | data -8.0000 | grad 1.0000 }" shape=record]
\tv6op [label="*"]
\tv6op -> v6
\tv4 -> v6op
\tv5 -> v6op
}
"""


def svg_texts(svg: str) -> list[str]:
    """The text of every <text> element of an SVG (Graphviz writes '-' as &#45;)."""
    root = ET.fromstring(svg.encode() if isinstance(svg, str) else svg)
    return [html.unescape("".join(t.itertext())) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def model_and_loss(sizes=(16, 16, 1), x=(0.5, -0.5), seed=0):
    random.seed(seed)
    model = MLP(2, list(sizes))
    loss = (model(list(x)) - 1.0) ** 2
    loss.backward()
    return model, loss


# -- the full view -----------------------------------------------------------------


def test_golden_dot_of_the_lesson_graph_after_backward():
    L = lesson_graph()
    L.backward()
    assert draw_dot(L).source == GOLDEN_L


def test_before_backward_every_grad_shows_zero():
    source = draw_dot(lesson_graph()).source
    assert source.count("grad 0.0000") == 7


@needs_dot
def test_rendered_svg_shows_the_lesson_numbers(tmp_path):
    L = lesson_graph()
    L.backward()
    path = render(draw_dot(L), tmp_path / "L.svg")
    texts = svg_texts(path.read_text())
    assert "data -8.0000" in texts
    assert "grad 6.0000" in texts       # dL/da
    assert "grad -4.0000" in texts      # dL/db
    assert texts.count("grad -2.0000") == 3  # e, c, d
    assert {"a", "b", "c", "d", "e", "f", "L", "*", "+"} <= set(texts)


def test_same_graph_same_text_in_every_build_and_process():
    first, second = lesson_graph(), lesson_graph()
    first.backward()
    second.backward()
    assert draw_dot(first).source == draw_dot(second).source
    code = ("import sys; sys.path.insert(0, {tests!r}); from helpers import lesson_graph;"
            "from retrograd.graph import draw_dot; L = lesson_graph(); L.backward();"
            "sys.stdout.write(draw_dot(L).source)").format(tests=os.path.dirname(__file__))
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert other.stdout == draw_dot(first).source


def test_the_same_operand_twice_gets_two_edges():
    x = Value(3.0, label="x")
    source = draw_dot(x * x).source
    assert source.count("v0 -> v1op") == 2


@needs_dot
def test_record_special_characters_are_escaped_and_shown_literally():
    label = 'a|b {c} <d> "e" \\f'
    v = Value(1.0, label=label)
    y = v.tanh()
    source = draw_dot(y).source
    assert r'a\|b \{c\} \<d\> \"e\" \\f' in source
    texts = svg_texts(draw_dot(y).pipe(format="svg").decode())
    assert label in texts
    assert "data 1.0000" in texts


def test_top_to_bottom_records_stack_their_fields():
    # Side by side, a rank of boxes soon gets wider than the page: one field under the other.
    source = draw_dot(lesson_graph(), rankdir="TB").source
    assert 'v0 [label="{ a | data 2.0000 | grad 0.0000 }" shape=record]' in source
    assert "rankdir=TB" in source


@needs_dot
def test_top_to_bottom_drawings_are_narrower_than_left_to_right_ones():
    model, loss = model_and_loss((2, 2, 1))
    width = lambda g: float(re.search(r'<svg width="([\d.]+)pt"', g.pipe(format="svg").decode())[1])
    assert width(draw_dot(loss, model=model, rankdir="TB")) < \
        width(draw_dot(loss, model=model, rankdir="LR")) / 2


def test_digits_and_ids():
    v = Value(1 / 3)
    source = draw_dot(v * 2, digits=2, show_ids=True).source
    assert 'v0 [label="{ v0 | data 0.33 | grad 0.00 }"' in source
    assert 'v2 [label="{ v2 | data 0.67 | grad 0.00 }"' in source


def test_model_names_parameters_and_neuron_outputs_without_touching_values():
    model, loss = model_and_loss((2, 1))
    before = [repr(p) for p in model.parameters()]
    source = draw_dot(loss, model=model).source
    for name, p in model.named_parameters():
        assert f"{{ {name} | data {p.data:.4f} | grad {p.grad:.4f} }}" in source
    assert "{ layers.0.neurons.1 | data" in source  # a hidden neuron's output
    assert "{ layers.1.neurons.0 | data" in source  # the output neuron
    assert [repr(p) for p in model.parameters()] == before
    assert all(p.label == "" for p in model.parameters())


def test_a_label_of_its_own_is_kept_beside_the_model_name():
    model, _ = model_and_loss((1,))
    model.layers[0].neurons[0].w[0].label = "w0"
    out = model([1.0, 2.0])
    assert "{ w0 (layers.0.neurons.0.w.0) | data" in draw_dot(out, model=model).source


def test_too_big_a_graph_is_refused_with_a_pointer_to_the_collapsed_view():
    model, loss = model_and_loss()
    n = len(topological_order(loss))
    assert n > 1000
    with pytest.raises(ValueError, match=r"draw_collapsed\(root, model\)") as info:
        draw_dot(loss, model=model)
    assert f"has {n} Values" in str(info.value)
    assert len(draw_dot(loss, max_nodes=n).body) > n  # allowed when asked for
    with pytest.raises(ValueError, match="max_nodes=6"):
        draw_dot(lesson_graph(), max_nodes=6)
    assert draw_dot(lesson_graph(), max_nodes=7).source.count("shape=record") == 7


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match=r"draw_dot\(root\): root must be a Value.*float"):
        draw_dot(3.0)
    with pytest.raises(ValueError, match="rankdir must be one of LR, RL, TB, BT"):
        draw_dot(Value(1.0), rankdir="left")
    with pytest.raises(ValueError, match="'word' is not a Graphviz output format"):
        draw_dot(Value(1.0), format="word")


# -- the collapsed view --------------------------------------------------------------


def node_names(dot) -> list[str]:
    """The node statements of a drawing, by name (edges and attributes left out)."""
    return [m.group(1) for line in dot.body
            if (m := re.match(r"\t(\w+) \[label=", line))]


def test_collapsed_view_has_one_box_per_neuron():
    model, loss = model_and_loss()
    dot = draw_collapsed(loss, model)
    names = node_names(dot)
    neurons = [n for n in names if n.startswith("n")]
    assert len(neurons) == 16 + 16 + 1
    assert [n for n in names if n.startswith("x")] == ["x0", "x1"]
    # Parameters, products and sums are inside the boxes: only the loss is drawn Value by Value.
    assert [n for n in names if re.fullmatch(r"v\d+", n)] == ["v1009", "v1010", "v1011"]
    # ^ the constant -1, score - 1 and its square: 1009 Values are inside boxes
    source = dot.source
    for layer, size in ((0, 16), (1, 16), (2, 1)):
        for j in range(size):
            assert source.count(f"{{ layers.{layer}.neurons.{j} |") == 1
    edges = [line for line in dot.body if "->" in line]
    assert len(edges) == 2 * 16 + 16 * 16 + 16 + 5  # inputs, layer to layer, the loss part


def test_collapsed_boxes_show_each_neuron_output_and_input_gradients():
    random.seed(3)
    model = MLP(2, [3, 1], activation="tanh")
    x0, x1 = Value(0.5, label="x0"), Value(-1.5, label="x1")
    score = model([x0, x1])
    loss = (score - 1.0) ** 2
    loss.backward()
    source = draw_collapsed(loss, model).source
    assert f"{{ layers.1.neurons.0 | LinearNeuron(3) | data {score.data:.4f} | grad {score.grad:.4f} }}" in source
    assert "{ layers.0.neurons.2 | TanhNeuron(2) | data " in source
    assert f"{{ x0 | data 0.5000 | grad {x0.grad:.4f} }}" in source
    assert f"{{ x1 | data -1.5000 | grad {x1.grad:.4f} }}" in source


def test_plain_number_inputs_are_merged_and_their_gradients_summed():
    random.seed(3)
    model = MLP(2, [3, 1])
    x0, x1 = Value(0.5), Value(-1.5)
    loss = (model([x0, x1]) - 1.0) ** 2
    loss.backward()
    random.seed(3)
    same = MLP(2, [3, 1])
    floats = (same([0.5, -1.5]) - 1.0) ** 2
    floats.backward()
    source = draw_collapsed(floats, same).source
    assert f"{{ x0 | data 0.5000 | grad {x0.grad:.4f} }}" in source
    assert f"{{ x1 | data -1.5000 | grad {x1.grad:.4f} }}" in source


def test_layer_view_has_one_box_per_layer_listing_its_neurons():
    model, loss = model_and_loss((4, 4, 1))
    dot = draw_collapsed(loss, model, level="layer")
    names = node_names(dot)
    assert [n for n in names if n.startswith("l")] == ["l0", "l1", "l2"]
    source = dot.source
    assert "layers.0: 4 × ReLUNeuron(2)" in source
    assert "layers.2: 1 × LinearNeuron(4)" in source
    out = model.layers[0].neurons[3]([0.5, -0.5])
    assert f"{{ neurons.3 | data {out.data:.4f} |" in source


def test_layer_view_lists_at_most_max_rows_neurons():
    model, loss = model_and_loss((30, 1))
    source = draw_collapsed(loss, model, level="layer", max_rows=20).source
    assert "… 10 more" in source
    assert "neurons.19 |" in source and "neurons.20 |" not in source


def test_a_batch_gets_one_box_per_call():
    random.seed(1)
    model = MLP(2, [3, 1])
    loss = sum((model([x, -x]) - 1.0) ** 2 for x in (0.1, 0.2))
    loss.backward()
    names = node_names(draw_collapsed(loss, model))
    assert sorted(n for n in names if n.startswith("n")) == sorted(
        f"n{i}c{k}" for i in range(4) for k in range(2))
    assert "x0 #1" in draw_collapsed(loss, model).source


def test_a_sigmoid_after_a_linear_output_stays_outside_the_neuron():
    model, _ = model_and_loss((2, 1))
    prob = model([0.3, 0.4]).sigmoid()  # the lab's post-processing
    source = draw_collapsed(prob, model).source
    assert "v" + str(len(topological_order(prob)) - 1) + "op [label=sigmoid]" in source


def test_collapsed_view_of_a_graph_without_the_model_is_refused():
    model, _ = model_and_loss((2, 1))
    with pytest.raises(ValueError, match="no neuron of this model"):
        draw_collapsed(lesson_graph(), model)
    with pytest.raises(TypeError, match="retrograd.nn Module"):
        draw_collapsed(lesson_graph(), object())
    with pytest.raises(ValueError, match="level must be 'neuron' or 'layer'"):
        draw_collapsed(lesson_graph(), model, level="weights")


@needs_dot
def test_collapsed_view_renders(tmp_path):
    model, loss = model_and_loss()
    texts = svg_texts(render(draw_collapsed(loss, model), tmp_path / "mlp.svg").read_text())
    assert sum(t.startswith("layers.") for t in texts) == 33
    assert texts.count("ReLUNeuron(16)") == 16


# -- dense models ---------------------------------------------------------------------

GOLDEN_DENSE = """digraph {
\tgraph [rankdir=LR]
\tv0 [label="{ X | data [1.0000, 2.0000, 3.0000, …] (2×2) | grad [0.5000, -1.0000, 0.5000, …] (2×2) }" shape=record]
\tv1 [label="{ layers.0.weight | data [0.5000, -1.0000] (1×2) | grad [4.0000, 6.0000] (1×2) }" shape=record]
\tv2 [label="{  | data [-1.5000, -2.5000] (2×1) | grad [1.0000, 1.0000] (2×1) }" shape=record]
\tv2op [label="@ᵀ"]
\tv2op -> v2
\tv0 -> v2op
\tv1 -> v2op
\tv3 [label="{ layers.0.bias | data [0.2500] (1) | grad [2.0000] (1) }" shape=record]
\tv4 [label="{ layers.0 | data [-1.2500, -2.2500] (2×1) | grad [1.0000, 1.0000] (2×1) }" shape=record]
\tv4op [label="+"]
\tv4op -> v4
\tv2 -> v4op
\tv3 -> v4op
\tv5 [label="{  | data -3.5000 | grad 1.0000 }" shape=record]
\tv5op [label=sum]
\tv5op -> v5
\tv4 -> v5op
}
"""


def dense_model_and_loss(sizes=(3, 2), n=5, seed=0):
    random.seed(seed)
    model = DenseMLP(2, list(sizes))
    X = Value(np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)), label="X")
    out = model(X)
    loss = ((out - 1.0) ** 2).mean()
    loss.backward()
    return model, X, out, loss


def test_golden_dot_of_a_dense_layer_shows_shapes_and_first_numbers():
    model = DenseMLP.from_parameters(2, [1], [0.5, -1.0, 0.25])
    X = Value(np.array([[1.0, 2.0], [3.0, 4.0]]), label="X")
    loss = model(X).sum()
    loss.backward()
    assert draw_dot(loss, model=model).source == GOLDEN_DENSE
    assert draw_dot(loss, model=model).source == GOLDEN_DENSE  # the same text every time


def test_a_wide_dense_network_draws_a_few_records_per_layer():
    model, _, _, loss = dense_model_and_loss(sizes=(300, 300, 1), n=64)
    names = node_names(draw_dot(loss, model=model))
    records = [n for n in names if re.fullmatch(r"v\d+", n)]
    # X; weight, x @ weight.T, bias, + and ReLU for each hidden layer, no ReLU after the
    # last; then the loss: the constant 1, out - 1, its square and their mean.
    assert len(records) == 1 + 5 + 5 + 4 + 4


def test_collapsed_dense_model_has_one_box_per_linear_call():
    model, X, out, loss = dense_model_and_loss()
    dot = draw_collapsed(loss, model)
    names = node_names(dot)
    assert [n for n in names if not re.fullmatch(r"v\d+(op)?", n)] == ["x0", "n0", "n1"]
    source = dot.source
    hidden = model.layers[0](X)
    assert (f"{{ layers.0 | Linear(2, 3, activation='relu') | "
            f"data {format_number(hidden.data)} |") in source
    assert "(5×3)" in source
    assert (f"{{ layers.1 | Linear(3, 2, activation='linear') | data {format_number(out.data)} "
            f"| grad {format_number(out.grad)} }}") in source
    assert f"{{ X | data {format_number(X.data)} | grad {format_number(X.grad)} }}" in source
    edges = [line.split(" [")[0].strip() for line in dot.body if "->" in line]
    first_loss_op = names[4]  # after x0, n0, n1 and the constant -1: out + (-1)
    assert "x0 -> n0" in edges and "n0 -> n1" in edges and f"n1 -> {first_loss_op}op" in edges
    # The layer view draws the same boxes: a Linear is one layer already.
    by_layer = draw_collapsed(loss, model, level="layer")
    assert [n for n in node_names(by_layer)
            if not re.fullmatch(r"v\d+(op)?", n)] == ["x0", "l0", "l1"]
    assert by_layer.source.replace("l0", "n0").replace("l1", "n1") == source


def test_a_dense_model_called_twice_gets_a_box_per_call():
    random.seed(1)
    model = DenseMLP(2, [3, 1])
    loss = model(np.ones((4, 2))).sum() + model(np.zeros((2, 2))).sum()
    loss.backward()
    dot = draw_collapsed(loss, model)
    names = node_names(dot)
    assert sorted(n for n in names if n.startswith("n")) == ["n0c0", "n0c1", "n1c0", "n1c1"]
    assert "{ layers.0 #1 | Linear(2, 3, activation='relu') | data [0.0000" in dot.source
    assert "{ x #0 | data [1.0000, 1.0000, 1.0000, …] (4×2)" in dot.source


def test_a_dense_graph_without_its_model_is_refused():
    scalar, _ = model_and_loss((2, 1))
    _, _, _, loss = dense_model_and_loss()
    with pytest.raises(ValueError, match="no neuron of this model.*DenseMLPs"):
        draw_collapsed(loss, scalar)


# -- rendering, and what happens without dot ------------------------------------------


@needs_dot
def test_render_writes_the_format_of_the_suffix(tmp_path):
    dot = draw_dot(lesson_graph())
    assert render(dot, tmp_path / "L.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert render(dot, tmp_path / "L.pdf").read_bytes()[:5] == b"%PDF-"
    assert render(dot, tmp_path / "sub" / "L.svg").read_text().lstrip().startswith("<?xml")
    assert render(dot, tmp_path / "L.dot").read_text() == dot.source
    with pytest.raises(ValueError, match=r"end the file name with \.svg, \.png, \.pdf"):
        render(dot, tmp_path / "L.jpeg")


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """A PATH on which Graphviz's dot cannot be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_dot_the_graph_and_its_source_still_work(no_dot, tmp_path):
    L = lesson_graph()
    L.backward()
    dot = draw_dot(L)
    assert dot.source == GOLDEN_L
    assert isinstance(dot, graphviz.Digraph)
    with pytest.raises(GraphvizNotFound) as info:
        render(dot, tmp_path / "L.svg")
    message = str(info.value)
    assert isinstance(info.value, RuntimeError)
    assert "failed to execute 'dot'" in message  # Graphviz's own words
    assert message.endswith("Install it with: " + install_instructions())
    assert not (tmp_path / "L.svg").exists()
    assert render(dot, tmp_path / "L.dot").read_text() == GOLDEN_L  # needs no dot


def test_without_dot_every_way_of_rendering_explains(no_dot, tmp_path):
    dot = draw_dot(lesson_graph())
    for attempt in (lambda: dot.pipe(format="svg"),
                    lambda: dot.render(tmp_path / "x", format="png"),
                    lambda: render(graphviz.Digraph(), tmp_path / "plain.png"),
                    lambda: stepthrough_html(lesson_graph())):
        with pytest.raises(GraphvizNotFound, match="Install it with"):
            attempt()
    bundle = dot._repr_mimebundle_()  # what Jupyter shows: the message, not a traceback
    assert list(bundle) == ["text/plain"] and "Install it with" in bundle["text/plain"]


def test_install_instructions_are_one_line_with_the_readme_command():
    from pathlib import Path

    line = install_instructions()
    assert "\n" not in line and "brew install graphviz" in line
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert line.split("   ")[0] in readme  # sudo apt-get install graphviz


# -- backward, one step at a time ------------------------------------------------------


def test_steps_of_the_lesson_graph():
    L = lesson_graph()
    steps = backward_steps(L)
    names = lambda v: v.label  # noqa: E731
    assert [s.chain(names) for s in steps] == [
        "dL/dL = 1.0000",
        "dL/dd = dL/dL · dL/dd = 1.0000 · -2.0000 = -2.0000",
        "dL/df = dL/dL · dL/df = 1.0000 · 4.0000 = 4.0000",
        "dL/de = dL/dd · dd/de = -2.0000 · 1.0000 = -2.0000",
        "dL/dc = dL/dd · dd/dc = -2.0000 · 1.0000 = -2.0000",
        "dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000",
        "dL/db = dL/de · de/db = -2.0000 · 2.0000 = -4.0000",
    ]
    assert steps[5].rule(names) == "e = a * b, so de/da = b = -3.0000"
    assert steps[3].rule(names) == "d = e + c, so dd/de = 1 = 1.0000"
    assert all(v.grad == 0 for v in topological_order(L))  # nothing was changed


def graphs():
    """Expressions using every operation, reuse and constants."""
    x, y, z = Value(0.7, label="x"), Value(-1.3, label="y"), Value(2.0, label="z")
    yield (x * y + z).tanh() * x
    yield (x.exp() + y.sigmoid()) / (z.log() - x) + x ** 3
    yield (x * x * x - 2 * x).relu() + (y - x) ** z + 1 / y
    yield (-x + 3) ** -2 * z.relu() - y.tanh() * y


@pytest.mark.parametrize("k", range(4))
def test_replayed_steps_end_where_backward_ends_to_the_last_bit(k):
    root = list(graphs())[k]
    final = {}
    for s in backward_steps(root):
        final[s.target] = s.after
    root.backward()
    for v in topological_order(root):  # repr: equal bits, nan included
        assert repr(final.get(v, 0)) == repr(v.grad), v.label


def test_accumulate_replays_the_next_backward():
    x = Value(1.5, label="x")
    y = (x * x).tanh()
    y.backward()
    steps = backward_steps(y, accumulate=True)
    y.backward()
    last = [s for s in steps if s.target is x][-1]
    assert last.after == x.grad
    assert steps[-1].accumulates


def test_rules_name_each_local_derivative():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    cases = {
        "p": (a ** b, "p = a**b, so dp/da = b·a**(b - 1) = 12.0000"),
        "q": (a ** 2, "q = a**2, so dq/da = 2·a**(2 - 1) = 4.0000"),
        "r": (a.tanh(), "r = tanh(a), so dr/da = 1 - r² = 0.0707"),
        "s": (a.exp(), "s = exp(a), so ds/da = exp(a) = s = 7.3891"),
        "t": (a.relu(), "t = ReLU(a), so dt/da = (1 if a > 0 else 0) = 1.0000"),
        "u": (a.log(), "u = log(a), so du/da = 1/a = 0.5000"),
        "w": (a.sigmoid(), "w = sigmoid(a), so dw/da = w·(1 - w) = 0.1050"),
    }
    for label, (out, expected) in cases.items():
        out.label = label
        assert backward_steps(out)[1].rule(lambda v: v.label) == expected
    p = a ** b
    p.label = "p"
    assert backward_steps(p)[2].rule(lambda v: v.label) == "p = a**b, so dp/db = a**b·log(a) = 5.5452"


# -- the step-through page, without a browser (the browser test is separate) ----------------


@needs_dot
def test_stepthrough_page_is_self_contained_and_leaves_values_alone(tmp_path):
    L = lesson_graph()
    page = stepthrough_html(L, tmp_path / "steps.html")
    assert (tmp_path / "steps.html").read_text(encoding="utf-8") == page
    assert all(v.grad == 0 for v in topological_order(L))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    for i in range(7):
        assert f'id="grad-v{i}"' in page and f'id="data-v{i}"' in page
    assert '"chain": "dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000"' in page
    assert 'data-steps="7"' in page
    assert page == stepthrough_html(lesson_graph())  # the same page in every build


@needs_dot
def test_stepthrough_page_size_stays_sane_and_huge_graphs_are_refused():
    model, loss = model_and_loss((4, 1))
    n = len(topological_order(loss))
    assert 40 <= n <= 80
    page = stepthrough_html(loss, model=model)
    assert len(page.encode()) < 150_000
    assert "layers.0.neurons.3.w.1" in page
    big_model, big_loss = model_and_loss((16, 1))
    with pytest.raises(ValueError, match="draw_collapsed"):
        stepthrough_html(big_loss, max_nodes=100)


@needs_dot
@pytest.mark.parametrize("name", ["g.svg", "g.dot", "steps.html"])
def test_files_are_replaced_atomically(tmp_path, monkeypatch, name):
    """A failure before the new file is complete leaves the old one, and no temporary file."""
    path = tmp_path / name
    path.write_text("old picture")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        if name.endswith(".html"):
            stepthrough_html(lesson_graph(), path)
        else:
            render(draw_dot(lesson_graph()), path)
    monkeypatch.undo()
    assert path.read_text() == "old picture" and os.listdir(tmp_path) == [name]


def test_a_title_that_looks_like_a_page_marker_stays_text():
    page = stepthrough_html(lesson_graph(), title="@SVG@ or @DATA@?")
    assert "<title>@SVG@ or @DATA@?</title>" in page
    assert page.count("<svg") == 1
    assert page.count('id="steps-data"') == 1
