"""Nothing lost, nothing hung: the cases found by trying to break retrograd, one test each.

Report folders and output files, memory, Graphviz time, schedules that overflow,
one-line errors, data and runs that are not finite, model files, students'
mistakes, and the expression reader.
"""

from __future__ import annotations

import json
import math
import os
import random
import resource
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import retrograd.modelfile
import retrograd.train
from retrograd import MLP, Value
from retrograd.cli import main
from retrograd.data import make_moons, train_test_split
from retrograd.expression import evaluate, parse_assignment
from retrograd.files import atomic_write
from retrograd.modelfile import ModelFileError, dumps, load, loads, save
from retrograd.optim import SGD, Adam, ExponentialLR, StepLR
from retrograd.report import write_report
from retrograd.train import History, fit, scores
from helpers import needs_dot

TINY = ["--samples", "30", "--hidden", "3", "--steps", "2"]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("retrograd: "), err
    return lines[0]


def cli(capsys, *args) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# -- 1. the report folder ------------------------------------------------------------------


def test_a_folder_of_yours_is_never_overwritten(tmp_path, capsys, monkeypatch):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("my page")
    (mine / "model.json").write_text("my model")
    status, out, err = cli(capsys, "train", *TINY, "--out", str(mine))
    assert status == 2 and "not a retrograd report" in one_line(err)
    assert "index.html, model.json" in err and not out  # said before any training
    assert (mine / "index.html").read_text() == "my page"
    assert (mine / "model.json").read_text() == "my model"

    monkeypatch.chdir(mine)
    for out_dir in (".", ""):
        status, _, err = cli(capsys, "train", *TINY, "--out", out_dir)
        assert status == 2, err
        one_line(err)
    assert sorted(os.listdir(mine)) == ["index.html", "model.json"]


def test_a_report_replaces_its_own_files_and_removes_stale_pictures(tmp_path):
    random.seed(0)
    X, y = make_moons(20, random_state=0, labels="sign")
    folder = tmp_path / "report"
    two_inputs = MLP(2, [3, 1])
    history = fit(two_inputs, X, y, steps=2)
    first = write_report(folder, model=two_inputs, history=history, X_train=X, y_train=y)
    assert (folder / "decision_boundary.png").exists()
    (folder / "my notes.txt").write_text("kept")

    three_inputs = MLP(3, [3, 1])  # no boundary picture for three inputs
    X3 = np.column_stack([X, X[:, 0]])
    write_report(folder, model=three_inputs, history=fit(three_inputs, X3, y, steps=2),
                 X_train=X3, y_train=y)
    assert not (folder / "decision_boundary.png").exists()  # not left from the first run
    assert (folder / "my notes.txt").read_text() == "kept"
    assert first.index.exists()


# -- 2. memory -----------------------------------------------------------------------------


def test_scoring_chunks_are_sized_by_parameters_times_rows(monkeypatch):
    random.seed(1)
    model = MLP(2, [50, 50, 1])
    n = len(model.parameters())
    from retrograd import memory

    monkeypatch.setattr(memory, "EVAL_BYTES", n * (memory.NODE_BYTES + 16 * 7))
    chunk_rows = memory.scalar_chunk_rows
    assert chunk_rows(n) == 7
    sizes = []

    class Counted(MLP):
        def __call__(self, x):
            sizes.append(x[0].data.shape[0])
            return model(x)

    counted = Counted.__new__(Counted)
    counted.layers = model.layers
    X = np.random.default_rng(0).normal(size=(20, 2))
    assert scores(counted, X).tolist() == scores(lambda x: model(x), X).tolist()
    assert sizes == [7, 7, 6]
    assert chunk_rows(10**9) == 1 and chunk_rows(10) == 1024 and chunk_rows(10, 5) == 5


def test_dense_chunks_are_sized_by_rows_times_layer_widths(monkeypatch):
    from retrograd import DenseMLP, memory

    random.seed(1)
    model = DenseMLP(2, [50, 50, 1])
    monkeypatch.setattr(memory, "EVAL_BYTES", memory.DENSE_ROW_BYTES * 101 * 7)
    assert memory.dense_chunk_rows(101) == 7
    sizes = []
    real = DenseMLP.__call__
    monkeypatch.setattr(DenseMLP, "__call__", lambda self, x: sizes.append(len(x)) or real(self, x))
    X = np.random.default_rng(0).normal(size=(20, 2))
    np.testing.assert_allclose(scores(model, X), scores(model.to_mlp(), X), rtol=1e-12)
    assert sizes == [7, 7, 6]


def test_a_run_that_cannot_fit_says_so_before_training(tmp_path, capsys, monkeypatch):
    from retrograd import memory

    monkeypatch.setattr(memory, "available_memory", lambda: 100 * 2**20)
    status, out, err = cli(capsys, "train", "--hidden", "300", "300", "--steps", "1",
                           "--scalar", "--out", str(tmp_path / "r"))
    assert status == 2 and "needs about" in one_line(err) and "--hidden [300, 300]: " in err
    assert not out and not (tmp_path / "r").exists()
    with pytest.raises(MemoryError, match="91,501 parameters"):
        fit(MLP(2, [300, 300, 1]), [[0.0, 1.0]], [1], steps=1)
    from retrograd import DenseMLP

    # the same network as matrices keeps a few arrays per layer, not a node per weight
    assert fit(DenseMLP(2, [300, 300, 1]), [[0.0, 1.0]], [1], steps=1).steps == 1
    assert memory.dense_step_bytes(1_005_001, 2001, 80) < 2**27  # --hidden 1000 1000


# -- 3. Graphviz ---------------------------------------------------------------------------


@pytest.mark.slow
@needs_dot
def test_a_sum_of_one_shared_leaf_lays_out_fast(tmp_path, capsys, monkeypatch):
    import retrograd.rendering

    monkeypatch.setattr(retrograd.rendering, "DOT_SECONDS", 300)  # time by CPU, not by load
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    status, out, err = cli(capsys, "graph", "+".join(["x"] * 100), "x=1",
                           "-o", str(tmp_path / "sum.svg"))
    assert status == 0, err
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime < 8  # was > 15 min
    assert "d/dx = 100.0" in out and (tmp_path / "sum.svg").read_text().startswith("<?xml")


@needs_dot
def test_dot_is_stopped_after_its_time_limit(tmp_path, capsys, monkeypatch):
    import retrograd.rendering

    monkeypatch.setattr(retrograd.rendering, "DOT_SECONDS", 0.2)
    deep = "x*(" * 150 + "x" + ")" * 150
    start = time.perf_counter()
    status, out, err = cli(capsys, "graph", deep, "x=1", "-o", str(tmp_path / "deep.svg"))
    assert status == 1 and "was stopped" in one_line(err)
    assert time.perf_counter() - start < 10
    assert not (tmp_path / "deep.svg").exists() and os.listdir(tmp_path) == []


def test_a_failing_dot_gives_one_line(tmp_path, capsys, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: out of paper' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    status, _, err = cli(capsys, "graph", "a*b", "a=1", "b=2", "-o", str(tmp_path / "g.svg"))
    assert status == 1 and "could not draw" in one_line(err) and "out of paper" in err


def test_a_report_survives_a_failing_dot(tmp_path, capsys, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\nsleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    import retrograd.rendering

    monkeypatch.setattr(retrograd.rendering, "DOT_SECONDS", 0.2)
    status, out, err = cli(capsys, "train", *TINY, "--out", str(tmp_path / "r"))
    assert status == 0, err
    assert "note: No graph picture: Graphviz's dot took more than 0.2 s" in out
    assert (tmp_path / "r" / "index.html").exists() and not (tmp_path / "r" / "neuron.svg").exists()


# -- 4. schedules --------------------------------------------------------------------------


def test_schedules_that_outgrow_a_float_give_inf():
    def sgd():
        return SGD([Value(0.0)], lr=1.0)

    assert ExponentialLR(sgd(), gamma=2.0).lr_at(1100) == math.inf
    assert ExponentialLR(sgd(), gamma=2).lr_at(1100) == math.inf  # not a 330-digit integer
    assert StepLR(sgd(), step_size=1, gamma=1.5).lr_at(5000) == math.inf
    assert ExponentialLR(sgd(), gamma=0.9).lr_at(3) == 0.9**3

    random.seed(0)
    model = MLP(1, [1])
    optimizer = SGD(model.parameters(), lr=1e-3)
    history = fit(model, [[-1.0], [1.0]], [-1, 1], optimizer=optimizer,
                  scheduler=ExponentialLR(optimizer, gamma=2.0), steps=1100)
    assert history.steps <= 1100  # finished or diverged: never an OverflowError


# -- 5. one line where one line is promised ------------------------------------------------


def test_graph_errors_are_one_line(tmp_path, capsys):
    out_file = str(tmp_path / "g.svg")
    status, out, _ = cli(capsys, "graph", "x**" + "9" * 310, "x=1.5", "-o", out_file)
    assert status == 0 and " = inf" in out and "d/dx = inf" in out  # IEEE, as the README says
    os.remove(out_file)
    status, _, err = cli(capsys, "graph", "+".join(["x*2"] * 480), "x=1", "-o", out_file)
    assert status == 2 and "at most 1000" in one_line(err) and "max_nodes" not in err
    assert os.listdir(tmp_path) == []


def test_huge_noise_is_refused_before_anything_is_written(tmp_path, capsys):
    status, out, err = cli(capsys, "train", "--noise", "1e308", "--out", str(tmp_path / "r"))
    assert status == 2 and "finite" in one_line(err) and "--noise" in err
    assert not out and not (tmp_path / "r").exists()


# -- 6. outputs checked before the work; saves that keep what they should ------------------


def test_outputs_are_checked_before_the_work(tmp_path, capsys):
    (tmp_path / "a file").write_text("x")
    status, out, err = cli(capsys, "graph", "a*b", "a=1", "b=2", "-o", str(tmp_path))
    assert status == 2
    status, out, err = cli(capsys, "graph", "a", "a=1", "-o", str(tmp_path / "a file" / "g.svg"))
    assert status == 2 and "is a file, not a folder" in one_line(err) and not out
    status, out, err = cli(capsys, "train", *TINY, "--out", str(tmp_path / "a file" / "r"))
    assert status == 2 and "is a file, not a folder" in one_line(err) and not out
    status, out, err = cli(capsys, "train", *TINY, "--out", str(tmp_path / ("r" * 300)))
    assert status == 2 and "longer than 255 bytes" in one_line(err) and not out


def test_atomic_write_names_the_users_path(tmp_path):
    target = tmp_path / "missing folder" / "model.json"
    with pytest.raises(FileNotFoundError) as e:
        atomic_write(target, "x")
    assert e.value.filename == str(target) and ".tmp" not in str(e.value)


def test_atomic_write_with_a_name_at_the_length_limit(tmp_path):
    path = tmp_path / ("m" * 250 + ".json")
    assert atomic_write(path, "data").read_text() == "data"
    assert os.listdir(tmp_path) == [path.name]


def test_atomic_write_removes_what_a_killed_save_left(tmp_path):
    path = tmp_path / "model.json"
    dead = tmp_path / f".model.json.{2**22 + 7}-0123abcd.tmp"  # beyond Linux's largest pid
    alive = tmp_path / f".model.json.{os.getpid()}-89abcdef.tmp"  # a save still under way
    other = tmp_path / ".notes.txt.999-0123abcd.tmp"
    for p in (dead, alive, other):
        p.write_text("partial")
    atomic_write(path, "whole")
    assert sorted(os.listdir(tmp_path)) == sorted([path.name, alive.name, other.name])


def test_atomic_write_follows_symlinks_and_keeps_the_mode(tmp_path):
    random.seed(0)
    target = tmp_path / "real.json"
    link = tmp_path / "link.json"
    save(MLP(1, [1]), target)
    target.chmod(0o600)
    link.symlink_to(target)
    save(MLP(1, [1]), link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert load(link).parameters()[0].data == load(target).parameters()[0].data


# -- 7. nothing silent ---------------------------------------------------------------------


def test_non_finite_data_is_refused_with_its_row_and_column():
    random.seed(0)
    X = [[0.0, 1.0], [1.0, 0.0], [2.0, float("nan")]]
    with pytest.raises(ValueError, match=r"X\[2, 1\] is nan"):
        fit(MLP(2, [1]), X, [1, -1, 1], steps=1)
    with pytest.raises(ValueError, match=r"y\[1\] is inf"):
        fit(MLP(2, [1]), X[:2], [1.0, float("inf")], steps=1, loss="mse")


def test_a_diverged_run_is_marked(tmp_path, capsys):
    random.seed(0)
    X, y = make_moons(20, random_state=0, labels="sign")
    with np.errstate(all="ignore"):  # the overflow is the point
        history = fit(MLP(2, [4, 1]), X, y, optimizer="sgd", lr=1e308, steps=50)
    assert history.diverged and history.steps < 50 and not math.isfinite(history.final_loss)
    assert "diverged" in str(history)

    status, out, err = cli(capsys, "train", "--samples", "30", "--hidden", "4", "--steps", "20",
                           "--lr", "1e308", "--out", str(tmp_path / "r"))
    assert status == 1 and "diverged" in one_line(err)
    page = (tmp_path / "r" / "index.html").read_text()
    assert "Training diverged" in page
    assert json.loads((tmp_path / "r" / "model.json").read_text())["metadata"]["results"][
        "diverged"] is True


def test_one_rule_for_hyperparameters():
    for bad in (float("inf"), float("nan"), -float("inf")):
        with pytest.raises(ValueError, match="must be a finite number"):
            SGD([Value(1.0)], lr=bad)
        with pytest.raises(ValueError, match="must be a finite number"):
            Adam([Value(1.0)], lr=0.1, eps=bad)
    with pytest.raises(TypeError, match="must be a number"):
        SGD([Value(1.0)], lr="0.1")


# -- 8. model files ------------------------------------------------------------------------


def model_text() -> str:
    random.seed(0)
    return dumps(MLP(1, [2, 1]))


def test_model_files_refuse_numbers_out_of_range():
    doc = json.loads(model_text())
    del doc["checksum"]
    for bad, phrase in (("1e400", "out of a float's range"), ("4" * 4000, "digits"),
                        ("-1e999", "out of a float's range")):
        text = json.dumps(doc).replace(repr(doc["parameters"][0]), bad, 1)
        with pytest.raises(ModelFileError, match=phrase) as e:
            loads(text)
        assert len(str(e.value)) < 300
    doc["parameters"][0] = "1" + "0" * 400 + "/1"  # a fraction beyond a float
    with pytest.raises(ModelFileError, match="within a float's range"):
        loads(json.dumps(doc))


def test_model_files_refuse_duplicate_keys():
    text = model_text().replace('"version": 1,', '"version": 1, "version": 1,', 1)
    with pytest.raises(ModelFileError, match="'version' appears twice"):
        loads(text)


def test_huge_model_files_are_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(retrograd.modelfile, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(model_text()[:-1] + ', "pad": "' + "x" * 5000 + '"}')
    with pytest.raises(ModelFileError, match="larger than 1,000 bytes"):
        load(path)


def test_long_values_are_cut_in_messages():
    doc = json.loads(model_text())
    del doc["checksum"]
    doc["parameters"][0] = "z" * 100_000
    with pytest.raises(ModelFileError, match="parameter 0 is the string") as e:
        loads(json.dumps(doc))
    assert len(str(e.value)) < 300


# -- 9. students' mistakes -----------------------------------------------------------------


def test_optimizers_say_what_to_pass():
    random.seed(0)
    model = MLP(2, [1])
    with pytest.raises(TypeError, match=r"call it: model.parameters\(\)"):
        SGD(model.parameters, lr=0.1)
    with pytest.raises(TypeError, match=r"pass its parameters: SGD\(model.parameters\(\)"):
        SGD(model, lr=0.1)


def test_cross_entropy_on_a_one_output_model_is_short():
    random.seed(0)
    X, y = make_moons(100, random_state=0)
    with pytest.raises(TypeError, match="one output per class") as e:
        fit(MLP(2, [4, 1]), X, y, loss="cross_entropy", steps=1)
    assert len(str(e.value)) < 400


def test_command_line_messages(capsys, tmp_path):
    status, _, err = cli(capsys, "train", "--seed", "-1")
    assert status == 2 and "--seed: '-1' must be from 0 to 4294967295" in one_line(err)
    status, _, err = cli(capsys, "demo", "--steps", "5")
    assert status == 2 and "'retrograd demo --help'" in one_line(err)
    status, _, err = cli(capsys, "train", "--test-size", "0.999", "--out", str(tmp_path / "r"))
    assert status == 2 and "100%" not in err and "0 for training" in one_line(err)
    with pytest.raises(ValueError, match="keeps 20 of the 20 samples for testing"):
        train_test_split(*make_moons(20, random_state=0), test_size=0.99)


def test_one_step_and_one_output_are_singular(tmp_path, capsys):
    status, out, _ = cli(capsys, "train", "--samples", "20", "--hidden", "2", "--steps", "1",
                         "--out", str(tmp_path / "r"))
    assert status == 0 and ", 1 step, " in out and "(1 step in " in out
    assert "1 steps" not in out
    assert "Trained for 1 step in" in (tmp_path / "r" / "index.html").read_text()
    assert str(History(loss=[0.5], accuracy=[1.0], lr=[0.1])).startswith("1 step in")


@pytest.mark.parametrize("args", [["--loss", "cross-entropy"],
                                  ["--data", "spiral", "--classes", "3"]])
def test_class_regions_for_models_with_one_output_per_class(tmp_path, capsys, args):
    status, out, err = cli(capsys, "train", "--samples", "60", "--hidden", "4", "--steps", "2",
                           *args, "--out", str(tmp_path / "r"))
    assert status == 0, err
    assert (tmp_path / "r" / "decision_boundary.png").exists(), out
    assert "No decision-boundary picture" not in out


# -- 10. the expression reader -------------------------------------------------------------


def test_names_are_normalised_in_assignments_as_in_expressions():
    assert parse_assignment("ａ=1") == ("a", 1.0)
    assert parse_assignment("𝑥 = 2") == ("x", 2.0)
    out, leaves = evaluate("ａ*2", dict([parse_assignment("ａ=1")]))
    assert out.data == 2.0 and list(leaves) == ["a"]


def test_inf_and_nan_are_numbers_in_expressions():
    out, leaves = evaluate("x*inf - nan", {"x": 1.0})
    assert math.isnan(out.data) and list(leaves) == ["x"]
    assert evaluate("-inf + x", {"x": 1.0})[0].data == -math.inf
    with pytest.raises(ValueError, match="'inf' cannot be a variable name"):
        parse_assignment("inf=1")


def test_graph_arguments(tmp_path, capsys, monkeypatch):
    status, _, err = cli(capsys, "graph")
    assert status == 2 and "give an expression" in one_line(err) and "NAME=VALUE" not in err
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(capsys, "graph", "--", "-x*2", "x=3", "-o", "minus.dot",
                           "--rankdir", "TB")
    assert status == 0, err
    assert "d/dx = -2.0" in out and "rankdir=TB" in (tmp_path / "minus.dot").read_text()


# -- the command in its own process --------------------------------------------------------


@pytest.mark.slow
def test_a_few_failures_in_a_real_process(tmp_path):
    cases = [["graph", "x**", "x=1"], ["train", "--noise", "1e308"],
             ["train", "--seed", "-1"], ["graph", "a", "a=1", "-o", str(tmp_path)]]
    for args in cases:
        r = subprocess.run([sys.executable, "-m", "retrograd.cli", *args], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
