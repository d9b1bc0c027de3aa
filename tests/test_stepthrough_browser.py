"""The backpropagation step-through page, driven in a real headless Chromium.

Debian's /usr/bin/chromium is launched through Playwright (no browser download,
no chromium-driver): `make system-deps` installs it with Graphviz.
"""

import os
import random
import shutil

import pytest

from retrograd import MLP, Value
from retrograd.engine import topological_order
from retrograd.graph import stepthrough_html
from retrograd.steps import backward_steps

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"Debian's chromium is not installed at {CHROMIUM} "
                              f"(`make system-deps` installs it; CI runs these tests)"),
    pytest.mark.skipif(shutil.which("dot") is None,
                       reason="Graphviz's dot is not installed (`make system-deps` installs it)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


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


def lesson_graph():
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return L, (a, b, c, d, e, f)


def shown_grad(page, node: str) -> str:
    return page.text_content(f"#grad-{node}")


def test_stepping_through_the_lesson_graph(open_page):
    L, (a, b, c, d, e, f) = lesson_graph()
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
