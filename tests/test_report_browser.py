"""The report's index.html in headless Chromium: every picture loads, the numbers are the
command's, nothing is fetched from the network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from retrograd.cli import main

from helpers import needs_chromium

pytestmark = [needs_chromium, pytest.mark.slow]


def open_page(browser, index: Path):
    page = browser.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def make_report(tmp_path, capsys, *args) -> tuple[Path, str]:
    out = tmp_path / "report"
    assert main(["train", "--samples", "60", "--hidden", "8", "8", "--steps", "15",
                 "--out", str(out), *args]) == 0
    return out / "index.html", capsys.readouterr().out


def test_report_in_chromium(browser, tmp_path, capsys):
    index, printed = make_report(tmp_path, capsys)
    match = re.search(r"final loss (\S+), accuracy (\S+), test accuracy (\S+) ", printed)
    assert match, printed
    loss, acc, test_acc = match.groups()
    page, requests, errors = open_page(browser, index)
    images = page.evaluate("[...document.images].map(i => [i.getAttribute('src'), "
                           "i.complete, i.naturalWidth, i.naturalHeight])")
    assert [src for src, *_ in images] == ["decision_boundary.png", "training.png", "neuron.svg"]
    for src, complete, width, height in images:
        assert complete and width > 0 and height > 0, src
    assert page.inner_text("#accuracy") == acc
    assert page.inner_text("#test-accuracy") == test_acc
    assert page.inner_text("#final-loss") == loss
    assert page.inner_text("#status").startswith("Trained for 15 steps")
    assert "MLP(2, [8, 8, 1])" in page.inner_text("body")
    assert all(url.startswith("file://") for url in requests), requests
    assert errors == []
    page.close()


def test_interrupted_report_is_marked(browser, tmp_path):
    import random

    from retrograd import MLP
    from retrograd.data import make_moons
    from retrograd.report import write_report
    from retrograd.train import fit

    X, y = make_moons(30, random_state=0, labels="sign")
    random.seed(0)
    model = MLP(2, [4, 1])
    history = fit(model, X, y, optimizer="sgd", lr=0.5, steps=4)
    history.interrupted, history.total_steps = True, 50  # as if Ctrl-C came after 4 of 50
    report = write_report(tmp_path / "r", model=model, history=history, X_train=X, y_train=y)
    page, _, _ = open_page(browser, report.index)
    status = page.inner_text("#status")
    assert "interrupted after 4 of 50 steps" in status
    assert page.evaluate("document.querySelector('#status').className") == "interrupted"
    assert page.evaluate("[...document.images].every(i => i.naturalWidth > 0)")
    page.close()


def test_multiclass_report_shows_each_class_region(browser, tmp_path, capsys):
    index, printed = make_report(tmp_path, capsys, "--data", "blobs", "--optimizer", "adam")
    page, _, _ = open_page(browser, index)
    images = page.evaluate("[...document.images].map(i => [i.getAttribute('src'), "
                           "i.naturalWidth])")
    assert [src for src, _ in images] == ["decision_boundary.png", "training.png", "neuron.svg"]
    assert all(width > 0 for _, width in images)
    assert "No decision-boundary picture" not in page.inner_text("body")
    acc = re.search(r", accuracy (\S+),", printed).group(1)
    assert page.inner_text("#accuracy") == acc
    page.close()
