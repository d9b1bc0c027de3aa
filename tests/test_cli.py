"""The `retrograd` command end to end: files, exit codes, help, errors, Ctrl-C, the
expression parser's whitelist."""

from __future__ import annotations

import builtins
import dataclasses
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrograd.cli import main
from retrograd.engine import FUNCTIONS
from retrograd.expression import ExpressionError, evaluate, parse
from retrograd.modelfile import load
from retrograd.train import accuracy
from seed_numbers import DEMO_FINAL_LOSS, DEMO_FIRST_ACCURACIES, DEMO_FIRST_LOSSES

QUICK = ["train", "--samples", "40", "--hidden", "4", "--steps", "3"]


def command() -> list[str]:
    """The installed console script, or the module when the script is not on disk."""
    script = Path(sys.executable).parent / "retrograd"
    return [str(script)] if script.exists() else [sys.executable, "-m", "retrograd.cli"]


def run(args, tmp_path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(command() + list(args), cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, **kw)


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("retrograd: error: "), err
    return lines[0]


# -- the demo, the main job -------------------------------------------------------------


def printed_numbers(printed: str) -> tuple[float, str]:
    match = re.search(r"^final loss (\S+), accuracy (\S+?)[ ,]", printed, re.M)
    assert match, printed
    return float(match.group(1)), match.group(2)


@pytest.mark.slow
def test_demo_end_to_end(tmp_path, capsys):
    """`retrograd demo` (a few seconds, with a DenseMLP): micrograd's numbers to 1e-12 and
    the whole report folder."""
    out = tmp_path / "report"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "MLP(2, [16, 16, 1]) on moons (100 training samples), hinge loss + L2 0.0001" in printed
    assert "100 steps, one graph per batch" in printed
    loss, acc = printed_numbers(printed)
    assert loss == pytest.approx(DEMO_FINAL_LOSS, rel=1e-12) and acc == "100.0%"
    assert sorted(p.name for p in out.iterdir()) == ["decision_boundary.png", "index.html",
                                                     "model.json", "neuron.svg", "training.png"]
    for png in ("decision_boundary.png", "training.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (out / "neuron.svg").read_text()
    assert "<svg" in svg and ">ReLU<" in svg and "layers.0.neurons." in svg and "grad 1.0000" in svg
    page = (out / "index.html").read_text()
    assert '<td id="accuracy">100.0%</td>' in page
    assert f'<td id="final-loss">{loss!r}</td>' in page
    assert "<th>graphs</th><td>one graph per batch, one matrix per layer</td>" in page
    assert "<code>DenseMLP(2, [16, 16, 1])</code>" in page
    assert "http://" not in page and "https://" not in page  # offline: nothing to fetch
    model = load(out / "model.json")
    assert type(model).__name__ == "DenseMLP"  # the file holds the form trained
    from retrograd.data import make_moons

    X, y = make_moons(100, noise=0.1, random_state=1337, labels="sign")
    assert accuracy(model, X, y) == 1.0
    meta = json.loads((out / "model.json").read_text())["metadata"]
    assert meta["results"]["final_loss"] == loss
    assert meta["history"]["loss"][:2] == pytest.approx(DEMO_FIRST_LOSSES, rel=1e-12)
    assert len(meta["history"]["loss"]) == 100


@pytest.mark.slow
def test_demo_scalar_is_micrograds_loop(tmp_path, capsys, monkeypatch):
    """`retrograd demo --scalar` runs fit's scalar path: micrograd's losses to the last digit
    (two steps here; the whole scalar demo is tests/test_train.py's reference test)."""
    from retrograd import experiment

    monkeypatch.setattr(experiment, "DEMO", dataclasses.replace(experiment.DEMO, steps=2))
    histories = {}
    for flag in ("--scalar", None):
        out = tmp_path / str(flag)
        assert main(["demo", "--out", str(out)] + ([flag] if flag else [])) == 0
        printed = capsys.readouterr().out
        graphs = "one graph per sample (--scalar)" if flag else "one graph per batch"
        assert f"2 steps, {graphs}" in printed
        histories[flag] = json.loads((out / "model.json").read_text())["metadata"]["history"]
    assert histories["--scalar"]["loss"] == DEMO_FIRST_LOSSES
    assert histories[None]["loss"] == pytest.approx(DEMO_FIRST_LOSSES, rel=1e-12)
    assert histories["--scalar"]["accuracy"] == histories[None]["accuracy"] == DEMO_FIRST_ACCURACIES


@pytest.mark.slow
def test_digits_train_with_batches(tmp_path, capsys):
    """All 1797 digits (1437 to train), 4 epochs of Adam on batches of 64: a few seconds.
    (20 epochs at lr 0.01, the help's example, reach about 96% in about 10 s.)"""
    out = tmp_path / "digits"
    assert main(["train", "--data", "digits", "--hidden", "32", "--loss", "cross_entropy",
                 "--optimizer", "adam", "--lr", "0.03", "--epochs", "4", "--batch-size", "64",
                 "--l2", "0", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert ("MLP(64, [32, 10]) on digits (1437 training samples), cross-entropy loss, adam lr "
            "0.03 (constant), 92 steps, one graph per batch") in printed
    test_accuracy = float(re.search(r"test accuracy ([\d.]+)%", printed).group(1))
    assert test_accuracy >= 90.0
    model = load(out / "model.json")
    from retrograd.data import load_digits, train_test_split

    X, y = load_digits(random_state=1337)
    _, X_test, _, y_test = train_test_split(X, y, test_size=0.2, random_state=1337)
    assert accuracy(model, X_test, y_test) == pytest.approx(test_accuracy / 100, abs=5e-4)


@pytest.mark.slow
def test_console_script_train_with_test_split(tmp_path):
    r = run(QUICK + ["--out", "rep"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # stderr is not a terminal: no progress bar in logs
    lines = r.stdout.splitlines()
    assert lines[0].startswith("retrograd train: DenseMLP(2, [4, 1]) on moons (32 training "
                               "samples)")
    assert lines[1].startswith("final loss ") and ", test accuracy " in lines[1]
    assert lines[2] == ("report: rep/index.html (with decision_boundary.png, training.png, "
                        "neuron.svg, model.json)")
    page = (tmp_path / "rep" / "index.html").read_text()
    assert 'id="test-accuracy"' in page and "retrograd train --samples 40" in page
    assert not [p for p in (tmp_path / "rep").iterdir() if p.name.startswith(".")]


def test_train_scalar_is_the_reference_path(tmp_path, capsys):
    runs = {}
    for flag in ("--scalar", None):
        out = tmp_path / str(flag)
        assert main(QUICK + ["--data", "blobs", "--optimizer", "adam", "--batch-size", "8",
                             "--out", str(out)] + ([flag] if flag else [])) == 0
        printed = capsys.readouterr().out
        runs[flag] = json.loads((out / "model.json").read_text())
        assert ("one graph per sample (--scalar)" if flag else "one graph per batch") in printed
    scalar, batched = runs["--scalar"], runs[None]
    assert batched["metadata"]["history"]["loss"] == pytest.approx(
        scalar["metadata"]["history"]["loss"], rel=1e-12)
    assert batched["metadata"]["history"]["accuracy"] == scalar["metadata"]["history"]["accuracy"]
    assert batched["parameters"] == pytest.approx(scalar["parameters"], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("args,expected", [
    (["--data", "spiral", "--classes", "3", "--optimizer", "adam"],
     "MLP(2, [4, 3]) on spiral (32 training samples), cross-entropy loss"),
    (["--data", "circles", "--loss", "mse", "--schedule", "exponential", "--test-size", "0"],
     "MLP(2, [4, 1]) on circles (40 training samples), mse loss + L2 0.0001, sgd lr 1.0 "
     "(exponential)"),
    (["--data", "xor", "--loss", "bce", "--epochs", "2", "--batch-size", "16", "--l2", "0"],
     "on xor (32 training samples), bce loss, sgd lr 1.0 (linear), 4 steps"),
    (["--data", "digits", "--classes", "3", "--activation", "tanh"],
     "MLP(64, [4, 3]) on digits (32 training samples), cross-entropy loss"),
])
def test_train_variants(tmp_path, capsys, args, expected):
    argv = [a for a in QUICK if a != "--steps" and a != "3"] if "--epochs" in args else QUICK
    assert main(argv + args + ["--out", str(tmp_path / "r")]) == 0
    printed = capsys.readouterr().out
    assert expected in printed
    assert (tmp_path / "r" / "index.html").exists() and (tmp_path / "r" / "model.json").exists()
    model = load(tmp_path / "r" / "model.json")
    if "tanh" in args:
        assert model.activations[0] == model.layers[0].activation == "tanh"
    if "mse" in args:
        assert model.activations[-1] == model.layers[-1].activation == "sigmoid"


# -- help and errors ---------------------------------------------------------------------


@pytest.mark.parametrize("args,words", [
    ([], ["demo", "train", "graph"]),
    (["demo"], ["MLP(2, [16, 16, 1])", "--out", "--scalar", "DenseMLP"]),
    (["train"], ["--data", "--hidden", "--activation", "--loss", "--optimizer", "--lr",
                 "--steps", "--batch-size", "--seed", "--out", "--scalar", "digits-report"]),
    (["graph"], ["NAME=VALUE", ", ".join(FUNCTIONS), "-o"]),
])
def test_help_everywhere(capsys, args, words):
    assert main(args + ["--help"]) == 0
    text = capsys.readouterr().out
    for word in words:
        assert word in text


@pytest.mark.parametrize("args,message", [
    ([], "choose a command: demo, train, graph or lab"),
    (["fly"], "invalid choice: 'fly'"),
    (["train", "--data", "iris"], "argument --data: invalid choice: 'iris'"),
    (["train", "--steps", "0"], "argument --steps: '0' must be at least 1"),
    (["train", "--steps", "5", "--epochs", "2"], "not allowed with argument"),
    (["train", "--lr", "fast"], "argument --lr: 'fast' is not a number"),
    (["train", "--test-size", "1.5"], "must be a fraction from 0 to below 1"),
    (["train", "--data", "blobs", "--loss", "hinge"], "--loss hinge: it is for two classes, but "
                                                       "blobs has 3; use cross-entropy"),
    (["train", "--optimizer", "adam", "--momentum", "0.9"], "--momentum 0.9: only the sgd"),
    (["train", "--batch-size", "500"], "--batch-size 500: larger than the 80 training samples"),
    (["train", "--gamma", "0.5"], "--gamma 0.5: the linear schedule has no gamma"),
    (["demo", "--steps", "3"], "unrecognized arguments: --steps 3"),
])
def test_bad_arguments_one_line_and_status_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    line = err.strip().splitlines()[-1]
    assert line.startswith("retrograd: error: ") and message in line, err
    if args:  # with a command: nothing but that one line
        one_error_line(err)


def test_out_must_be_a_folder(tmp_path, capsys):
    (tmp_path / "file").write_text("mine")
    assert main(QUICK + ["--out", str(tmp_path / "file")]) == 2
    assert "exists and is not a folder" in one_error_line(capsys.readouterr().err)
    assert (tmp_path / "file").read_text() == "mine"


def test_bad_arguments_through_the_console_script(tmp_path):
    r = run(["train", "--hidden", "0"], tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert "argument --hidden: '0' must be at least 1" in one_error_line(r.stderr)


@pytest.mark.slow
def test_without_graphviz_the_report_says_so(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty))  # no `dot` to be found
    r = run(QUICK + ["--out", "rep"], tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    assert "note: No graph picture: Graphviz's `dot` program is not on PATH; install it" in r.stdout
    assert not (tmp_path / "rep" / "neuron.svg").exists()
    assert "No graph picture" in (tmp_path / "rep" / "index.html").read_text()
    r = run(["graph", "a*b", "a=1", "b=2"], tmp_path, env=env)
    assert r.returncode == 1
    assert r.stderr.startswith("retrograd: cannot ") and "Install it with" in r.stderr
    assert not (tmp_path / "graph.svg").exists()


# -- Ctrl-C ---------------------------------------------------------------------------------


def ctrl_c_as_in_a_terminal():
    """Ctrl-C's default action in the command, even where the tests themselves run with it
    ignored, as a shell's background jobs do (the command would then inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_writes_a_marked_report(tmp_path):
    proc = subprocess.Popen(command() + ["train", "--steps", "100000", "--out", "rep"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=ctrl_c_as_in_a_terminal)
    try:
        header = proc.stdout.readline()  # printed just before training starts
        assert header.startswith("retrograd train: DenseMLP(2, [16, 16, 1])")
        time.sleep(0.5)  # a few steps in (a step takes well under a millisecond)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "retrograd: interrupted after " in err and "of 100000 steps" in err
    assert "Traceback" not in err
    folder = tmp_path / "rep"
    page = (folder / "index.html").read_text()
    assert 'id="status" class="interrupted"' in page and "of 100000 steps" in page
    meta = json.loads((folder / "model.json").read_text())["metadata"]
    assert meta["results"]["interrupted"] is True
    assert 0 < meta["results"]["steps"] < 100000
    load(folder / "model.json")  # a complete, valid model
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


# -- graph ----------------------------------------------------------------------------------


def test_graph_command(tmp_path, capsys, monkeypatch):
    def no_eval(*args, **kwargs):
        raise AssertionError("eval must never be called")

    monkeypatch.setattr(builtins, "eval", no_eval)
    path = tmp_path / "L.svg"
    assert main(["graph", "(a*b + c) * f", "a=2", "b=-3", "c=10", "f=-2", "-o", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == ["(a*b + c) * f = -8.0", "  d/da = 6.0", "  d/db = -4.0", "  d/dc = -2.0",
                       "  d/df = 4.0"]
    svg = html.unescape(path.read_text())  # Graphviz writes '-' as &#45;
    for text in ("data -8.0000", "grad 6.0000", "grad -4.0000", ">a<", ">f<"):
        assert text in svg
    assert os.listdir(tmp_path) == ["L.svg"]


def test_graph_functions_and_dot_output(tmp_path, capsys):
    path = tmp_path / "g.dot"
    assert main(["graph", "tanh(x*w + b) + relu(-x) + sigmoid(x)**2 - exp(log(w)/2)",
                 "x=0.5", "w=2", "b=-1", "-o", str(path), "--rankdir", "TB"]) == 0
    dot = path.read_text()
    for op in ("tanh", "ReLU", "sigmoid", "exp", "log", "**2", "rankdir=TB"):
        assert op in dot


@pytest.mark.parametrize("args,message", [
    (["a.__class__", "a=1"], "attribute access is not allowed"),
    (["__import__('os').system('true')"], "attribute access is not allowed"),
    (["open('x')"], "unknown function 'open'; the functions are " + ", ".join(FUNCTIONS)),
    (["sqrt(a)", "a=1"], "unknown function 'sqrt'"),
    (["a[0]", "a=1"], "subscripting is not allowed"),
    (["tanh(a, a)", "a=1"], "calling tanh with anything but one argument"),
    (["(lambda: 1)()"], "the Lambda construct is not allowed"),
    (["(a + a)(2)", "a=1"], "calling anything but exp, log"),
    (["'text'"], "the constant 'text' is not allowed"),
    (["a if a else a", "a=1"], "the IfExp construct is not allowed"),
    (["a*b", "a=1"], "no value for variable 'b': give it as b=NUMBER"),
    (["a", "a=1", "z=2"], "variable 'z' is given but the expression does not use it"),
    (["a", "a=one"], "'one' is not a number"),
    (["a", "a=1", "a=2"], "variable 'a' is given twice"),
    (["a +", "a=1"], "is not a valid expression"),
    (["a", "a=1", "-o", "a.txt"], "end the file name with .svg, .png, .pdf or .dot"),
])
def test_graph_refusals(tmp_path, capsys, args, message):
    argv = ["graph"] + args + ([] if "-o" in args else ["-o", str(tmp_path / "g.svg")])
    assert main(argv) == 2
    assert message in one_error_line(capsys.readouterr().err)
    assert not os.listdir(tmp_path)


def test_parser_whitelist_directly():
    out, leaves = evaluate("-x**2 + 3*x - 2/x", {"x": 2.0})
    out.backward()
    assert out.data == 1.0 and leaves["x"].grad == -4 + 3 + 0.5
    assert [leaf.label for leaf in leaves.values()] == ["x"]
    for text in ("x.real", "x @ x", "x // 2", "x % 2", "not x", "~x", "x < 1", "[x]", "{x}",
                 "f'{x}'", "x(1)", "tanh(*x)", "tanh(x=x)", "1j", "True", "None", "...",
                 "(x := 1)", "x if x else x", "lambda: x", "tanh"):
        with pytest.raises(ExpressionError):
            parse(text)
    with pytest.raises(ExpressionError, match="nested more than 200"):
        parse("-" * 300 + "x")
    with pytest.raises(ExpressionError, match="the limit is 2000"):
        parse("x+" * 1500 + "x")
    assert evaluate("9**9**9", {})[0].data == float("inf")  # floats: no huge integers
