"""Optimizers and learning-rate schedules, with PyTorch's names and PyTorch's arithmetic.

An optimizer holds a list of parameters (``model.parameters()``); after
``loss.backward()``, ``step()`` changes each parameter's ``.data`` in place and
``zero_grad()`` sets the gradients back to 0. ``SGD``, ``Adam`` and ``AdamW``
follow ``torch.optim``'s single-tensor implementations operation by operation,
in the same order. They agree with torch to about 1e-16 per step, not to the
bit: torch's CPU kernels fuse ``p + alpha*g`` into one multiply-add (one
rounding instead of two), which Python floats cannot do; plain SGD keeps
micrograd's ``p.data -= lr * p.grad`` bit for bit instead.

A schedule is an object bound to an optimizer, as in ``torch.optim.lr_scheduler``:
``scheduler.step()`` after each ``optimizer.step()`` moves to the next step and
sets ``optimizer.lr``; ``get_last_lr()`` returns ``[lr]`` and ``lr_at(k)`` the
learning rate of step ``k`` from a closed formula (never a running product),
so micrograd's ``1.0 - 0.9*k/100`` comes out to the last bit.

>>> from retrograd import Value
>>> w = Value(2.0)
>>> opt = SGD([w], lr=0.1)
>>> loss = w * w
>>> opt.zero_grad(); loss.backward(); opt.step()
>>> w.data
1.6
"""

from __future__ import annotations

import math
import numbers
from abc import ABC, abstractmethod
from typing import Callable, Iterable

import numpy as np

from .arguments import check_count
from .engine import Value


class Optimizer(ABC):
    """The common part: the parameters, the learning rate ``lr``, ``zero_grad()``.

    ``step()`` is each optimizer's own update rule.
    """

    def __init__(self, params: Iterable[Value], lr: float):
        name = type(self).__name__
        if hasattr(params, "parameters"):
            raise TypeError(f"{name}: got the model itself ({type(params).__name__}); pass its "
                            f"parameters: {name}(model.parameters(), lr=...)")
        if callable(params):
            raise TypeError(f"{name}: got the method {getattr(params, '__name__', params)!r} "
                            f"instead of its result; call it: model.parameters()")
        params = list(params)
        if not params:
            raise ValueError(f"{type(self).__name__}: got an empty list of parameters; "
                             f"pass model.parameters()")
        for p in params:
            if not isinstance(p, Value):
                raise TypeError(f"{type(self).__name__}: parameters must be Values "
                                f"(model.parameters()), got {p!r}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{type(self).__name__}: a parameter appears twice in the list; "
                             f"it would be updated twice per step")
        self.params: list[Value] = params
        self.lr = _check_hyper(type(self).__name__, "lr", lr)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (before the next ``backward()``)."""
        for p in self.params:
            p.grad = 0

    @abstractmethod
    def step(self) -> None:
        """Update every parameter's ``.data`` from its ``.grad`` (each optimizer's own rule)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr!r})"


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum and weight decay (``torch.optim.SGD``).

    Per parameter ``p`` with gradient ``g``: ``g += weight_decay * p``; with
    momentum, ``buf = g`` at the first step and ``buf = momentum*buf + (1 -
    dampening)*g`` after, then ``g = buf`` (or ``g + momentum*buf`` with
    Nesterov); finally ``p -= lr * g``. Without momentum or weight decay this
    is micrograd's update ``p.data -= lr * p.grad``, bit for bit. Exact numbers
    (ints, fractions) stay exact.

    >>> from retrograd import Value
    >>> w = Value(1.0); opt = SGD([w], lr=0.5, momentum=0.5)
    >>> for _ in range(2):
    ...     w.grad = 1.0; opt.step()
    >>> w.data
    -0.25
    """

    def __init__(self, params: Iterable[Value], lr: float = 1e-3, momentum: float = 0.0,
                 dampening: float = 0.0, weight_decay: float = 0.0, nesterov: bool = False,
                 maximize: bool = False):
        super().__init__(params, lr)
        self.momentum = _check_hyper("SGD", "momentum", momentum)
        self.dampening = _check_hyper("SGD", "dampening", dampening, allow_negative=True)
        self.weight_decay = _check_hyper("SGD", "weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("SGD: Nesterov momentum needs momentum > 0 and dampening = 0")
        self.nesterov = bool(nesterov)
        self.maximize = bool(maximize)
        self.momentum_buffers: list = [None] * len(self.params)

    def step(self) -> None:
        lr, momentum, wd = self.lr, self.momentum, self.weight_decay
        for i, p in enumerate(self.params):
            g = -p.grad if self.maximize else p.grad
            if wd != 0:
                g = g + wd * p.data
            if momentum != 0:
                buf = self.momentum_buffers[i]
                buf = g if buf is None else buf * momentum + (1 - self.dampening) * g
                self.momentum_buffers[i] = buf
                g = g + momentum * buf if self.nesterov else buf
            p.data = p.data + -lr * g


class Adam(Optimizer):
    """Adam (``torch.optim.Adam``), in float64, with torch's bias corrections.

    Per parameter, at step ``t``: ``m`` moves towards ``g`` by ``1 - beta1``,
    ``v = beta2*v + (1 - beta2)*g*g``, and
    ``p -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)``.
    ``weight_decay`` adds ``weight_decay * p`` to the gradient (L2);
    ``AdamW`` decays the weight itself instead.

    >>> from retrograd import Value
    >>> w = Value(1.0); opt = Adam([w], lr=0.1)
    >>> w.grad = 3.0; opt.step()
    >>> round(w.data, 6)
    0.9
    """

    _decoupled = False

    def __init__(self, params: Iterable[Value], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, maximize: bool = False):
        super().__init__(params, lr)
        name = type(self).__name__
        if len(betas) != 2 or not all(0 <= _check_hyper(name, "betas", b) < 1 for b in betas):
            raise ValueError(f"{name}: betas must be two numbers in [0, 1), got {betas!r}")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = _check_hyper(name, "eps", eps)
        self.weight_decay = _check_hyper(name, "weight_decay", weight_decay)
        self.amsgrad = bool(amsgrad)
        self.maximize = bool(maximize)
        n = len(self.params)
        self.steps = 0
        self.exp_avg = [0.0] * n
        self.exp_avg_sq = [0.0] * n
        self.max_exp_avg_sq = [0.0] * n

    def step(self) -> None:
        lr, wd, eps = self.lr, self.weight_decay, self.eps
        beta1, beta2 = self.betas
        self.steps += 1
        t = float(self.steps)
        weight = 1 - beta1  # torch: exp_avg.lerp_(grad, 1 - beta1)
        bias_correction1 = 1 - beta1**t
        bias_correction2 = 1 - beta2**t
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        for i, p in enumerate(self.params):
            array = type(p.data) is np.ndarray  # an array parameter: whole-array operations
            g = p.grad if array else float(p.grad)
            if self.maximize:
                g = -g
            x = p.data if array else float(p.data)
            if wd != 0:
                if self._decoupled:
                    x = x * (1 - lr * wd)
                else:
                    g = g + wd * x
            m = self.exp_avg[i]
            # torch's lerp: start + w*(end - start) for |w| < 0.5, else end - (end - start)*(1 - w)
            m = m + weight * (g - m) if abs(weight) < 0.5 else g - (g - m) * (1 - weight)
            v = self.exp_avg_sq[i] * beta2 + (1 - beta2) * g * g
            self.exp_avg[i], self.exp_avg_sq[i] = m, v
            if self.amsgrad:
                v = self.max_exp_avg_sq[i] = (np.maximum if array else max)(
                    self.max_exp_avg_sq[i], v)
            denom = (np.sqrt(v) if array else math.sqrt(v)) / bias_correction2_sqrt + eps
            p.data = x + -step_size * m / denom  # torch's addcdiv: p + (value*m)/denom


class AdamW(Adam):
    """Adam with decoupled weight decay (``torch.optim.AdamW``): before the Adam
    update, ``p *= 1 - lr * weight_decay``.

    >>> from retrograd import Value
    >>> w = Value(1.0); opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> w.grad = 0.0; opt.step()
    >>> w.data
    0.95
    """

    _decoupled = True

    def __init__(self, params: Iterable[Value], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, maximize: bool = False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, maximize=maximize)


OPTIMIZERS: dict[str, type[Optimizer]] = {"sgd": SGD, "adam": Adam, "adamw": AdamW}


def make_optimizer(name: str, params: Iterable[Value], lr: float | None = None,
                   **kwargs) -> Optimizer:
    """The optimizer called ``name`` (sgd, adam, adamw) over ``params``; ``lr=None``
    keeps the class's default.

    >>> from retrograd import Value
    >>> make_optimizer("adam", [Value(1.0)], lr=0.01)
    Adam(1 parameters, lr=0.01)
    """
    cls = OPTIMIZERS.get(str(name).lower())
    if cls is None:
        raise ValueError(f"make_optimizer: no optimizer named {name!r}; choose one of "
                         f"{', '.join(OPTIMIZERS)}")
    if lr is not None:
        kwargs["lr"] = lr
    return cls(params, **kwargs)


# -- learning-rate schedules ------------------------------------------------------


class LRScheduler(ABC):
    """A learning rate that changes with the step number, bound to an optimizer.

    At construction the optimizer's ``lr`` becomes the schedule's base rate and
    is set to ``lr_at(0)``; each ``step()`` moves on one step and sets
    ``optimizer.lr = lr_at(k)``. Subclasses define ``factor(k)``, the multiplier
    of the base rate at step ``k``.
    """

    def __init__(self, optimizer: Optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__}: expected an optimizer such as "
                            f"SGD(model.parameters(), lr=...), got {optimizer!r}")
        self.optimizer = optimizer
        self.base_lr = optimizer.lr
        self.last_epoch = 0  # torch's name for the number of step() calls so far
        optimizer.lr = self.lr_at(0)

    @abstractmethod
    def factor(self, k: int) -> float:
        """The multiplier of the base learning rate at step ``k``."""

    def lr_at(self, k: int) -> float:
        """The learning rate of step ``k`` (0 is the first step); ``inf`` where it
        outgrows a float (a factor above 1 after many steps), as in PyTorch."""
        try:
            return self.base_lr * self.factor(k)
        except OverflowError:
            return math.inf

    def step(self) -> None:
        self.last_epoch += 1
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def get_last_lr(self) -> list[float]:
        """``[lr]``, the rate of the current step (a list, as torch has one per group)."""
        return [self.optimizer.lr]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_lr={self.base_lr!r}, step={self.last_epoch})"


class LambdaLR(LRScheduler):
    """``lr = base_lr * lr_lambda(k)``.

    >>> from retrograd import Value
    >>> s = LambdaLR(SGD([Value(0.0)], lr=1.0), lambda k: 1.0 - 0.9 * k / 100)
    >>> [s.lr_at(k) for k in (0, 1, 50)]
    [1.0, 0.991, 0.55]
    """

    def __init__(self, optimizer: Optimizer, lr_lambda: Callable[[int], float]):
        if not callable(lr_lambda):
            raise TypeError(f"LambdaLR: lr_lambda must be a function of the step, got {lr_lambda!r}")
        self.lr_lambda = lr_lambda
        super().__init__(optimizer)

    def factor(self, k: int) -> float:
        return self.lr_lambda(k)


class LinearLR(LRScheduler):
    """A straight line from ``start_factor * lr`` to ``end_factor * lr`` over
    ``total_iters`` steps, then constant (``torch.optim.lr_scheduler.LinearLR``).

    ``LinearLR(SGD(params, lr=1.0), 1.0, 0.1, 100)`` is micrograd's demo schedule
    ``1.0 - 0.9*k/100``, exactly.

    >>> from retrograd import Value
    >>> s = LinearLR(SGD([Value(0.0)], lr=1.0), start_factor=1.0, end_factor=0.1, total_iters=100)
    >>> [s.lr_at(k) for k in (0, 1, 50, 100, 150)]
    [1.0, 0.991, 0.55, 0.09999999999999998, 0.09999999999999998]
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3,
                 end_factor: float = 1.0, total_iters: int = 5):
        check_count("LinearLR", "total_iters", total_iters)
        self.start_factor = _check_hyper("LinearLR", "start_factor", start_factor)
        self.end_factor = _check_hyper("LinearLR", "end_factor", end_factor)
        self.total_iters = total_iters
        super().__init__(optimizer)

    def factor(self, k: int) -> float:
        k = min(k, self.total_iters)
        return self.start_factor + (self.end_factor - self.start_factor) * k / self.total_iters


class ExponentialLR(LRScheduler):
    """``lr = base_lr * gamma**k``: the lab's rate, "starts at 1 and falls by 10% each
    iteration", is ``ExponentialLR(SGD(params, lr=1.0), gamma=0.9)``.

    >>> from retrograd import Value
    >>> s = ExponentialLR(SGD([Value(0.0)], lr=1.0), gamma=0.9)
    >>> [s.lr_at(k) for k in range(4)]
    [1.0, 0.9, 0.81, 0.7290000000000001]
    """

    def __init__(self, optimizer: Optimizer, gamma: float):
        self.gamma = _check_hyper("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer)

    def factor(self, k: int) -> float:
        return _power(self.gamma, k)


class StepLR(LRScheduler):
    """``lr = base_lr * gamma**(k // step_size)``: divided by ``1/gamma`` every ``step_size`` steps.

    >>> from retrograd import Value
    >>> s = StepLR(SGD([Value(0.0)], lr=1.0), step_size=2, gamma=0.5)
    >>> [s.lr_at(k) for k in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1):
        check_count("StepLR", "step_size", step_size)
        self.step_size = step_size
        self.gamma = _check_hyper("StepLR", "gamma", gamma)
        super().__init__(optimizer)

    def factor(self, k: int) -> float:
        return _power(self.gamma, k // self.step_size)


SCHEDULES = ("constant", "linear", "exponential", "step")


def make_scheduler(name: str, optimizer: Optimizer, total_steps: int,
                   gamma: float | None = None) -> LRScheduler | None:
    """A schedule by name, for ``total_steps`` steps of training.

    - ``constant``: no schedule (returns ``None``);
    - ``linear``: from ``lr`` down to ``lr/10`` over the training, micrograd's demo;
    - ``exponential``: ``lr * gamma**k``, gamma 0.9 by default (the lab's);
    - ``step``: ``lr * gamma**(k // (total_steps // 3))``, gamma 0.1 by default.

    >>> from retrograd import Value
    >>> make_scheduler("linear", SGD([Value(0.0)], lr=1.0), 100).lr_at(1)
    0.991
    """
    check_count("make_scheduler", "total_steps", total_steps)
    if name == "constant":
        if gamma is not None:
            raise ValueError("make_scheduler: gamma has no meaning for a constant rate")
        return None
    if name == "linear":
        if gamma is not None:
            raise ValueError("make_scheduler: gamma has no meaning for the linear schedule")
        return LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=total_steps)
    if name == "exponential":
        return ExponentialLR(optimizer, gamma=0.9 if gamma is None else gamma)
    if name == "step":
        return StepLR(optimizer, step_size=max(1, total_steps // 3),
                      gamma=0.1 if gamma is None else gamma)
    raise ValueError(f"make_scheduler: no schedule named {name!r}; choose one of "
                     f"{', '.join(SCHEDULES)}")


def _power(gamma, k: int):
    """``gamma**k``, in floats when ``gamma > 1``: a whole-number gamma would otherwise grow
    an integer of thousands of digits; an overflow is caught by ``lr_at``."""
    return float(gamma) ** k if gamma > 1 else gamma**k


def _check_hyper(where: str, name: str, x, allow_negative: bool = False) -> float:
    """One rule for every hyperparameter: a finite real number (>= 0 unless allowed)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{where}: {name} must be a number, got {x!r}")
    if x != x or x in (math.inf, -math.inf):
        raise ValueError(f"{where}: {name} must be a finite number, got {x!r}")
    if x < 0 and not allow_negative:
        raise ValueError(f"{where}: {name} must be >= 0, got {x!r}")
    return x


__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "OPTIMIZERS", "make_optimizer",
           "LRScheduler", "LambdaLR", "LinearLR", "ExponentialLR", "StepLR", "SCHEDULES",
           "make_scheduler"]
