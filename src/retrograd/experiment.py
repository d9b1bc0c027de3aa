"""Experiments: one typed configuration and the one function that runs it.

An ``Experiment`` says everything a training run needs: the data, the
network, the loss, the optimizer and its schedule, how long, which seed.
``prepare`` checks it and builds the parts (data split, model, optimizer,
scheduler) before any work; ``run`` trains and writes the report folder.
``retrograd demo`` is the default ``Experiment()``: micrograd's demo;
``retrograd train`` builds one from its options. The network is a ``DenseMLP``
(one matrix per layer), which gives the scalar ``MLP``'s numbers to rounding;
``scalar=True`` trains the ``MLP`` with one graph per sample, micrograd's way.
Settings that do not make sense together raise ``ExperimentError`` with one
sentence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .data import encode_labels, load_dataset, train_test_split
from .losses import get_loss
from .memory import check_memory, dense_step_bytes, scalar_step_bytes
from .models import parameter_count
from .nn import MLP, DenseMLP
from .optim import LRScheduler, Optimizer, make_optimizer, make_scheduler
from .report import Report, check_report_folder, plural, write_report
from .train import History, fit, step_count

# The labels each loss expects: -1/+1 for the hinge, 0/1 for mse and bce, indices otherwise.
LABELS = {"hinge": "sign", "mse": "binary", "bce": "binary", "cross-entropy": "index"}


class ExperimentError(ValueError):
    """A setting of an experiment that does not make sense, with the others or for its
    data: ``setting`` names it, ``value`` is its value, ``problem`` says what is wrong."""

    def __init__(self, setting: str, value, problem: str):
        self.setting, self.value, self.problem = setting, value, problem
        super().__init__(f"{setting}={value!r}: {problem}")


@dataclass
class Experiment:
    """A training run, micrograd's demo by default: MLP(2, [16, 16, 1]) on 100 moons
    points, hinge loss + L2 1e-4, SGD from 1.0 down to 0.1 over 100 full-batch steps,
    seed 1337. A setting left at None takes its usual value: the data set's own
    number of samples (100; every image of the chosen digits) and noise, the hinge
    loss for two classes and cross-entropy beyond, the optimizer's learning rate and
    schedule (``DEFAULT_LR``, ``DEFAULT_SCHEDULE``), 100 steps unless ``epochs`` is
    given. ``scalar`` trains a scalar ``MLP`` with one graph per sample instead of a
    ``DenseMLP``."""

    data: str = "moons"
    samples: int | None = None
    noise: float | None = None
    classes: int | None = None
    hidden: list[int] = field(default_factory=lambda: [16, 16])
    activation: str = "relu"
    loss: str | None = None
    l2: float = 1e-4
    optimizer: str = "sgd"
    lr: float | None = None
    momentum: float = 0.0
    schedule: str | None = None
    gamma: float | None = None
    steps: int | None = None
    epochs: int | None = None
    batch_size: int | None = None
    seed: int = 1337
    test_size: float = 0.0
    scalar: bool = False


# What an optimizer starts from when no lr or schedule is given: micrograd's demo for SGD.
DEFAULT_LR = {"sgd": 1.0, "adam": 0.05, "adamw": 0.05}
DEFAULT_SCHEDULE = {"sgd": "linear", "adam": "constant", "adamw": "constant"}
GAMMA_SCHEDULES = ("exponential", "step")  # the schedules that take a gamma


DEMO = Experiment(noise=0.1)
"""micrograd's demo: what ``retrograd demo`` runs (its noise said, as micrograd says it)."""


@dataclass
class Plan:
    """An experiment's parts, built and checked, ready to train."""

    experiment: Experiment
    samples: int
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray | None
    y_test: np.ndarray | None
    classes: int
    loss: str
    model: MLP | DenseMLP
    optimizer: Optimizer
    scheduler: LRScheduler
    steps: int

    def describe(self, name: str) -> str:
        """One line: what is about to be trained, and how."""
        e = self.experiment
        penalty = f" + L2 {e.l2:g}" if e.l2 else ""
        return (f"retrograd {name}: {type(self.model).__name__}({self.model.nin}, "
                f"{self.model.nouts}) on {e.data} "
                f"({len(self.y)} training samples), {self.loss} loss{penalty}, {e.optimizer} "
                f"lr {e.lr!r} ({e.schedule}), {plural(self.steps, 'step')}, {graphs(e)}")


def graphs(e: Experiment) -> str:
    return ("one graph per sample (--scalar)" if e.scalar
            else "one graph per batch, one matrix per layer")


def prepare(e: Experiment, out: str | Path) -> Plan:
    """Check ``e`` and the report folder ``out``, load the data and build the model,
    the optimizer and the schedule: everything that can fail does so here, before
    any training."""
    if not str(out).strip():
        raise ExperimentError("out", str(out), "give the name of a new folder for the report")
    check_report_folder(out)
    e = _with_defaults(e)
    X, y = load_dataset(e.data, e.samples, noise=e.noise, n_classes=e.classes,
                        random_state=e.seed)
    bad = np.argwhere(~np.isfinite(X))
    if len(bad):
        row, column = bad[0]
        raise ExperimentError("noise", e.noise, f"the data has {X[row, column]} at row {row}, "
                              f"column {column}; the inputs must be finite numbers")
    samples, classes = len(y), int(y.max()) + 1
    loss = e.loss or ("hinge" if classes == 2 else "cross-entropy")
    if loss != "cross-entropy" and classes > 2:
        raise ExperimentError("loss", loss, f"it is for two classes, but {e.data} has "
                              f"{classes}; use cross-entropy")
    y = encode_labels(y, LABELS[loss])
    X_test = y_test = None
    if e.test_size:
        X, X_test, y, y_test = train_test_split(X, y, test_size=e.test_size, random_state=e.seed)
    if e.batch_size is not None and e.batch_size > len(y):
        raise ExperimentError("batch_size", e.batch_size, f"larger than the {len(y)} training "
                              f"samples")
    nouts = list(e.hidden) + [classes if loss == "cross-entropy" else 1]
    # before the model is built: a huge one would not fit either
    count, rows = parameter_count(X.shape[1], nouts), e.batch_size or len(y)
    need = (scalar_step_bytes(count, rows, per_sample=True) if e.scalar
            else dense_step_bytes(count, sum(nouts), rows))
    try:
        check_memory(need, count, rows)
    except MemoryError as err:
        raise ExperimentError("hidden", list(e.hidden), str(err)) from None
    random.seed(e.seed)  # the initial weights, as micrograd's demo seeds them
    model = (MLP if e.scalar else DenseMLP)(
        X.shape[1], nouts, activation=e.activation,
        output_activation="sigmoid" if loss == "mse" else "linear")
    extra = {"momentum": e.momentum} if e.optimizer == "sgd" and e.momentum else {}
    optimizer = make_optimizer(e.optimizer, model.parameters(), lr=e.lr, **extra)
    steps = step_count(len(y), e.steps, e.epochs, e.batch_size)
    scheduler = make_scheduler(e.schedule, optimizer, steps, gamma=e.gamma)
    return Plan(e, samples, X, y, X_test, y_test, classes, loss, model, optimizer, scheduler,
                steps)


def _with_defaults(e: Experiment) -> Experiment:
    """``e`` with its optimizer's learning rate and schedule filled in, once the
    settings that only some choices take are checked."""
    e = replace(e, optimizer=str(e.optimizer).lower())  # as make_optimizer reads it
    if e.momentum and e.optimizer != "sgd":
        raise ExperimentError("momentum", e.momentum, "only the sgd optimizer has momentum")
    schedule = e.schedule or DEFAULT_SCHEDULE.get(e.optimizer, "constant")
    if e.gamma is not None and schedule not in GAMMA_SCHEDULES:
        raise ExperimentError("gamma", e.gamma, f"the {schedule} schedule has no gamma; "
                              f"use the exponential or step schedule")
    if e.steps is not None and e.epochs is not None:
        raise ExperimentError("epochs", e.epochs, f"give steps ({e.steps}) or epochs, not both")
    return replace(e, schedule=schedule,
                   lr=DEFAULT_LR.get(e.optimizer, 1.0) if e.lr is None else e.lr)


def run(plan: Plan, out: str | Path, *, title: str, command: str,
        progress: bool | None = None) -> tuple[History, Report]:
    """Train ``plan``'s model and write its report folder ``out``. A run stopped by
    Ctrl-C or by a diverging loss still gets its report (the history says which)."""
    e = plan.experiment
    with np.errstate(all="ignore"):  # a run that overflows is told by its history
        history = fit(plan.model, plan.X, plan.y, loss=get_loss(plan.loss),
                      optimizer=plan.optimizer, scheduler=plan.scheduler,
                      steps=e.steps, epochs=e.epochs,
                      batch_size=e.batch_size, l2=e.l2, random_state=e.seed,
                      progress=progress, batched=not e.scalar)
    settings = {"command": command, "data": e.data, "samples": plan.samples,
                "noise": e.noise, "classes": plan.classes,
                "test size": e.test_size or None, "hidden layers": list(e.hidden),
                "activation": e.activation, "loss": plan.loss, "L2": e.l2,
                "optimizer": e.optimizer, "lr": e.lr, "momentum": e.momentum or None,
                "schedule": e.schedule, "gamma": e.gamma, "steps": history.total_steps,
                "batch size": e.batch_size or "all", "graphs": graphs(e), "seed": e.seed}
    with np.errstate(all="ignore"):
        report = write_report(Path(out), model=plan.model, history=history, X_train=plan.X,
                              y_train=plan.y, X_test=plan.X_test, y_test=plan.y_test,
                              title=title,
                              settings={k: v for k, v in settings.items() if v is not None})
    return history, report


__all__ = ["Experiment", "DEMO", "ExperimentError", "Plan", "prepare", "run", "LABELS",
           "DEFAULT_LR", "DEFAULT_SCHEDULE"]
