"""Grading handed-in labs: each notebook runs in its own processes, with a time
and a memory limit, and gets one row of scores.

For each notebook, ``grade_notebook`` starts a child process (this module run
as ``python -m retrograd.course.grade``) under a memory limit
(``RLIMIT_AS``, inherited by everything it starts). The child runs the
notebook from top to bottom in a fresh ``python3`` Jupyter kernel, going on
after a cell that raises, in an empty working folder. The lab's check cells
(``retrograd.course.lab.check_task``) write their outcomes to a JSON file
whose random name only the grader knows (``RETROGRAD_LAB_SCORES``): the score
of a task is 1 when its check passed, whatever the notebook prints. When the
time is up, the child, the kernel and anything they started are killed; the
tasks checked before keep their points.

With a feedback folder, the child also writes the notebook as it ran there
(its outputs, its errors and the checks' verdicts, in the notebook's
language), to hand back to its student: what the score came from. A notebook
stopped by the time limit has none; its row says why.

Student code runs in the kernel, with the rights of whoever runs the grading,
never in the grading process. POSIX only (the memory limit).
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from ..files import atomic_write, writable_problem
from .lab import SCORES_VARIABLE, TASKS

COLUMNS = ["notebook", *(f"task{n}" for n in TASKS), "total", "error"]
DEFAULT_TIMEOUT = 600  # seconds per notebook; the full lab runs in about 15
DEFAULT_MEMORY = 2048  # MB per process; the full lab's kernel uses about 400 of address space


def find_notebooks(folder: str | os.PathLike) -> list[Path]:
    """The ``.ipynb`` files in ``folder`` and its subfolders, in name order
    (Jupyter's ``.ipynb_checkpoints`` copies left out)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"FOLDER {str(folder)!r} is not a folder: give the folder that holds "
                         f"the handed-in notebooks")
    found = sorted(p for p in folder.rglob("*.ipynb")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    if not found:
        raise ValueError(f"FOLDER {str(folder)!r} holds no .ipynb file: give the folder that "
                         f"holds the handed-in notebooks")
    return found


def check_csv_target(path: str | os.PathLike) -> Path:
    """``path`` if a CSV file can be written there (its folder exists and is writable)."""
    path = Path(path)
    folder = path.parent
    if path.is_dir() or not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ValueError(f"--csv {str(path)!r} cannot be written: give a file name in an "
                         f"existing folder you can write to")
    return path


def check_feedback_target(feedback: str | os.PathLike, folder: str | os.PathLike,
                          targets: list[Path]) -> None:
    """Whether the notebooks of ``folder`` can be written as they ran to ``targets``, in
    the folder ``feedback`` (new or existing): it must never touch ``folder`` (neither
    be inside it nor hold it, nor reach into it by a symbolic link)."""
    feedback = Path(feedback)
    ours, theirs = feedback.resolve(), Path(folder).resolve()
    problem = writable_problem(feedback, folder=True)
    if not problem and ours.is_relative_to(theirs):
        problem = "it is inside the folder of the handed-in notebooks"
    elif not problem and theirs.is_relative_to(ours):
        problem = "it holds the handed-in notebooks"
    elif not problem and any(target.resolve().is_relative_to(theirs) for target in targets):
        problem = "a link in it leads into the folder of the handed-in notebooks"
    if problem:
        raise ValueError(f"--feedback {str(feedback)!r}: {problem}; give a folder of its own")


def grade_notebook(path: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
                   memory: int = DEFAULT_MEMORY, feedback: str | os.PathLike | None = None
                   ) -> dict:
    """Run the notebook ``path`` (at most ``timeout`` seconds, ``memory`` MB of address
    space per process) and return its row: ``task1`` ... ``task10`` (1 or 0),
    ``total``, and ``error`` (empty, or why the notebook did not run cleanly).
    ``feedback``: a file to write the notebook to as it ran."""
    with tempfile.TemporaryDirectory(prefix="retrograd-grade-") as tmp:
        tmp = Path(tmp)
        scores_file = tmp / f"scores-{secrets.token_hex(16)}.json"
        status_file = tmp / "status.json"
        workdir = tmp / "work"
        workdir.mkdir()
        env = dict(os.environ, **{SCORES_VARIABLE: str(scores_file)},
                   # one thread each, so that the memory a process needs is the same on
                   # every machine (numerical libraries reserve memory per thread)
                   OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        if feedback is not None and not Path(feedback).is_dir():
            Path(feedback).unlink(missing_ok=True)  # a run that writes none leaves none
        command = [sys.executable, "-m", "retrograd.course.grade", str(Path(path).resolve()),
                   str(status_file), str(workdir), str(memory),
                   "" if feedback is None else str(Path(feedback).resolve())]
        child = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True,
                                 preexec_fn=lambda: _limit_memory(memory))
        try:
            child.wait(timeout=timeout)
            error = str(_read_json(status_file, dict).get(
                "error", f"the run stopped without a result (exit status {child.returncode}; "
                         f"memory limit of {memory} MB?)"))
        except subprocess.TimeoutExpired:
            error = f"time limit ({timeout:g} s)"
        finally:
            _kill_tree(child)
        scores = _read_json(scores_file, dict)
    row = {f"task{n}": int(scores.get(str(n)) is True) for n in TASKS}
    row["total"] = sum(row.values())
    row["error"] = error
    return row


def grade_folder(folder: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT,
                 memory: int = DEFAULT_MEMORY, feedback: str | os.PathLike | None = None
                 ) -> Iterator[dict]:
    """Grade each notebook of ``folder`` (``find_notebooks``) in turn: its row, with
    the notebook's path inside ``folder`` in ``notebook``, as soon as it is graded.
    With ``feedback``, each notebook as it ran goes there, at the same path. The
    folders are checked at once, before the first notebook runs."""
    notebooks = find_notebooks(folder)
    names = [path.relative_to(folder) for path in notebooks]
    targets: list[Path | None] = [None] * len(notebooks)
    if feedback is not None:
        targets = [Path(feedback) / name for name in names]
        check_feedback_target(feedback, folder, targets)
    return ({"notebook": name.as_posix(), **grade_notebook(path, timeout, memory, target)}
            for path, name, target in zip(notebooks, names, targets))


def write_csv(rows: list[dict], path: str | os.PathLike) -> Path:
    """Write ``rows`` (with a ``notebook`` column) to ``path`` as CSV, atomically."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return atomic_write(path, text.getvalue())


def _limit_memory(megabytes: int) -> None:
    """In the child, before it starts: at most ``megabytes`` of address space."""
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _kill_tree(child: subprocess.Popen) -> None:
    """Kill ``child`` and every process under it (the kernel starts its own session,
    so killing the child's process group would miss it)."""
    import psutil

    try:
        processes = psutil.Process(child.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        processes = []
    child.kill()
    for p in processes:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    child.wait()
    psutil.wait_procs(processes, timeout=5)


def _read_json(path: Path, kind: type):
    """The JSON object in ``path`` if it is a ``kind``, else an empty one: the file may
    be missing, cut short or anything a student's code wrote."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return kind()
    return value if isinstance(value, kind) else kind()


# -- the child process: run one notebook ---------------------------------------------------


def _run(notebook: Path, status_file: Path, workdir: Path, memory: int,
         feedback: str) -> None:
    """Run ``notebook`` in a fresh kernel and write, to ``status_file``, why it did not
    run cleanly (empty if it did), and to ``feedback`` (if given) the notebook as it ran."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as e:  # noqa: BLE001 - whatever the file holds, the row says why
        atomic_write(status_file, json.dumps({"error": f"not a notebook ({_one_line(e)})"}))
        return
    client = NotebookClient(nb, kernel_name="python3", timeout=None, allow_errors=True,
                            record_timing=False, resources={"metadata": {"path": str(workdir)}})
    error = ""
    try:
        client.execute()
    except DeadKernelError:
        error = f"the kernel died (a crash, or the memory limit of {memory} MB)"
    except Exception as e:  # noqa: BLE001 - e.g. a cell nbclient cannot run
        error = f"the run stopped: {_one_line(e)}"
    raised = _first_exception(nb)
    if raised:
        error = f"{error}; first {raised}" if error else raised
    if feedback:
        try:
            Path(feedback).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(feedback, nbformat.writes(nb))
        except (OSError, MemoryError) as e:
            note = f"no feedback written ({_one_line(e)})"
            error = f"{error}; {note}" if error else note
    atomic_write(status_file, json.dumps({"error": error}))


def _first_exception(nb) -> str:
    """Where the notebook first raised, and what (cells counted from 1)."""
    for k, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                ename, evalue = output.get("ename"), output.get("evalue")
                if ename == "MemoryError":
                    return f"memory limit in cell {k}"
                return f"exception in cell {k}: {_one_line(f'{ename}: {evalue}')}"
    return ""


def _one_line(text, width: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


if __name__ == "__main__":
    _run(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]),
         sys.argv[5])
