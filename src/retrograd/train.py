"""The training loop of the lessons, written once: ``fit``, ``predict``, ``accuracy``.

``fit`` runs forward pass, loss, ``zero_grad``, ``backward``, optimizer step and
schedule step, for a number of steps or epochs, on the whole data set or on
mini-batches, and returns a ``History`` of the loss, accuracy and learning rate
of every step. micrograd's demo is one call:

    fit(model, X, y, loss="hinge", l2=1e-4, optimizer="sgd", lr=1.0,
        scheduler="linear", steps=100)

(with ``y`` in -1/+1), and gives the demo's numbers step for step.

The form of each step follows from the model (see ``retrograd.evaluation``):
a dense model (``DenseMLP``) takes the (mini-)batch as one array, a scalar
``Module`` (``MLP``) one batch Value per input column (see ``retrograd.batch``);
either way one graph per step. Each sample's outputs are the same numbers as
with one graph per sample; the gradients differ only by the order in which the
samples' contributions are added up. ``batched=False`` builds one graph per
sample for a scalar Module: micrograd's own loop, the reference that the other
forms are tested against.

Accuracy follows the labels and the model's last layer: with one output, a
sample counts as class 1 (or +1) when the output is above a threshold, 0.5 for
a sigmoid output (a probability) and 0 otherwise (a score or a logit); with
several outputs, the predicted class is the largest output.

>>> import random; random.seed(0)
>>> from retrograd import MLP
>>> model = MLP(1, [1])
>>> history = fit(model, [[-1.0], [1.0]], [-1, 1], loss="hinge", optimizer="sgd", lr=0.5, steps=5)
>>> history.accuracy[-1], accuracy(model, [[-2.0], [3.0]], [-1, 1])
(1.0, 1.0)
"""

from __future__ import annotations

import contextlib
import itertools
import math
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

import numpy as np

from .arguments import check_count, check_nonnegative, check_random_state
from .data import batch_indices
from .engine import Value
from .evaluation import (accuracy, check_data, forward, fraction_right, is_dense, numbers,
                         output_threshold, predict, sample_numbers, scores, widths)
from .language import say
from .losses import get_loss, l2_penalty
from .memory import check_memory, dense_step_bytes, scalar_step_bytes
from .nn import Module
from .optim import LRScheduler, Optimizer, make_optimizer, make_scheduler


@dataclass
class History:
    """What happened at each training step: ``loss`` (including any L2 penalty),
    ``accuracy`` (a fraction, on that step's batch, before the update) and ``lr``
    (the learning rate of the update).

    ``interrupted`` is true when Ctrl-C stopped the training early: the lists
    hold the steps that were completed, and the model holds their updates.
    ``diverged`` is true when the loss of the last step was not a finite number
    (inf or nan, usually a learning rate too large): training stopped there,
    without applying that step's update.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    total_steps: int = 0
    interrupted: bool = False
    diverged: bool = False
    seconds: float = 0.0

    @property
    def steps(self) -> int:
        """The number of steps completed."""
        return len(self.loss)

    @property
    def final_loss(self) -> float:
        """The loss of the last step (``nan`` before any step)."""
        return self.loss[-1] if self.loss else math.nan

    @property
    def final_accuracy(self) -> float:
        """The batch accuracy of the last step (``nan`` before any step)."""
        return self.accuracy[-1] if self.accuracy else math.nan

    def __str__(self) -> str:
        if self.diverged:
            status = say(fr=f"divergé au pas {self.steps} sur {self.total_steps}",
                         en=f"diverged at step {self.steps} of {self.total_steps}")
        elif self.interrupted:
            status = say(fr=f"interrompu après {self.steps} pas sur {self.total_steps}",
                         en=f"interrupted after {self.steps} of {self.total_steps} steps")
        else:
            status = say(fr=f"{self.steps} pas",
                         en=f"{self.steps} step" + ("" if self.steps == 1 else "s"))
        return say(fr=f"{status} en {self.seconds:.1f} s\u00a0: perte {self.final_loss:.6g}, "
                      f"exactitude {self.final_accuracy:.1%}",
                   en=f"{status} in {self.seconds:.1f} s: loss {self.final_loss:.6g}, "
                      f"accuracy {self.final_accuracy:.1%}")


def step_count(n: int, steps: int | None = None, epochs: int | None = None,
               batch_size: int | None = None) -> int:
    """How many optimizer steps ``fit`` takes on ``n`` samples: ``steps`` (100 by
    default), or ``epochs`` passes over the data in batches of ``batch_size``.

    >>> step_count(100, epochs=3, batch_size=32)
    12
    """
    if steps is not None and epochs is not None:
        raise ValueError("fit: give steps or epochs, not both")
    if epochs is None:
        total = 100 if steps is None else steps
        check_count("fit", "steps", total)
        return total
    check_count("fit", "epochs", epochs)
    return epochs * (1 if batch_size is None else math.ceil(n / batch_size))


def fit(model: Module, X, y, *, loss: str | Callable[..., Value] = "hinge",
        optimizer: Optimizer | str = "sgd", lr: float | None = None,
        scheduler: LRScheduler | str | None = None, steps: int | None = None,
        epochs: int | None = None, batch_size: int | None = None, l2: float = 0.0,
        random_state=None, threshold: float | None = None, progress: bool | None = None,
        callback: Callable[[int, History], None] | None = None,
        batched: bool = True) -> History:
    """Train ``model`` on inputs ``X`` (one row per sample) and targets ``y``.

    ``X`` holds numbers (a list of rows or a 2-D array), not Values: to train on
    inputs that are themselves Values of a larger graph, write the loop
    (``loss``, ``zero_grad``, ``backward``, ``step``) around ``model(x)``.

    - ``loss``: "hinge" (y in -1/+1), "mse", "bce" (logits, y in 0/1),
      "cross_entropy" (y class indices), or a function ``loss(outputs, targets)``.
    - ``optimizer``: an ``Optimizer`` over ``model.parameters()``, or a name
      ("sgd", "adam", "adamw") with its learning rate ``lr`` (by default the
      class's own, torch's 1e-3).
    - ``scheduler``: an ``LRScheduler`` bound to that optimizer, or a name
      ("constant", "linear", "exponential", "step") for ``make_scheduler``.
    - ``steps`` updates, or ``epochs`` passes over the data (100 steps when
      neither is given); ``batch_size=None`` uses the whole data set at every
      step (micrograd's demo), otherwise shuffled mini-batches drawn with
      ``random_state``.
    - ``l2``: the weight ``alpha`` of ``l2_penalty`` added to the loss (0: none).
    - ``threshold``: the output above which a single-output model says class 1;
      by default 0.5 after a sigmoid and 0 otherwise.
    - ``progress``: a tqdm progress bar on stderr; by default only when stderr
      is a terminal, so logs never fill with bar updates.
    - ``callback(step, history)`` runs after each step.
    - ``batched``: for a scalar ``Module`` (``MLP``), one graph per (mini-)batch
      (``True``) or one per sample (``False``, micrograd's way, the reference).
      ``loss`` receives what the model returns (a list of one output per sample
      with ``batched=False``; otherwise one Value for the batch, or a list of
      one per output) and the targets (a list, or a numpy array for a batch);
      the losses of ``retrograd.losses`` take every form. A dense model
      (``DenseMLP``) always takes its batch as one array.

    Ctrl-C stops the training cleanly: a parameter update is never cut in half,
    and the history of the completed steps is returned with ``interrupted=True``.
    A loss that is not a finite number stops it too, before its update, with
    ``diverged=True``: the parameters would all become nan.
    """
    matrix, targets = check_data(model, X, y)
    if not isinstance(batched, bool):
        raise TypeError(f"fit: batched must be True or False, got {batched!r}")
    dense = is_dense(model)
    if dense and not batched:
        raise ValueError("fit: batched=False builds one graph per sample of a scalar Module; "
                         "a dense model takes its batch as one array (for micrograd's graphs, "
                         "train model.to_mlp())")
    loss_fn = get_loss(loss)
    if isinstance(optimizer, str):
        optimizer = make_optimizer(optimizer, model.parameters(), lr=lr)
    elif not isinstance(optimizer, Optimizer):
        raise TypeError(f"fit: optimizer must be an Optimizer or one of 'sgd', 'adam', 'adamw', "
                        f"got {optimizer!r}")
    elif lr is not None:
        raise ValueError("fit: lr is for an optimizer given by name; an Optimizer object "
                         "already has its own lr")
    if not _same_parameters(optimizer.params, model.parameters()):
        raise ValueError("fit: the optimizer does not hold this model's parameters; "
                         "build it with optimizer(model.parameters(), ...)")
    n = len(matrix)
    if batch_size is not None:
        check_count("fit", "batch_size", batch_size)
        if batch_size > n:
            raise ValueError(f"fit: batch_size={batch_size} is larger than the {n} samples; "
                             f"use batch_size=None for the whole data set at each step")
    rng = check_random_state("fit", random_state)
    total = step_count(n, steps, epochs, batch_size)
    if isinstance(scheduler, str):
        scheduler = make_scheduler(scheduler, optimizer, total)
    elif scheduler is not None:
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"fit: scheduler must be an LRScheduler or a schedule name, "
                            f"got {scheduler!r}")
        if scheduler.optimizer is not optimizer:
            raise ValueError("fit: the scheduler is bound to another optimizer")
    check_nonnegative("fit", "l2", l2, "the weight of the L2 penalty")
    if threshold is None:
        threshold = output_threshold(model)
    params = model.parameters()
    rows = batch_size or n
    if dense:
        need = dense_step_bytes(sum(p.data.size for p in params), widths(params), rows)
    else:
        need = scalar_step_bytes(len(params), rows, per_sample=not batched)
    check_memory(need, len(params), rows)

    history = History(total_steps=total)
    show = sys.stderr.isatty() if progress is None else bool(progress)
    bar = _progress_bar(total) if show else None
    start = time.perf_counter()
    try:
        for batch in _batches(n, batch_size, total, rng):
            xb = matrix if batch is None else matrix[batch]
            yb = targets if batch is None else targets[batch]
            if batched:
                outputs = forward(model, xb)
            else:  # micrograd's loop: rows and targets as Python lists
                yb = yb.tolist()
                outputs = [model(x) for x in xb.tolist()]
            total_loss = loss_fn(outputs, yb)
            if l2:
                total_loss = total_loss + l2_penalty(params, alpha=l2)
            optimizer.zero_grad()
            total_loss.backward()
            acc = fraction_right(numbers(outputs) if batched else sample_numbers(outputs),
                                 np.asarray(yb), threshold)
            with _updates_not_interrupted():
                history.loss.append(float(total_loss.data))
                history.accuracy.append(acc)
                history.lr.append(optimizer.lr)
                if not math.isfinite(history.loss[-1]):
                    history.diverged = True
                    break
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()
            if bar is not None:
                bar.set_postfix({say(fr="perte", en="loss"): f"{float(total_loss.data):.4g}",
                                 say(fr="exactitude", en="acc"): f"{acc:.0%}"}, refresh=False)
                bar.update(1)
            if callback is not None:
                callback(history.steps - 1, history)
    except KeyboardInterrupt:
        history.interrupted = True
    finally:
        history.seconds = time.perf_counter() - start
        if bar is not None:
            bar.close()
    return history


def _progress_bar(total: int):
    """A tqdm bar on stderr; in Jupyter, tqdm's widget when ipywidgets is installed.

    Made only when it is shown, so a quiet run never imports tqdm's notebook
    support (which warns when ipywidgets is missing).
    """
    from importlib.util import find_spec

    if find_spec("ipywidgets") is not None:  # tqdm.auto's notebook widget needs it
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, desc=say(fr="entraînement", en="training"),
                unit=say(fr="pas", en="step"), file=sys.stderr, dynamic_ncols=True)


def _same_parameters(a: Sequence[Value], b: Sequence[Value]) -> bool:
    return len(a) == len(b) and all(p is q for p, q in zip(a, b))


def _batches(n: int, batch_size: int | None, total: int, rng) -> Iterator:
    """``total`` batches of sample indices: None (all samples) or shuffled mini-batches,
    epoch after epoch (each epoch a new permutation from the same generator)."""
    if batch_size is None:
        return itertools.repeat(None, total)
    epochs = (batch_indices(n, batch_size, random_state=rng) for _ in itertools.count())
    return itertools.islice(itertools.chain.from_iterable(epochs), total)


@contextlib.contextmanager
def _updates_not_interrupted():
    """Hold back Ctrl-C while the parameters are being updated, then deliver it.

    Only in the main thread with Python's own SIGINT handler in place;
    elsewhere there is nothing to hold back (or someone else handles it).
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


__all__ = ["step_count", "History", "fit", "predict", "accuracy", "scores", "output_threshold"]
