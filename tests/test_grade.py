"""`retrograd lab grade`: every notebook of a folder runs in its own kernel, with a
time and a memory limit, and gets its row in the CSV file, whatever it does.

Two slow tests: one grades four notebooks (one that raises before it checks a task, and
notebooks that crash their kernel, exhaust their memory, or print fake verdicts) under a
time limit none of them reaches, with the notebooks as they ran written for their students;
the other grades a notebook that loops forever, under a time limit of a few seconds
measured on this machine. The complete lab is graded 10/10 in tests/test_notebooks.py,
where the notebook it ran is held to the stored one.
"""

from __future__ import annotations

import csv
import math
import shutil
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from retrograd.cli import main
from retrograd.course.grade import COLUMNS, write_csv

CHECK_TASK2 = ("from retrograd.course.lab import check_task\n"
               "check_task(2, sigmoid=lambda x: 1 / (1 + 2.718281828459045 ** -x))")


def notebook(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "ml-venv", "display_name": "a student's kernel"}
    nbformat.write(nb, path)


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """The kernels' connection files go here: no kernel may be left running after a test."""
    folder = tmp_path / "runtime"
    folder.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(folder))
    yield folder
    leftovers = [p for p in psutil.process_iter(["cmdline"])
                 if str(folder) in " ".join(p.info["cmdline"] or [])]
    assert leftovers == []


def grade(folder: Path, marks: Path, *options: str) -> dict[str, dict]:
    """Grade ``folder`` through the command line; the CSV's rows by notebook."""
    assert main(["lab", "grade", str(folder), "--csv", str(marks), *options]) == 0
    with open(marks, newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return {row["notebook"]: row for row in reader}


def tasks(row: dict) -> list[int]:
    return [int(row[f"task{n}"]) for n in range(1, 11)]


@pytest.mark.slow
def test_grading_a_folder_of_notebooks(tmp_path, runtime, capsys):
    folder = tmp_path / "handed-in"
    (folder / "bob").mkdir(parents=True)
    notebook(folder / "bob" / "lab.ipynb", "model = ...\nmodel.parameters()", CHECK_TASK2)
    notebook(folder / "dave.ipynb", "import os\nos.kill(os.getpid(), 9)")
    notebook(folder / "erin.ipynb", "hoard = bytearray(3 * 1024**3)", "print('never')")
    notebook(folder / "frank.ipynb",
             "import os, sys\n"
             "for n in range(1, 11):\n"
             "    print(f'Task {n}: done')\n"
             "    os.write(1, b'{\"1\": true}\\n')\n"
             "sys.stdout.write('\\x00\\xff' * 1000)",
             "from retrograd.course.lab import check_task\ncheck_task(1, model=None)")
    (folder / ".ipynb_checkpoints").mkdir()
    shutil.copy(folder / "bob" / "lab.ipynb", folder / ".ipynb_checkpoints" / "bob.ipynb")
    handed_in = sorted((p, p.read_bytes()) for p in folder.rglob("*") if p.is_file())
    marks, feedback = tmp_path / "marks.csv", tmp_path / "feedback"
    (feedback / "frank.ipynb").mkdir(parents=True)  # in the way of frank's feedback

    rows = grade(folder, marks, "--memory", "2048", "--feedback", str(feedback))

    assert list(rows) == ["bob/lab.ipynb", "dave.ipynb", "erin.ipynb", "frank.ipynb"]
    assert tasks(rows["bob/lab.ipynb"]) == [0, 1] + [0] * 8  # the cells after an error run
    assert rows["bob/lab.ipynb"]["error"] == ("exception in cell 1: AttributeError: 'ellipsis' "
                                              "object has no attribute 'parameters'")
    assert rows["dave.ipynb"]["total"] == "0"
    assert rows["dave.ipynb"]["error"].startswith("the kernel died")
    assert rows["erin.ipynb"]["error"] == "memory limit in cell 1"
    assert rows["frank.ipynb"]["total"] == "0"
    assert rows["frank.ipynb"]["error"].startswith("no feedback written (")
    printed = capsys.readouterr().out
    assert "bob/lab.ipynb: 1/10 (exception in cell 1:" in printed and f"wrote {marks}" in printed

    # each notebook as it ran, for its student; the handed-in ones untouched
    assert sorted(p.relative_to(feedback).as_posix() for p in feedback.rglob("*")
                  if p.is_file()) == ["bob/lab.ipynb", "dave.ipynb", "erin.ipynb"]
    bob = nbformat.read(feedback / "bob" / "lab.ipynb", as_version=4)
    assert bob.cells[0].outputs[0]["ename"] == "AttributeError"
    assert "Task 2" in bob.cells[1].outputs[0]["text"]  # its check's verdict
    assert nbformat.read(feedback / "erin.ipynb", as_version=4).cells[0].outputs[0][
        "ename"] == "MemoryError"
    assert sorted((p, p.read_bytes()) for p in folder.rglob("*") if p.is_file()) == handed_in


@pytest.mark.slow
@pytest.mark.waits
def test_a_notebook_that_loops_forever_is_stopped_and_keeps_the_tasks_it_passed(tmp_path,
                                                                               runtime):
    """The time limit is the command's --timeout: here twice what a notebook that only
    checks task 2 takes on this machine, plus two seconds (6 s at least), so that the
    looping one is stopped after its check."""
    quick, looping = tmp_path / "quick", tmp_path / "looping"
    quick.mkdir()
    looping.mkdir()
    notebook(quick / "carol.ipynb", CHECK_TASK2)
    notebook(looping / "carol.ipynb", CHECK_TASK2, "import time\nwhile True:\n    time.sleep(0.1)")

    start = time.monotonic()
    row = grade(quick, tmp_path / "quick.csv")["carol.ipynb"]
    limit = max(6, math.ceil(2 * (time.monotonic() - start)) + 2)  # room for a busy machine
    assert tasks(row) == [0, 1] + [0] * 8 and row["error"] == ""

    feedback = tmp_path / "feedback"
    feedback.mkdir()
    (feedback / "carol.ipynb").write_text("an earlier run's")
    row = grade(looping, tmp_path / "looping.csv", "--timeout", str(limit),
                "--feedback", str(feedback))["carol.ipynb"]
    assert tasks(row) == [0, 1] + [0] * 8  # checked before the loop: kept
    assert row["error"] == f"time limit ({limit} s)"
    assert list(feedback.iterdir()) == []  # no run to show, not an older one: the row says why


@pytest.mark.parametrize("arguments, message", [
    (["lab"], "required: ACTION"),
    (["lab", "grade", "MISSING"], "required: --csv"),
    (["lab", "grade", "MISSING", "--csv", "m.csv"], "'MISSING' is not a folder"),
    (["lab", "grade", "EMPTY", "--csv", "m.csv"], "holds no .ipynb file"),
    (["lab", "grade", "FULL", "--csv", "nowhere/m.csv"], "'nowhere/m.csv' cannot be written"),
    (["lab", "grade", "FULL", "--csv", "FULL"], "'FULL' cannot be written"),
    (["lab", "grade", "FULL", "--csv", "m.csv", "--timeout", "0"], "'0' must be at least 1"),
    (["lab", "grade", "FULL", "--csv", "m.csv", "--feedback", "FULL/out"],
     "--feedback 'FULL/out': it is inside the folder of the handed-in notebooks"),
    (["lab", "grade", "FULL", "--csv", "m.csv", "--feedback", "FULL/a.ipynb"],
     "--feedback 'FULL/a.ipynb': it exists and is not a folder"),
    (["lab", "grade", "FULL", "--csv", "m.csv", "--feedback", "."],
     "--feedback '.': it holds the handed-in notebooks"),
    (["lab", "grade", "FULL", "--csv", "out", "--feedback", "out"],
     "--csv 'out' is also the --feedback folder"),
])
def test_bad_arguments_exit_with_status_2_and_one_line(arguments, message, tmp_path,
                                                       monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "EMPTY").mkdir()
    (tmp_path / "FULL").mkdir()
    notebook(tmp_path / "FULL" / "a.ipynb", "print(1)")
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    helped = "retrograd lab" if arguments == ["lab"] else "retrograd lab grade"
    assert err.endswith(f"(see '{helped} --help')\n")  # the help that lists these options
    assert not (tmp_path / "m.csv").exists()


def test_feedback_never_reaches_into_the_handed_in_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "bob").mkdir(parents=True)
    notebook(tmp_path / "in" / "bob" / "lab.ipynb", "print(1)")
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "bob").symlink_to(tmp_path / "in" / "bob")  # bob's run would land in
    before = (tmp_path / "in" / "bob" / "lab.ipynb").read_bytes()
    assert main(["lab", "grade", "in", "--csv", "m.csv", "--feedback", "runs"]) == 2
    assert "a link in it leads into the folder of the handed-in" in capsys.readouterr().err
    assert (tmp_path / "in" / "bob" / "lab.ipynb").read_bytes() == before


def test_the_csv_file_is_written_atomically(tmp_path):
    row = {"notebook": "a, b.ipynb", **{f"task{n}": 1 for n in range(1, 11)}, "total": 10,
           "error": 'quote " and comma,'}
    path = write_csv([row], tmp_path / "marks.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["marks.csv"]
    with open(path, newline="") as f:
        assert list(csv.DictReader(f)) == [{k: str(v) for k, v in row.items()}]
    with pytest.raises(ValueError):
        write_csv([{"notebook": "x", "unknown": 1}], path)
    assert path.read_text().startswith("notebook,task1,")  # the old file, untouched

