"""The report folder of a training run: pictures, the model and an ``index.html``.

``write_report`` writes, into one folder,

- ``decision_boundary.png``: the trained classifier's regions with the training
  points (two inputs, two classes);
- ``training.png``: loss, accuracy and learning rate at each step;
- ``neuron.svg``: the computation graph of one first-layer neuron for the first
  training sample, with the gradients of its output (the lessons' picture);
- ``model.json``: the model (``retrograd.io``), with the settings and history;
- ``index.html``: all of the above with the final numbers, readable offline
  (pictures are files of the same folder, no script, no network).

Every file is written atomically (``retrograd.io.atomic_write``), ``index.html``
last, so an interrupted report never leaves a half-written file.
"""

from __future__ import annotations

import html
import io as _bytes_io
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import Value
from .io import architecture, atomic_write, parameter_count, save
from .nn import MLP
from .train import History, accuracy, output_threshold

BOUNDARY, TRAINING, NEURON, MODEL, INDEX = ("decision_boundary.png", "training.png",
                                            "neuron.svg", "model.json", "index.html")


@dataclass
class Report:
    """What ``write_report`` wrote and the numbers it shows."""

    folder: Path
    final_loss: float
    train_accuracy: float
    test_accuracy: float | None = None
    neuron: int | None = None  # which first-layer neuron neuron.svg shows
    files: dict[str, Path] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.files[INDEX]


def format_accuracy(fraction: float) -> str:
    """An accuracy as the report and the command print it.

    >>> format_accuracy(1.0), format_accuracy(0.8625)
    ('100.0%', '86.2%')
    """
    return f"{100 * fraction:.1f}%"


def format_loss(loss: float) -> str:
    """A loss with all its digits (``repr``), as micrograd's demo prints it.

    >>> format_loss(0.010978370135492717)
    '0.010978370135492717'
    """
    return repr(float(loss))


def write_report(folder: str | os.PathLike, *, model: MLP, history: History, X_train, y_train,
                 X_test=None, y_test=None,
                 title: str = "retrograd training run", settings: dict[str, Any] | None = None,
                 ) -> Report:
    """Write the report of a finished (or interrupted) training run into ``folder``.

    ``settings`` is a dict of what was trained how (shown in the page and saved in
    the model file). The folder is created if needed. Returns a ``Report``.
    """
    from .train import _check_data

    architecture(model, "write_report")  # before anything is written: the model file needs it
    rows, targets = _check_data(model, X_train, y_train)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    settings = dict(settings or {})
    report = Report(folder=folder, final_loss=history.final_loss,
                    train_accuracy=accuracy(model, rows, targets))
    if X_test is not None and len(X_test):
        report.test_accuracy = accuracy(model, X_test, y_test)

    _boundary_png(report, model, rows, targets)
    _training_png(report, history)
    _neuron_svg(report, model, rows[0])
    metadata = {"title": title, "settings": settings, "results": _results(report, history),
                "history": {"loss": history.loss, "accuracy": history.accuracy,
                            "lr": history.lr}}
    report.files[MODEL] = save(model, folder / MODEL, metadata=_json_safe(metadata))
    report.files[INDEX] = atomic_write(folder / INDEX,
                                       _page(report, model, history, title, settings))
    return report


# -- the pictures -------------------------------------------------------------------------


def _save_figure(fig, path: Path) -> Path:
    buffer = _bytes_io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return atomic_write(path, buffer.getvalue())


def _boundary_png(report: Report, model: MLP, rows: list, targets: list) -> None:
    nin = len(model.layers[0].neurons[0].w)
    classes = set(targets)
    if nin != 2 or len(model.layers[-1].neurons) != 1 or not (classes <= {-1, 1}
                                                                or classes <= {0, 1}):
        report.notes.append("No decision-boundary picture: it is drawn for two-class models "
                            f"with two inputs (this one has {nin} inputs and "
                            f"{len(model.layers[-1].neurons)} outputs).")
        return
    from .plot import plot_decision_boundary

    output = "probability" if output_threshold(model) == 0.5 else "score"
    fig = plot_decision_boundary(model, rows, targets, output=output)
    report.files[BOUNDARY] = _save_figure(fig, report.folder / BOUNDARY)


def _training_png(report: Report, history: History) -> None:
    if not history.loss:
        report.notes.append("No training curves: not a single step was completed.")
        return
    from .plot import plot_training

    report.files[TRAINING] = _save_figure(plot_training(history), report.folder / TRAINING)


def _neuron_svg(report: Report, model: MLP, x: list) -> None:
    """The first live neuron of the first layer on one sample, after ``backward()`` from
    its output: the lesson's picture of a neuron, with the trained weights. The
    model's own gradients are left at 0."""
    from .graph import GraphvizNotFound, draw_dot, install_instructions, render

    inputs = [Value(v, label=f"x{i}") for i, v in enumerate(x)]
    outputs = [neuron(inputs) for neuron in model.layers[0].neurons]
    index = next((j for j, h in enumerate(outputs) if h.data > 0), 0)
    root = outputs[index]
    model.zero_grad()
    try:
        root.backward()
        dot = draw_dot(root, format="svg", rankdir="TB", model=model)  # fits a page's width
    finally:
        model.zero_grad()
    try:
        path = render(dot, report.folder / NEURON)
    except GraphvizNotFound:
        report.notes.append("No graph picture: Graphviz's `dot` program is not on PATH; "
                            "install it (" + install_instructions().replace("\n", "; ")
                            + ") and run again.")
        return
    report.files[NEURON] = path
    report.neuron = index


# -- the page -------------------------------------------------------------------------------


def _results(report: Report, history: History) -> dict[str, Any]:
    return {"steps": history.steps, "total_steps": history.total_steps,
            "interrupted": history.interrupted, "seconds": round(history.seconds, 3),
            "final_loss": report.final_loss, "train_accuracy": report.train_accuracy,
            "test_accuracy": report.test_accuracy}


def _json_safe(x):
    """Non-finite floats as strings, so the metadata stays standard JSON."""
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    if isinstance(x, dict):
        return {str(k): _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    return x


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { text-align: left; padding: .25rem .8rem .25rem 0; vertical-align: top; }
th { font-weight: 600; color: #555; }
.numbers td { font-size: 1.3rem; font-variant-numeric: tabular-nums; }
.interrupted { background: #fff3cd; border: 1px solid #e0c36a; padding: .6rem .8rem; }
.note { color: #666; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
code { background: #f4f4f4; padding: 0 .2rem; }
"""


def _page(report: Report, model: MLP, history: History, title: str,
          settings: dict[str, Any]) -> str:
    e = html.escape
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
             f"<h1>{e(title)}</h1>\n"]
    if history.interrupted:
        parts.append(f"<p id=\"status\" class=\"interrupted\">Training was interrupted after "
                     f"{history.steps} of {history.total_steps} steps: the model and the numbers "
                     f"below are those of the last completed step.</p>\n")
    else:
        parts.append(f"<p id=\"status\">Trained for {history.steps} steps in "
                     f"{history.seconds:.1f} s.</p>\n")
    loss_text = format_loss(report.final_loss) if history.loss else "none"
    parts.append("<table class=\"numbers\">\n"
                 f"<tr><th>final loss</th><td id=\"final-loss\">{e(loss_text)}</td></tr>\n"
                 f"<tr><th>training accuracy</th><td id=\"accuracy\">"
                 f"{format_accuracy(report.train_accuracy)}</td></tr>\n")
    if report.test_accuracy is not None:
        parts.append(f"<tr><th>test accuracy</th><td id=\"test-accuracy\">"
                     f"{format_accuracy(report.test_accuracy)}</td></tr>\n")
    parts.append("</table>\n<p class=\"note\">The final loss is the loss of the last step (the "
                 "one its update was computed from); the accuracies are those of the trained "
                 "model.</p>\n")

    if BOUNDARY in report.files:
        parts.append(f"<h2>Decision boundary</h2>\n<img id=\"boundary\" src=\"{BOUNDARY}\" "
                     f"alt=\"decision boundary of the trained model with the training points\">\n")
    if TRAINING in report.files:
        parts.append(f"<h2>Training</h2>\n<img id=\"training\" src=\"{TRAINING}\" "
                     f"alt=\"loss, accuracy and learning rate at each step\">\n")
    if NEURON in report.files:
        parts.append(f"<h2>One neuron, one sample</h2>\n<p>Neuron {report.neuron} of the first layer on "
                     f"the first training sample. Each box shows a value (<code>data</code>) and "
                     f"the derivative of the neuron's output with respect to it "
                     f"(<code>grad</code>), as <code>backward()</code> from the output "
                     f"computed it (click the picture for its full size).</p>\n"
                     f"<a href=\"{NEURON}\"><img id=\"neuron\" src=\"{NEURON}\" "
                     f"alt=\"computation graph of one neuron with gradients\"></a>\n")
    for note in report.notes:
        parts.append(f"<p class=\"note\">{e(note)}</p>\n")

    parts.append("<h2>Model</h2>\n<table id=\"model\">\n<tr><th>layer</th><th>inputs</th>"
                 "<th>neurons</th><th>activation</th><th>parameters</th></tr>\n")
    arch = architecture(model, "write_report")
    nin, nouts = arch["nin"], arch["nouts"]
    for i, (n_in, n_out, activation) in enumerate(zip([nin] + nouts, nouts, arch["activations"])):
        parts.append(f"<tr><td>{i}</td><td>{n_in}</td><td>{n_out}</td><td>{e(activation)}</td>"
                     f"<td>{parameter_count(n_in, [n_out])}</td></tr>\n")
    parts.append(f"</table>\n<p><code>MLP({nin}, {nouts})</code>, "
                 f"{parameter_count(nin, nouts)} parameters, saved in "
                 f"<a href=\"{MODEL}\">{MODEL}</a> (load it with "
                 f"<code>retrograd.io.load(\"{MODEL}\")</code>).</p>\n")
    if settings:
        parts.append("<h2>Settings</h2>\n<table id=\"settings\">\n")
        for key, value in settings.items():
            parts.append(f"<tr><th>{e(str(key))}</th><td>{e(str(value))}</td></tr>\n")
        parts.append("</table>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


__all__ = ["Report", "write_report", "format_accuracy", "format_loss", "BOUNDARY", "TRAINING",
           "NEURON", "MODEL", "INDEX"]
