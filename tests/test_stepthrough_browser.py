"""The backpropagation step-through page, driven in a real headless Chromium.

Debian's /usr/bin/chromium is launched through Playwright (no browser download,
no chromium-driver): `make system-deps` installs it with Graphviz.
"""

import random

import pytest

from retrograd import MLP
from retrograd.engine import topological_order
from retrograd.graph import stepthrough_html
from retrograd.steps import backward_steps

from helpers import lesson_values, needs_chromium, needs_dot

pytestmark = [needs_chromium, needs_dot, pytest.mark.slow]


@pytest.fixture
def open_page(browser, tmp_path):
    """Write a step-through page for ``root`` and open it; collect requests and errors."""
    pages = []

    def opener(root, **kwargs):
        path = tmp_path / "steps.html"
        stepthrough_html(root, path, **kwargs)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.requests, page.errors = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(path.as_uri())
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def shown_grad(page, node: str) -> str:
    return page.text_content(f"#grad-{node}")


def test_stepping_through_the_lesson_graph(open_page):
    values = lesson_values()
    L, a, b, c, d, e, f = (values[name] for name in "Labcdef")
    order = topological_order(L)
    ids = {v: f"v{i}" for i, v in enumerate(order)}
    page = open_page(L)

    assert page.text_content("#counter") == "step 0 of 7"
    assert all(shown_grad(page, ids[v]) == "grad 0.0000" for v in order)
    assert page.is_disabled("#prev")

    for _ in range(3):  # seed, dL/dd, dL/df: by clicking
        page.click("#next")
    assert page.get_attribute("#counter", "data-step") == "3"
    assert shown_grad(page, ids[d]) == "grad -2.0000"
    assert shown_grad(page, ids[f]) == "grad 4.0000"
    assert shown_grad(page, ids[a]) == "grad 0.0000"  # not reached yet

    for _ in range(3):  # dL/de, dL/dc, dL/da: with the keyboard
        page.keyboard.press("ArrowRight")
    assert page.text_content("#counter") == "step 6 of 7"
    assert page.text_content("#chain") == "dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000"
    assert page.text_content("#rule") == "e = a * b, so de/da = b = -3.0000"
    assert "target" in page.get_attribute(f"#{ids[a]}", "class")
    assert "current" in page.get_attribute(f"#{ids[e]}", "class")
    assert "active" in page.get_attribute(f"#e{order.index(e)}a", "class")

    page.keyboard.press("ArrowLeft")  # back: a loses its gradient again
    assert page.text_content("#counter") == "step 5 of 7"
    assert shown_grad(page, ids[a]) == "grad 0.0000"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # past the end: stays on the last step
    assert page.text_content("#counter") == "step 7 of 7"
    assert page.is_disabled("#next")

    assert all(v.grad == 0 for v in order)  # the page was made without touching the graph
    L.backward()
    for v in order:
        assert shown_grad(page, ids[v]) == f"grad {v.grad:.4f}"
        assert float(page.get_attribute(f"#grad-{ids[v]}", "data-value")) == v.grad

    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests)  # nothing from the network


def test_every_gradient_of_a_small_network_matches_the_engine(open_page):
    random.seed(7)
    model = MLP(2, [3, 1], activation="tanh")
    loss = (model([0.8, -0.4]) - 1.0) ** 2
    loss.label = "loss"
    order = topological_order(loss)
    steps = backward_steps(loss)
    page = open_page(loss, model=model)

    n = len(steps)
    assert page.get_attribute("#counter", "data-steps") == str(n)
    page.keyboard.press("End")
    assert page.text_content("#counter") == f"step {n} of {n}"
    name = "layers.0.neurons.2.w.1"
    assert name in page.text_content(f"#v{order.index(model.layers[0].neurons[2].w[1])}")

    loss.backward()
    for i, v in enumerate(order):  # the exact number, not only the four decimals shown
        assert float(page.get_attribute(f"#grad-v{i}", "data-value")) == v.grad

    page.keyboard.press("Home")
    assert page.text_content("#counter") == f"step 0 of {n}"
    page.click("#next")
    assert page.text_content("#chain") == "dloss/dloss = 1.0000"
    assert page.errors == []


def test_the_page_speaks_french_when_the_notebook_does(open_page):
    from retrograd.language import language, set_language

    before = language()
    set_language("fr")
    try:
        page = open_page(lesson_values()["L"])
    finally:
        set_language(before)
    assert page.text_content("#counter") == "pas 0 sur 7"
    assert page.text_content("#chain") == "Avant backward()\u00a0: tous les gradients valent 0."
    page.click("#last")
    assert page.text_content("#counter") == "pas 7 sur 7"
    assert page.text_content("#rule").endswith("donc de/db = a = 2.0000  (backward() a fini)")
    page.click("#zoom")
    assert page.text_content("#zoom") in ("taille réelle", "ajuster à la fenêtre")
    assert not page.errors
