"""Write the course notebooks, run them, and store them with their outputs.

Each notebook is written once, in ``source/``: its code cells are shared by the
two languages and its text cells carry French and English. This script writes
``fr/NN_name.ipynb`` and ``en/NN_name.ipynb`` from it, runs every notebook from
top to bottom in a fresh Jupyter kernel, and saves it with its outputs, so that
the notebooks read well on GitHub or in JupyterLab without running them.

    .venv/bin/python notebooks/build.py              # all notebooks, both languages
    .venv/bin/python notebooks/build.py --only 1 3   # lesson 1 and the lab
    .venv/bin/python notebooks/build.py --no-run     # cells only, no outputs

A notebook with exercise cells (``cells.exercise``) also gets its student
version, ``fr/exercises/NN_name.ipynb`` and ``en/exercises/NN_name.ipynb``,
built and run the same way; a cell that fails there (a function still to be
written) keeps its error in the outputs and the run goes on.

The tests (tests/test_notebooks.py) run each notebook again, in French, and
check that the French file holds the outputs of that run and the English file
the same numbers and pictures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from retrograd.files import atomic_write

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "source"))

from cells import LANGUAGES, Code, Notebook, Text  # noqa: E402

# The module in source/ that writes each notebook, by number.
SOURCES = {1: "lesson1", 2: "lesson2", 3: "lab", 4: "generic", 5: "beyond", 6: "matrices"}
CELL_TIMEOUT = 300  # seconds; the longest cell (the lab's 100 training steps) takes about 10
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def notebooks(numbers: list[int] | None = None) -> list[Notebook]:
    """The notebooks of the course (or those numbered ``numbers``), read from source/."""
    if numbers is None:
        numbers = list(SOURCES)
    unknown = sorted(set(numbers) - set(SOURCES))
    if unknown:
        raise ValueError(f"no notebook numbered {unknown}; the course has {sorted(SOURCES)}")
    return [importlib.import_module(SOURCES[n]).NOTEBOOK for n in sorted(numbers)]


def path_of(spec: Notebook, language: str, exercise: bool = False) -> Path:
    folder = HERE / language / "exercises" if exercise else HERE / language
    return folder / f"{spec.name(language)}.ipynb"


def versions(spec: Notebook) -> tuple[bool, ...]:
    """``(False,)`` for the full notebook only, ``(False, True)`` if it has exercises."""
    return (False, True) if spec.has_exercises else (False,)


def make(spec: Notebook, language: str, exercise: bool = False) -> nbformat.NotebookNode:
    """The notebook ``spec`` in ``language`` (its student version if ``exercise``),
    without outputs. Cell ids are stable (``NN-cell-KK``), so rebuilding gives the
    same file when nothing changed."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    cells = []
    for k, cell in enumerate(spec.cells):
        cell_id = f"{spec.number:02d}-cell-{k:02d}"
        if isinstance(cell, Text):
            cells.append(nbformat.v4.new_markdown_cell(cell.markdown(language, exercise), id=cell_id))
        elif isinstance(cell, Code):
            cells.append(nbformat.v4.new_code_cell(cell.text(language, exercise), id=cell_id))
        else:
            raise TypeError(f"notebook {spec.number}: cell {k} is {cell!r}, not a Text or a Code")
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def hermetic_environment(tmp: Path) -> dict[str, str]:
    """Environment variables that point Jupyter, IPython and matplotlib at folders
    inside ``tmp``, so that a run depends on nothing in the user's home. The
    folders are created, and matplotlib's font cache is built there (a kernel
    building it would print a warning into the first plot's output). Plots stay
    on: the notebooks use ``%matplotlib inline`` (do not set MPLBACKEND=Agg)."""
    env = {}
    for var, sub in (("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "matplotlib")):
        folder = Path(tmp) / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger warning in the outputs
    child = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                   env={**child, **env}, check=True)
    return env


def run(nb: nbformat.NotebookNode, workdir: Path, timeout: int = CELL_TIMEOUT,
        allow_errors: bool = False) -> nbformat.NotebookNode:
    """Run ``nb`` from top to bottom in a fresh ``python3`` kernel whose working
    directory is ``workdir``, and fill in its outputs; raises
    ``nbclient.exceptions.CellExecutionError`` at the first cell that fails,
    unless ``allow_errors`` (a student version), which keeps going."""
    client = NotebookClient(nb, kernel_name="python3", timeout=timeout, record_timing=False,
                            allow_errors=allow_errors,
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return nb


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the text form of outputs that also carry a picture or HTML: a notebook
    shows the richer form, and the text (``<... at 0x7f...>``) would change the
    stored file at every rebuild. Join the pieces of one printout: the kernel
    sends a stream in as many chunks as it pleases, which would change the
    stored file too. An error (in a student version) keeps its last line only:
    the traceback names files of the machine that built it."""
    rich = ("image/svg+xml", "image/png", "text/html")
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
            data = output.get("data", {})
            if "text/plain" in data and any(kind in data for kind in rich):
                del data["text/plain"]
            previous = outputs[-1] if outputs else None
            if (output.get("output_type") == "stream" and previous is not None
                    and previous.get("output_type") == "stream"
                    and previous.name == output.name):
                previous.text += output.text
            else:
                outputs.append(output)
        if cell.cell_type == "code":
            cell.outputs = outputs
    return nb


def save(nb: nbformat.NotebookNode, target: Path) -> Path:
    """Validate ``nb`` and write it to ``target`` as ``nbformat.write`` would (same
    bytes), but atomically: an interrupted build never leaves half a notebook."""
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(target, text if text.endswith("\n") else text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", type=int, nargs="+", metavar="N",
                        help="build only these notebook numbers")
    parser.add_argument("--lang", choices=LANGUAGES, nargs="+", default=list(LANGUAGES))
    parser.add_argument("--no-run", action="store_true", help="write the cells without running them")
    args = parser.parse_args(argv)

    specs = notebooks(args.only)
    with tempfile.TemporaryDirectory(prefix="retrograd-notebooks-") as tmp:
        os.environ.update(hermetic_environment(Path(tmp)))
        os.environ.pop("MPLBACKEND", None)
        for spec in specs:
            for language in args.lang:
                for exercise in versions(spec):
                    nb = make(spec, language, exercise)
                    target = path_of(spec, language, exercise)
                    if not args.no_run:
                        workdir = Path(tmp) / f"{spec.number:02d}-{language}-{int(exercise)}"
                        workdir.mkdir()
                        start = time.perf_counter()
                        tidy(run(nb, workdir, allow_errors=exercise))
                        print(f"ran {target.relative_to(HERE)} in "
                              f"{time.perf_counter() - start:.1f} s")
                    save(nb, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
