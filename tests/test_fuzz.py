"""Random abuse, the same in every run (fixed seeds).

The command line gets random flags and values, good and bad: it must finish
with status 0, 1 or 2, and every error is one line (never a traceback). The
model loader gets random corruptions of a saved file: each either loads a model
that runs or raises ``ModelFileError``.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from retrograd import MLP, DenseMLP
from retrograd.cli import main
from retrograd.modelfile import ModelFileError, dumps, loads

# Each flag: (values that are fine alone, values that are not).
TRAIN_FLAGS = {
    "--data": (["moons", "circles", "blobs", "spiral", "xor", "digits"], ["iris", ""]),
    "--noise": (["0", "0.2", "3"], ["1e308", "nan", "inf", "-1", "x"]),
    "--classes": (["2", "3"], ["1", "40", "0"]),
    "--test-size": (["0", "0.2", "0.5"], ["0.999", "1", "-0.1", "nan"]),
    "--hidden": ([["2"], ["3", "2"]], [["0"], ["-1"], ["x"]]),
    "--activation": (["relu", "tanh", "sigmoid"], ["linear", "gelu"]),
    "--loss": (["hinge", "mse", "bce", "cross-entropy", "cross_entropy"], ["l1"]),
    "--l2": (["0", "1e-4"], ["nan", "inf", "-1", "1e308"]),
    "--optimizer": (["sgd", "adam", "adamw"], ["rmsprop"]),
    "--lr": (["0.1", "0", "1e308", "1e10"], ["inf", "nan", "-1"]),
    "--momentum": (["0", "0.9"], ["-1", "nan"]),
    "--schedule": (["constant", "linear", "exponential", "step"], ["cosine"]),
    "--gamma": (["0.5", "2", "1e308"], ["nan", "-1"]),
    "--steps": (["1", "3"], ["0", "-1", "x", "1e3"]),
    "--epochs": (["1"], ["0", "2.5"]),
    "--batch-size": (["4", "1000"], ["0", "x"]),
    "--seed": (["0", "1337", "4294967295"], ["-1", "4294967296", "x"]),
    "--scalar": ([None], []),
    "--no-progress": ([None], []),
}
SAMPLES = ["12", "30"]

EXPRESSION_PIECES = ["x", "y", "2", "-", "+", "*", "/", "**", "(", ")", "tanh(", "exp(", "log(",
                     "relu(", "sigmoid(", "inf", "nan", "1e308", "9" * 40, "ａ", "__import__",
                     ".", "[", "'", "lambda", " ", "0", ",", "x**-1", "1/0"]
GRAPH_VALUES = ["x=1", "y=-2", "x=inf", "x=nan", "y=1e308", "z=3", "x=", "=1", "x=abc", "ａ=1",
                "x=0", "y=1e-320"]
GRAPH_OPTIONS = [["-o", "g.dot"], ["--rankdir", "TB"], ["-o", "g.txt"], ["--rankdir", "up"],
                 ["-o", ""], ["--"], ["--bogus"]]


def check(status: int, err: str, args: list[str]) -> None:
    assert status in (0, 1, 2), (args, status, err)
    assert "Traceback" not in err, (args, err)
    lines = err.strip().splitlines()
    if status == 2:
        assert len(lines) == 1 and lines[0].startswith("retrograd: error: "), (args, err)
    elif status == 1:
        assert lines and lines[-1].startswith("retrograd: "), (args, err)
        assert len(lines) <= 2, (args, err)


@pytest.mark.slow
def test_random_training_commands(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = random.Random(2024)
    for run in range(12):
        bad = run % 2  # every other run has exactly one bad value
        flags = rng.sample(sorted(TRAIN_FLAGS), rng.randint(2, 6))
        wrong = rng.choice([f for f in flags if TRAIN_FLAGS[f][1]]) if bad else None
        args = ["train", "--samples", rng.choice(SAMPLES)]
        for flag in flags:
            value = rng.choice(TRAIN_FLAGS[flag][flag == wrong])
            args += [flag] + (value if isinstance(value, list) else [] if value is None
                              else [value])
        if "--steps" not in args and "--epochs" not in args:
            args += ["--steps", "2"]
        args += ["--out", f"run{run}"]
        status = main(args)
        check(status, capsys.readouterr().err, args)


def test_random_graph_commands(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rng = random.Random(7)
    for _ in range(150):
        expression = "".join(rng.choice(EXPRESSION_PIECES) for _ in range(rng.randint(0, 8)))
        args = ["graph", expression, *rng.sample(GRAPH_VALUES, rng.randint(0, 3))]
        for option in rng.sample(GRAPH_OPTIONS, rng.randint(0, 2)):
            args += option
        if "-o" not in args:
            args += ["-o", "g.dot"]  # the DOT text: no Graphviz time in this loop
        status = main(args)
        check(status, capsys.readouterr().err, args)


def corrupt(text: str, rng: random.Random) -> str | bytes:
    how = rng.randrange(8)
    i = rng.randrange(len(text))
    if how == 0:  # one byte changed
        data = bytearray(text.encode())
        data[i] = rng.randrange(256)
        return bytes(data)
    if how == 1:  # cut short
        return text[:i]
    if how == 2:  # a span removed
        return text[:i] + text[i + rng.randint(1, 40):]
    if how == 3:  # a span repeated (duplicate keys, extra brackets...)
        j = i + rng.randint(1, 60)
        return text[:j] + text[i:j] + text[j:]
    if how == 4:  # odd characters in
        return text[:i] + rng.choice(["{", "}", "[", "]", ",", ":", '"', "-", "NaN", "1e400",
                                      "\\u0000", "9" * 500, "null", "true"]) + text[i:]
    doc = json.loads(text)
    doc.pop("checksum", None)  # so that changed numbers reach the checks behind it
    if how == 5:
        doc["parameters"][rng.randrange(len(doc["parameters"]))] = rng.choice(
            [10**400, "1e999", "1/0", "nan", "9" * 5000 + "/1", [], {}, None, True, -0.0, "x"])
    elif how == 6:
        doc["architecture"][rng.choice(["nin", "nouts", "activations", "type"])] = rng.choice(
            [0, -1, 10**9, [10**9], [], ["relu"], "MLP", None, 2.5, [2, 1]])
    else:
        doc[rng.choice(["format", "version", "metadata", "parameters"])] = rng.choice(
            [None, 2, 99, "retrograd-model", [], {}, 1.0])
    return json.dumps(doc).replace("Infinity", "1e999")


@pytest.mark.parametrize("form, seed, rounds, refusals, loads_", [(MLP, 11, 600, 300, 10),
                                                                   (DenseMLP, 12, 300, 100, 5)])
def test_random_corruptions_of_a_model_file(form, seed, rounds, refusals, loads_):
    random.seed(0)
    text = dumps(form(2, [3, 1]), metadata={"note": "fuzz"})
    rng = random.Random(seed)
    loaded = refused = 0
    for _ in range(rounds):
        try:
            model, _ = loads(corrupt(text, rng))
        except ModelFileError as e:
            refused += 1
            assert len(str(e)) < 1000, str(e)[:200]
            continue
        loaded += 1
        x = [0.5] * model.nin  # the type may have been changed: its first call works
        with np.errstate(all="ignore"):  # a changed number may be huge: it still computes
            out = model(np.array([x]) if isinstance(model, DenseMLP) else x)
        np.asarray(out.data, dtype=float)
    assert refused > refusals and loaded > loads_  # both paths were exercised


@pytest.mark.parametrize("size", [0, 1, 17])
def test_random_bytes_are_not_a_model(size):
    rng = random.Random(size)
    for _ in range(50):
        with pytest.raises(ModelFileError):
            loads(bytes(rng.randrange(256) for _ in range(size)))
